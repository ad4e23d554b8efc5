// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "httpconnection.h"

#include "httpresponder.h"

#include <QTcpSocket>

#include <algorithm>
#include <utility>

#include <sys/socket.h>

namespace {

constexpr qsizetype kReadChunkBytes = 64 * 1024;
// A stream to a client that stops reading is cut off rather than buffered without end.
constexpr qint64 kMaxUnsentStreamBytes = 8 * 1024 * 1024;
// After the last byte is sent, how long to wait for the client to close its side.
constexpr int kLingerMs = 2'000;

QString peerText(const QTcpSocket *socket) {
    // IPv4-mapped IPv6 peers (dual-stack listening) are shown as IPv4.
    bool isV4 = false;
    const quint32 v4 = socket->peerAddress().toIPv4Address(&isV4);
    const QString host = isV4 ? QHostAddress(v4).toString() : socket->peerAddress().toString();
    return host + u':' + QString::number(socket->peerPort());
}

} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, const ControlServer::Handler &handler,
                               const ControlServer::Limits &limits, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_handler(handler)
    , m_limits(limits)
    , m_parser(limits.parser)
    // A head up to the limit must fit, or the parser could neither finish nor refuse it.
    , m_maxBuffered(std::max(kReadChunkBytes, limits.parser.maxHeaderBytes + 1))
    , m_peer(peerText(socket)) {
    m_socket->setParent(this);
    // Unread bytes (a pipelined request while one is handled) stop at this, and TCP flow
    // control holds back the rest.
    m_socket->setReadBufferSize(kReadChunkBytes);
    m_requestTimer.setSingleShot(true);
    m_idleTimer.setSingleShot(true);
    m_closeTimer.setSingleShot(true);
    m_lifetimeTimer.setSingleShot(true);

    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::pump);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &HttpConnection::onBytesWritten);
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpConnection::onDisconnected);
    connect(
        m_socket, &QTcpSocket::errorOccurred, this,
        [this] {
            if (m_socket->state() == QAbstractSocket::UnconnectedState)
                onDisconnected();
        },
        Qt::QueuedConnection);
    connect(&m_requestTimer, &QTimer::timeout, this, [this] {
        fail(408,
             QStringLiteral("request not complete within %1 ms").arg(m_limits.requestTimeoutMs));
    });
    connect(&m_idleTimer, &QTimer::timeout, this, [this] {
        qCDebug(lcControl).noquote() << m_peer << "idle connection closed";
        closeGracefully();
    });
    connect(&m_closeTimer, &QTimer::timeout, this, &HttpConnection::abort);
    connect(&m_lifetimeTimer, &QTimer::timeout, this, [this] {
        m_lifetimeOver = true;
        // Between requests it closes now; otherwise after the answer in progress.
        if (m_phase == Phase::Reading && m_buffer.isEmpty() && !m_requestTimer.isActive())
            closeGracefully();
    });
}

HttpConnection::~HttpConnection() {
    disconnect(m_socket, nullptr, this, nullptr);
    if (HttpResponder *responder = std::exchange(m_responder, nullptr))
        responder->connectionClosed();
}

void HttpConnection::start() {
    // A connection that never sends a request is cut off sooner than an idle keep-alive one.
    m_idleTimer.start(std::min(m_limits.firstRequestTimeoutMs, m_limits.idleTimeoutMs));
    m_lifetimeTimer.start(m_limits.maxLifetimeMs);
    pump();
}

void HttpConnection::abort() {
    if (m_phase == Phase::Closed)
        return;
    m_socket->abort();
    onDisconnected();
}

void HttpConnection::refuse(int status, const QString &reason) {
    fail(status, reason);
}

qint64 HttpConnection::bufferedBytes() const {
    if (m_phase == Phase::Closed)
        return 0;
    return m_socket->bytesToWrite() + m_socket->bytesAvailable() + m_buffer.size() +
           m_parser.bufferedBytes();
}

bool HttpConnection::answersOverflowing() const {
    return m_socket->bytesToWrite() > m_limits.maxUnsentBytes;
}

void HttpConnection::pump() {
    if (m_phase == Phase::Closing) {
        // Lingering: what the client still sends is read and dropped, so its close is seen
        // and the kernel does not reset the connection under the unread response.
        m_socket->skip(m_socket->bytesAvailable());
        return;
    }
    if (m_pumping)
        return;
    m_pumping = true;
    while (m_phase == Phase::Reading) {
        // A client that pipelines requests and reads no answers holds at most this much:
        // the next request waits (in TCP, not here) until it has read some.
        if (answersOverflowing()) {
            m_readingPaused = true;
            break;
        }
        if (m_buffer.size() < m_maxBuffered && m_socket->bytesAvailable() > 0)
            m_buffer.append(m_socket->read(m_maxBuffered - m_buffer.size()));
        if (m_buffer.isEmpty())
            break;
        if (!m_requestTimer.isActive()) {
            m_idleTimer.stop();
            m_requestTimer.start(m_limits.requestTimeoutMs);
        }
        const HttpRequestParser::State state = m_parser.feed(m_buffer);
        if (state == HttpRequestParser::State::Failed) {
            fail(m_parser.errorStatus(), m_parser.errorReason());
            break;
        }
        if (state == HttpRequestParser::State::NeedMore) {
            if (m_parser.expectsContinue() && !m_continueSent) {
                m_continueSent = true;
                m_socket->write(QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n"));
            }
            if (m_socket->bytesAvailable() == 0 || m_buffer.size() >= m_maxBuffered)
                break;
            continue;
        }
        m_requestTimer.stop();
        dispatch(m_parser.takeRequest());
    }
    if (m_phase == Phase::Reading && !m_requestTimer.isActive() && !m_idleTimer.isActive())
        m_idleTimer.start(m_limits.idleTimeoutMs);
    m_pumping = false;
}

void HttpConnection::schedulePump() {
    if (m_pumpScheduled)
        return;
    m_pumpScheduled = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_pumpScheduled = false;
            pump();
        },
        Qt::QueuedConnection);
}

void HttpConnection::dispatch(HttpRequest request) {
    request.peer = m_socket->peerAddress();
    // Dual-stack listening sees IPv4 clients as IPv4-mapped IPv6; handlers see plain IPv4.
    bool isV4 = false;
    const quint32 v4 = request.peer.toIPv4Address(&isV4);
    if (isV4)
        request.peer = QHostAddress(v4);
    m_requestLine = request.method + ' ' + request.path;
    m_continueSent = false;
    const bool lastRequest = ++m_requests >= m_limits.maxRequestsPerConnection || m_lifetimeOver;
    const bool upgrade = std::any_of(request.headers.cbegin(), request.headers.cend(),
                                     [](const auto &header) { return header.first == "upgrade"; });
    if (upgrade) {
        fail(400, QStringLiteral("protocol upgrades are not supported"));
        return;
    }
    m_phase = Phase::Handling;
    m_responder = new HttpResponder(this, request, lastRequest || !request.wantsKeepAlive(), this);
    if (!m_handler) {
        m_responder->send(HttpResponse::error(500, QStringLiteral("no handler")));
        return;
    }
    m_handler(request, m_responder);
}

void HttpConnection::fail(int status, const QString &reason) {
    if (m_phase != Phase::Reading)
        return;
    qCDebug(lcControl).noquote() << m_peer << "request refused:" << status << reason;
    m_requestTimer.stop();
    m_idleTimer.stop();
    m_phase = Phase::Handling;
    HttpRequest request;
    request.version = QByteArrayLiteral("HTTP/1.1");
    m_responder = new HttpResponder(this, request, true, this);
    m_responder->send(HttpResponse::error(status, reason));
}

void HttpConnection::writeResponseBytes(const QByteArray &bytes) {
    if (m_phase == Phase::Closed || m_abortQueued)
        return;
    m_socket->write(bytes);
    if (m_socket->bytesToWrite() > kMaxUnsentStreamBytes && m_responder &&
        m_responder->m_phase == HttpResponder::Phase::Streaming) {
        m_abortQueued = true;
        qCWarning(lcControl).noquote()
            << m_peer << "stopped reading a streamed response; closing the connection";
        // Not from inside the handler's call: it learns through closed() a moment later.
        QMetaObject::invokeMethod(this, &HttpConnection::abort, Qt::QueuedConnection);
    }
}

void HttpConnection::responseComplete(HttpResponder *responder, int status, bool closeAfter) {
    if (!m_requestLine.isEmpty())
        qCDebug(lcControl).noquote() << m_peer << m_requestLine << status;
    m_requestLine.clear();
    if (m_responder == responder)
        m_responder = nullptr;
    responder->deleteLater();
    if (m_phase != Phase::Handling)
        return;
    if (closeAfter || m_lifetimeOver) {
        closeGracefully();
        return;
    }
    m_phase = Phase::Reading;
    m_continueSent = false;
    // Inside pump() (the handler answered at once) its loop goes on with the next request;
    // otherwise the next one is read from the event loop, not from inside the handler's call.
    if (!m_pumping)
        schedulePump();
}

void HttpConnection::closeGracefully() {
    if (m_phase == Phase::Closing || m_phase == Phase::Closed)
        return;
    m_phase = Phase::Closing;
    m_requestTimer.stop();
    m_idleTimer.stop();
    // Unsent bytes that make no progress for this long are given up.
    m_closeTimer.start(m_limits.idleTimeoutMs);
    if (m_socket->bytesToWrite() == 0)
        shutdownSending();
}

void HttpConnection::onBytesWritten() {
    if (m_phase == Phase::Reading && m_readingPaused) {
        // The client reads: it is not idle, and once it has caught up the next request is read.
        if (m_idleTimer.isActive())
            m_idleTimer.start(m_limits.idleTimeoutMs);
        if (!answersOverflowing()) {
            m_readingPaused = false;
            schedulePump();
        }
        return;
    }
    if (m_phase != Phase::Closing || m_sendingShutDown)
        return;
    m_closeTimer.start(m_limits.idleTimeoutMs);
    if (m_socket->bytesToWrite() == 0)
        shutdownSending();
}

void HttpConnection::shutdownSending() {
    m_sendingShutDown = true;
    // The client reads the response to its end and then sees the close; a plain close with
    // its request unread would reset the connection and could lose the response.
    ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
    m_closeTimer.start(std::min(kLingerMs, m_limits.idleTimeoutMs));
    pump();
}

void HttpConnection::onDisconnected() {
    if (m_phase == Phase::Closed)
        return;
    m_phase = Phase::Closed;
    m_requestTimer.stop();
    m_idleTimer.stop();
    m_closeTimer.stop();
    m_lifetimeTimer.stop();
    if (HttpResponder *responder = std::exchange(m_responder, nullptr)) {
        qCDebug(lcControl).noquote()
            << m_peer << "went away before" << m_requestLine << "was answered";
        responder->connectionClosed();
        responder->deleteLater();
    }
    Q_EMIT finished();
}

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "httpresponder.h"

#include "controlserver.h"
#include "httpconnection.h"

#include <utility>

namespace {

QByteArray reasonPhrase(int status) {
    switch (status) {
    case 200:
        return QByteArrayLiteral("OK");
    case 201:
        return QByteArrayLiteral("Created");
    case 202:
        return QByteArrayLiteral("Accepted");
    case 204:
        return QByteArrayLiteral("No Content");
    case 304:
        return QByteArrayLiteral("Not Modified");
    case 400:
        return QByteArrayLiteral("Bad Request");
    case 401:
        return QByteArrayLiteral("Unauthorized");
    case 403:
        return QByteArrayLiteral("Forbidden");
    case 404:
        return QByteArrayLiteral("Not Found");
    case 405:
        return QByteArrayLiteral("Method Not Allowed");
    case 408:
        return QByteArrayLiteral("Request Timeout");
    case 409:
        return QByteArrayLiteral("Conflict");
    case 411:
        return QByteArrayLiteral("Length Required");
    case 413:
        return QByteArrayLiteral("Content Too Large");
    case 415:
        return QByteArrayLiteral("Unsupported Media Type");
    case 422:
        return QByteArrayLiteral("Unprocessable Content");
    case 429:
        return QByteArrayLiteral("Too Many Requests");
    case 431:
        return QByteArrayLiteral("Request Header Fields Too Large");
    case 500:
        return QByteArrayLiteral("Internal Server Error");
    case 501:
        return QByteArrayLiteral("Not Implemented");
    case 502:
        return QByteArrayLiteral("Bad Gateway");
    case 503:
        return QByteArrayLiteral("Service Unavailable");
    case 504:
        return QByteArrayLiteral("Gateway Timeout");
    case 505:
        return QByteArrayLiteral("HTTP Version Not Supported");
    default:
        return QByteArray(); // the reason phrase is optional (RFC 9112 §4)
    }
}

// These describe the connection and the framing, which only the server may decide.
bool isServerHeader(const QByteArray &name) {
    static constexpr const char *kNames[] = {"content-length", "transfer-encoding", "connection",
                                             "keep-alive", "upgrade"};
    for (const char *server : kNames) {
        if (name.compare(server, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

bool isValidHeader(const QByteArray &name, const QByteArray &value) {
    if (name.isEmpty())
        return false;
    for (const char c : name) {
        if (c <= ' ' || c >= 0x7f || c == ':')
            return false;
    }
    for (const char c : value) {
        if (c == '\r' || c == '\n' || c == '\0')
            return false;
    }
    return true;
}

bool hasNoBody(int status) {
    return status == 204 || status == 304;
}

int checkedStatus(int status) {
    if (status >= 200 && status <= 599)
        return status;
    qCWarning(lcControl) << "handler answered with invalid HTTP status" << status
                         << "; sending 500";
    return 500;
}

} // namespace

HttpResponder::HttpResponder(QObject *parent)
    : QObject(parent) {
    m_recorded.status = 0;
}

HttpResponder::HttpResponder(HttpConnection *connection, const HttpRequest &request,
                             bool closeAfter, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_standalone(false)
    , m_headOnly(request.method == "HEAD")
    , m_closeAfter(closeAfter)
    , m_http10(request.version == "HTTP/1.0") {
    m_recorded.status = 0;
    // HTTP/1.0 has no chunked encoding: a stream ends when the connection does.
    m_chunked = !m_http10;
}

HttpResponder::~HttpResponder() {
    // A handler that drops its responder without answering must not leave the client waiting.
    if (m_connection && m_phase == Phase::Waiting) {
        m_closeAfter = true;
        send(HttpResponse::error(500, QStringLiteral("the request was not answered")));
    } else if (m_connection && m_phase == Phase::Streaming) {
        m_closeAfter = true;
        endStream();
    }
}

bool HttpResponder::isOpen() const {
    return m_phase == Phase::Waiting || m_phase == Phase::Streaming;
}

void HttpResponder::markAuthenticated() {
    if (m_connection)
        m_connection->markAuthenticated();
}

void HttpResponder::send(const HttpResponse &response) {
    if (m_phase != Phase::Waiting)
        return;
    m_status = checkedStatus(response.status);
    if (m_standalone) {
        m_recorded = response;
        m_recorded.status = m_status;
        finish();
        return;
    }
    const bool withBody = !hasNoBody(m_status);
    QByteArray bytes = head(m_status, response.headers, withBody ? response.body.size() : -1);
    if (withBody && !m_headOnly)
        bytes.append(response.body);
    write(bytes);
    finish();
}

void HttpResponder::startStream(int status, const QByteArray &contentType) {
    if (m_phase != Phase::Waiting)
        return;
    if (hasNoBody(status)) {
        send(HttpResponse{status, {}, {}});
        return;
    }
    m_status = checkedStatus(status);
    m_phase = Phase::Streaming;
    const HttpHeaders headers = {
        {QByteArrayLiteral("Content-Type"), contentType},
        {QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-cache")}};
    if (m_standalone) {
        m_recorded.status = m_status;
        m_recorded.headers = headers;
        return;
    }
    if (!m_chunked)
        m_closeAfter = true;
    write(head(m_status, headers, -1));
}

void HttpResponder::streamChunk(const QByteArray &data) {
    // An empty chunk would end the stream; there is nothing to send anyway.
    if (m_phase != Phase::Streaming || data.isEmpty())
        return;
    if (m_standalone) {
        m_recorded.body.append(data);
        return;
    }
    if (m_headOnly)
        return;
    if (!m_chunked) {
        write(data);
        return;
    }
    QByteArray bytes = QByteArray::number(data.size(), 16);
    bytes.append("\r\n");
    bytes.append(data);
    bytes.append("\r\n");
    write(bytes);
}

void HttpResponder::endStream() {
    if (m_phase != Phase::Streaming)
        return;
    if (!m_standalone && m_chunked && !m_headOnly)
        write(QByteArrayLiteral("0\r\n\r\n"));
    finish();
}

QByteArray HttpResponder::head(int status, const HttpHeaders &headers,
                               qsizetype contentLength) const {
    QByteArray out;
    out.append("HTTP/1.1 ").append(QByteArray::number(status)).append(' ');
    out.append(reasonPhrase(status)).append("\r\n");
    for (const auto &[name, value] : headers) {
        if (isServerHeader(name))
            continue;
        if (!isValidHeader(name, value)) {
            qCWarning(lcControl) << "dropped invalid response header" << name;
            continue;
        }
        out.append(name).append(": ").append(value).append("\r\n");
    }
    if (contentLength >= 0)
        out.append("Content-Length: ").append(QByteArray::number(contentLength)).append("\r\n");
    else if (m_phase == Phase::Streaming && m_chunked)
        out.append("Transfer-Encoding: chunked\r\n");
    if (m_closeAfter)
        out.append("Connection: close\r\n");
    else if (m_http10)
        out.append("Connection: keep-alive\r\n");
    out.append("\r\n");
    return out;
}

void HttpResponder::write(const QByteArray &bytes) {
    if (m_connection)
        m_connection->writeResponseBytes(bytes);
}

void HttpResponder::finish() {
    m_phase = Phase::Done;
    if (HttpConnection *connection = std::exchange(m_connection, nullptr))
        connection->responseComplete(this, m_status, m_closeAfter);
}

void HttpResponder::connectionClosed() {
    m_connection = nullptr;
    if (m_phase != Phase::Waiting && m_phase != Phase::Streaming)
        return;
    m_phase = Phase::Closed;
    Q_EMIT closed();
}

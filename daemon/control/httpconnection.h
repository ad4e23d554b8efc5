// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "controlserver.h"
#include "httprequestparser.h"

#include <QByteArray>
#include <QObject>
#include <QTimer>

class HttpResponder;
class QTcpSocket;

// One client connection of the control server: reads requests one at a time, hands each to the
// handler, writes the answer, and enforces the time and size limits. Bytes of a pipelined next
// request stay unread until the current response is complete and, while more than
// Limits::maxUnsentBytes of answers wait to be sent, until the client has read them.
class HttpConnection : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpConnection)

public:
    // Takes ownership of `socket`.
    HttpConnection(QTcpSocket *socket, const ControlServer::Handler &handler,
                   const ControlServer::Limits &limits, QObject *parent);
    ~HttpConnection() override;

    void start();
    // Closes at once; a response in progress sees closed().
    void abort();
    // Answers `status` (503 for a server at its limit, for instance) and closes.
    void refuse(int status, const QString &reason);

    // Never authenticated a request, and no request is being answered: the first to go when
    // the server needs room.
    bool isEvictable() const { return !m_authenticated && m_phase == Phase::Reading; }
    // Bytes held for this client: read and not yet handled, answered and not yet sent.
    qint64 bufferedBytes() const;
    const QString &peer() const { return m_peer; }

Q_SIGNALS:
    // The socket is closed; the server forgets the connection and deletes it.
    void finished();

private:
    friend class HttpResponder;
    enum class Phase { Reading, Handling, Closing, Closed };

    void pump();
    void schedulePump();
    void dispatch(HttpRequest request);
    void fail(int status, const QString &reason);
    void closeGracefully();
    void shutdownSending();
    void onBytesWritten();
    void onDisconnected();
    void abortLater();
    bool answersOverflowing() const;

    // Called by the current responder.
    void writeResponseBytes(const QByteArray &bytes);
    void responseComplete(HttpResponder *responder, int status, bool closeAfter);
    void markAuthenticated() { m_authenticated = true; }

    QTcpSocket *m_socket;
    ControlServer::Handler m_handler;
    ControlServer::Limits m_limits;
    HttpRequestParser m_parser;
    QByteArray m_buffer;
    qsizetype m_maxBuffered;
    QString m_peer;
    Phase m_phase = Phase::Reading;
    HttpResponder *m_responder = nullptr;
    QByteArray m_requestLine; // method and path of the request in progress, for the log
    bool m_pumping = false;
    bool m_pumpScheduled = false;
    bool m_continueSent = false;
    bool m_sendingShutDown = false;
    bool m_abortQueued = false;   // a stream's client stopped reading
    bool m_readingPaused = false; // too many answer bytes unsent: requests wait in TCP
    bool m_authenticated = false;
    bool m_lifetimeOver = false;
    int m_requests = 0;
    QTimer m_requestTimer; // first byte of a request to its last
    QTimer m_idleTimer;    // no request in progress
    QTimer m_closeTimer;   // bounds a close: unsent bytes that make no progress, then lingering
    QTimer m_lifetimeTimer;
};

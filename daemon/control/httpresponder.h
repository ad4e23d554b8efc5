// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "httpmessage.h"

#include <QObject>

class HttpConnection;

// The answer to one request: a whole response, or a stream (chunked) for live data. The handler
// may answer at once or later from the same thread; answering twice is ignored.
//
// The server deletes its responders (deleteLater) once the response is complete or the client
// has gone, after emitting closed(): a handler that answers later keeps a QPointer, or uses the
// responder as the context object of its timers and connections.
//
// A responder made with the public constructor belongs to no connection and records the answer
// instead, so handlers can be tested and fuzzed without a socket.
class HttpResponder : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpResponder)

public:
    explicit HttpResponder(QObject *parent = nullptr);
    ~HttpResponder() override;

    void send(const HttpResponse &response);
    void startStream(int status, const QByteArray &contentType);
    void streamChunk(const QByteArray &data);
    void endStream();

    // An answer can still be given or streamed: not yet complete and the client still there.
    bool isOpen() const;
    // The request was signed with the cluster key: its connection is no longer one a stranger
    // opened, and is not closed to make room for others.
    void markAuthenticated();

    // Without a connection: the answer so far (status 0 before any), streamed chunks appended
    // to the body. Empty on a responder that belongs to a connection.
    const HttpResponse &recorded() const { return m_recorded; }

Q_SIGNALS:
    // The client went away (or the server closed the connection) before the answer was complete.
    void closed();

private:
    friend class HttpConnection;
    enum class Phase { Waiting, Streaming, Done, Closed };

    HttpResponder(HttpConnection *connection, const HttpRequest &request, bool closeAfter,
                  QObject *parent);
    void connectionClosed();
    QByteArray head(int status, const HttpHeaders &headers, qsizetype contentLength) const;
    void write(const QByteArray &bytes);
    void finish();

    HttpConnection *m_connection = nullptr; // null when standalone or once finished
    bool m_standalone = true;
    Phase m_phase = Phase::Waiting;
    int m_status = 0;
    bool m_headOnly = false;
    bool m_chunked = true;
    bool m_closeAfter = false;
    bool m_http10 = false;
    HttpResponse m_recorded;
};

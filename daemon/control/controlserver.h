// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "httpmessage.h"
#include "httprequestparser.h"
#include "ratelimitedlog.h"
#include "result.h"

#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QLoggingCategory>
#include <QObject>

#include <functional>

Q_DECLARE_LOGGING_CATEGORY(lcControl)

class HttpConnection;
class HttpResponder;
class QTcpServer;
class QTcpSocket;

// The control API's HTTP/1.1 server: a small strict one on QTcpServer, because QHttpServer in
// Qt 6.4 has no limits on sizes, connections or idle time and accepts WebSocket upgrades.
// Parsed requests go, one at a time per connection, to a plain handler function, which tests
// and fuzzers can call with a standalone HttpResponder.
//
// Delete the server with deleteLater() when doing so from inside a handler.
class ControlServer : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ControlServer)

public:
    struct Limits {
        HttpRequestParser::Limits parser;
        int maxConnections = 64;
        int requestTimeoutMs = 10'000; // from the first byte of a request to its last
        int idleTimeoutMs = 30'000;    // keep-alive connection with no request in progress
        // One address cannot take every slot; a new connection must start its request soon.
        // Counted per client: an IPv4 address, or an IPv6 /64 (one host's whole allocation).
        int maxConnectionsPerAddress = 16;
        int firstRequestTimeoutMs = 5'000;
        // A connection stops reading requests while more answer bytes than this wait to be
        // sent, so a client that pipelines and never reads costs this plus one request.
        qint64 maxUnsentBytes = 256 * 1024;
        // Then the connection is closed after its current answer; clients reconnect.
        int maxRequestsPerConnection = 1'000;
        int maxLifetimeMs = 15 * 60'000;
    };
    // What the connections hold now, for /metrics.
    struct Usage {
        int connections = 0;
        qint64 bufferedBytes = 0; // requests read and answers not yet sent
        quint64 evicted = 0;      // idle unauthenticated connections closed to make room
        quint64 refused = 0;      // connections refused at a limit
    };
    using Handler = std::function<void(const HttpRequest &, HttpResponder *)>;

    ControlServer(Handler handler, Limits limits, QObject *parent = nullptr);
    ~ControlServer() override;

    // Listens on every address (empty: QHostAddress::Any, IPv4 and IPv6) on `port`; fails
    // naming the address, port and cause unless every one binds, and when already listening.
    // Port 0 picks a free port, the same for all addresses.
    Status listen(const QList<QHostAddress> &addresses, quint16 port);
    // Stops listening and closes every connection.
    void close();

    // The port listened on (0 when not listening).
    quint16 port() const;
    // Open client connections, not counting those being refused at the limit.
    int connectionCount() const { return int(m_connections.size()); }
    Usage usage() const;

    // The key per-client limits count by: the IPv4 address (IPv4-mapped IPv6 included), or
    // the /64 prefix of an IPv6 address, since one host may use any address of its /64.
    static QString clientKey(const QHostAddress &address);

private:
    void acceptPending(QTcpServer *server);
    void refuse(QTcpSocket *socket, const QString &why);
    // Closes the oldest connection that never authenticated a request and is not being
    // answered; false when there is none.
    bool evictOldestIdle(const QString &forClient);

    Handler m_handler;
    Limits m_limits;
    QList<QTcpServer *> m_servers;
    QList<HttpConnection *> m_connections;
    QHash<QString, int> m_connectionsPerAddress;
    int m_refusing = 0;
    quint64 m_evicted = 0;
    quint64 m_refused = 0;
    RateLimitedLog m_refusalLog{5, 60'000};
    RateLimitedLog m_evictionLog{5, 60'000};
};

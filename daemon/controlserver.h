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
        int maxConnectionsPerAddress = 16;
        int firstRequestTimeoutMs = 5'000;
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

private:
    void acceptPending(QTcpServer *server);

    Handler m_handler;
    Limits m_limits;
    QList<QTcpServer *> m_servers;
    QList<HttpConnection *> m_connections;
    QHash<QString, int> m_connectionsPerAddress;
    int m_refusing = 0;
    RateLimitedLog m_refusalLog{5, 60'000};
};

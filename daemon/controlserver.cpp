#include "controlserver.h"

#include "httpconnection.h"

#include <QTcpServer>
#include <QTcpSocket>

#include <utility>

Q_LOGGING_CATEGORY(lcControl, "events.control")

ControlServer::ControlServer(Handler handler, Limits limits, QObject *parent)
    : QObject(parent)
    , m_handler(std::move(handler))
    , m_limits(limits) {
}

ControlServer::~ControlServer() {
    close();
}

Status ControlServer::listen(const QList<QHostAddress> &addresses, quint16 port) {
    if (!m_servers.isEmpty())
        return Status::failure(QStringLiteral("the control server is already listening"));
    const QList<QHostAddress> targets =
        addresses.isEmpty() ? QList<QHostAddress>{QHostAddress(QHostAddress::Any)} : addresses;
    quint16 boundPort = port;
    for (const QHostAddress &address : targets) {
        auto *server = new QTcpServer(this);
        // QTcpServer sets SO_REUSEADDR, which on Linux still refuses a port another socket
        // listens on: a second daemon fails here rather than sharing the port.
        if (!server->listen(address, boundPort)) {
            const QString error =
                QStringLiteral("cannot listen for control connections on TCP %1 port %2: %3")
                    .arg(address.toString())
                    .arg(boundPort)
                    .arg(server->errorString());
            delete server;
            close();
            return Status::failure(error);
        }
        boundPort = server->serverPort();
        connect(server, &QTcpServer::newConnection, this,
                [this, server] { acceptPending(server); });
        m_servers.append(server);
        qCInfo(lcControl).noquote() << QStringLiteral("listening for control connections on TCP "
                                                      "%1 port %2")
                                           .arg(address.toString())
                                           .arg(boundPort);
    }
    return Status::success();
}

void ControlServer::close() {
    qDeleteAll(std::exchange(m_servers, {}));
    // Each one's finished() takes it off the list.
    const QList<HttpConnection *> connections = m_connections;
    for (HttpConnection *connection : connections)
        connection->abort();
}

quint16 ControlServer::port() const {
    return m_servers.isEmpty() ? 0 : m_servers.front()->serverPort();
}

void ControlServer::acceptPending(QTcpServer *server) {
    while (QTcpSocket *socket = server->nextPendingConnection()) {
        const QString address = socket->peerAddress().toString();
        if (m_connections.size() >= m_limits.maxConnections ||
            m_connectionsPerAddress.value(address) >= m_limits.maxConnectionsPerAddress) {
            qint64 suppressed = 0;
            const bool logIt = m_refusalLog.admit(&suppressed);
            if (suppressed > 0)
                qCWarning(lcControl).noquote()
                    << QStringLiteral("%1 more control connections were refused").arg(suppressed);
            if (logIt)
                qCWarning(lcControl).noquote()
                    << QStringLiteral("refused a control connection from %1: already %2 open")
                           .arg(socket->peerAddress().toString())
                           .arg(m_connections.size());
            // Answering takes a moment; a flood of them is cut off without one.
            if (m_refusing >= m_limits.maxConnections) {
                socket->abort();
                socket->deleteLater();
                continue;
            }
            ++m_refusing;
            auto *refused = new HttpConnection(socket, m_handler, m_limits, this);
            connect(refused, &HttpConnection::finished, this, [this, refused] {
                --m_refusing;
                refused->deleteLater();
            });
            refused->refuse(503, QStringLiteral("too many connections"));
            continue;
        }
        auto *connection = new HttpConnection(socket, m_handler, m_limits, this);
        connect(connection, &HttpConnection::finished, this, [this, connection, address] {
            m_connections.removeOne(connection);
            if (--m_connectionsPerAddress[address] <= 0)
                m_connectionsPerAddress.remove(address);
            connection->deleteLater();
        });
        m_connections.append(connection);
        ++m_connectionsPerAddress[address];
        connection->start();
    }
}

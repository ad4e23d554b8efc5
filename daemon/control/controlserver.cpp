// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "controlserver.h"

#include "httpconnection.h"

#include <QTcpServer>
#include <QTcpSocket>

#include <algorithm>
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

ControlServer::Usage ControlServer::usage() const {
    Usage usage;
    usage.connections = int(m_connections.size());
    for (const HttpConnection *connection : m_connections)
        usage.bufferedBytes += connection->bufferedBytes();
    usage.evicted = m_evicted;
    usage.refused = m_refused;
    return usage;
}

QString ControlServer::clientKey(const QHostAddress &address) {
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4)
        return QHostAddress(v4).toString();
    if (address.protocol() != QAbstractSocket::IPv6Protocol)
        return address.toString();
    Q_IPV6ADDR prefix = address.toIPv6Address();
    for (int i = 8; i < 16; ++i)
        prefix[i] = 0;
    return QHostAddress(prefix).toString() + QStringLiteral("/64");
}

void ControlServer::acceptPending(QTcpServer *server) {
    while (QTcpSocket *socket = server->nextPendingConnection()) {
        const QString client = clientKey(socket->peerAddress());
        if (m_connectionsPerAddress.value(client) >= m_limits.maxConnectionsPerAddress) {
            refuse(socket, QStringLiteral("already %1 open from %2")
                               .arg(m_connectionsPerAddress.value(client))
                               .arg(client));
            continue;
        }
        // A handful of addresses holding every slot must not lock the CLI, GUI and peers
        // out: the newcomer takes the place of the oldest connection that has done nothing.
        if (m_connections.size() >= m_limits.maxConnections && !evictOldestIdle(client)) {
            refuse(socket, QStringLiteral("already %1 open").arg(m_connections.size()));
            continue;
        }
        auto *connection = new HttpConnection(socket, m_handler, m_limits, this);
        connect(connection, &HttpConnection::finished, this, [this, connection, client] {
            m_connections.removeOne(connection);
            if (--m_connectionsPerAddress[client] <= 0)
                m_connectionsPerAddress.remove(client);
            connection->deleteLater();
        });
        m_connections.append(connection);
        ++m_connectionsPerAddress[client];
        connection->start();
    }
}

void ControlServer::refuse(QTcpSocket *socket, const QString &why) {
    ++m_refused;
    qint64 suppressed = 0;
    const bool logIt = m_refusalLog.admit(&suppressed);
    if (suppressed > 0)
        qCWarning(lcControl).noquote()
            << QStringLiteral("%1 more control connections were refused").arg(suppressed);
    if (logIt)
        qCWarning(lcControl).noquote() << QStringLiteral("refused a control connection from %1: %2")
                                              .arg(socket->peerAddress().toString(), why);
    // Answering takes a moment; a flood of them is cut off without one.
    if (m_refusing >= m_limits.maxConnections) {
        socket->abort();
        socket->deleteLater();
        return;
    }
    ++m_refusing;
    auto *refused = new HttpConnection(socket, m_handler, m_limits, this);
    connect(refused, &HttpConnection::finished, this, [this, refused] {
        --m_refusing;
        refused->deleteLater();
    });
    refused->refuse(503, QStringLiteral("too many connections"));
}

bool ControlServer::evictOldestIdle(const QString &forClient) {
    // m_connections is in the order they were accepted.
    const auto victim = std::find_if(m_connections.cbegin(), m_connections.cend(),
                                     [](const HttpConnection *c) { return c->isEvictable(); });
    if (victim == m_connections.cend())
        return false;
    ++m_evicted;
    qint64 suppressed = 0;
    const bool logIt = m_evictionLog.admit(&suppressed);
    if (suppressed > 0)
        qCWarning(lcControl).noquote()
            << QStringLiteral("%1 more idle control connections were closed to make room")
                   .arg(suppressed);
    if (logIt)
        qCWarning(lcControl).noquote()
            << QStringLiteral("all %1 control connections in use: closed the oldest idle one "
                              "(%2, never authenticated) to make room for %3")
                   .arg(m_connections.size())
                   .arg((*victim)->peer(), forClient);
    // Its finished() takes it off the list at once.
    (*victim)->abort();
    return true;
}

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "peersync.h"

#include "documentsecrets.h"
#include "logsink.h"
#include "logtext.h"
#include "pool.h"

PeerSync::PeerSync(ClusterContext context, QNetworkAccessManager &network, QObject *parent)
    : QObject(parent)
    , m_context(std::move(context))
    , m_network(network)
    , m_store(m_context.paths, m_context.nodeId) {
    setClusterKey(m_context.clusterKey);
    m_timer.setInterval(kIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &PeerSync::pullNow);
}

void PeerSync::start(int firstDelayMs) {
    QTimer::singleShot(firstDelayMs, this, &PeerSync::pullNow);
    m_timer.start();
}

void PeerSync::setClusterKey(const QByteArray &key) {
    m_context.clusterKey = key;
    m_client = std::make_unique<ControlClient>(m_network, key, 5'000);
    m_box = std::make_unique<SecretBox>(key);
}

QList<NodeAddress> PeerSync::peers(const ClusterDocuments &documents) const {
    QList<NodeAddress> result;
    for (const PoolMember &member : m_context.members(documents.pool)) {
        if (!member.isSelf)
            result.append(m_context.addressOf(member));
    }
    return result;
}

void PeerSync::pullNow() {
    // Until the pool's key arrives no peer would accept a request (ClusterKeyBootstrap).
    if (m_context.clusterKey.isEmpty())
        return;
    const auto documents = m_store.load();
    if (!documents) {
        qCWarning(lcDaemon).noquote()
            << QStringLiteral("catch-up skipped: %1").arg(documents.error());
        return;
    }
    const QList<NodeAddress> nodes = peers(*documents);
    m_client->sendToAll(
        nodes, "GET", QStringLiteral("/v1/documents"), {},
        [this, nodes](const QList<ControlReply> &replies) {
            QStringList adopted;
            for (qsizetype i = 0; i < replies.size(); ++i) {
                const ControlReply &reply = replies[i];
                if (reply.outcome != ControlReply::Outcome::Ok) {
                    if (reply.outcome == ControlReply::Outcome::KeyMismatch)
                        qCWarning(lcDaemon).noquote()
                            << QStringLiteral("catch-up from %1: cluster key "
                                              "mismatch: copy %2 from one node to "
                                              "the other")
                                   .arg(nodes[i].host, m_context.paths.clusterKey);
                    continue;
                }
                const auto sealed = ClusterDocuments::fromJson(reply.body, nodes[i].host);
                const auto remote = sealed ? DocumentSecrets::open(*sealed, *m_box)
                                           : Result<ClusterDocuments>::failure(sealed.error());
                // What a peer sent may hold line breaks: quoted, it cannot forge a log line.
                if (!remote) {
                    qCWarning(lcDaemon).noquote()
                        << QStringLiteral("catch-up from %1: %2")
                               .arg(nodes[i].host, LogText::quoted(remote.error()));
                    continue;
                }
                QStringList rejected;
                const ClusterDocuments clean = ClusterDocuments::sanitized(*remote, &rejected);
                for (const QString &why : std::as_const(rejected))
                    qCWarning(lcDaemon).noquote()
                        << QStringLiteral("catch-up from %1 ignored an entry: %2")
                               .arg(nodes[i].host, LogText::quoted(why));
                const auto merged = m_store.edit([&](ClusterStore::Editor &editor) {
                    adopted += editor.documents.merge(clean);
                    return Status::success();
                });
                if (!merged)
                    qCWarning(lcDaemon).noquote() << QStringLiteral("catch-up from %1: %2")
                                                         .arg(nodes[i].host, merged.error());
            }
            if (!adopted.isEmpty())
                Q_EMIT this->adopted(
                    QStringLiteral("caught up %1 entries from peers").arg(adopted.size()));
        });
}

void PeerSync::pushNow() {
    if (m_context.clusterKey.isEmpty())
        return;
    const auto documents = m_store.load();
    if (!documents)
        return;
    m_client->sendToAll(peers(*documents), "POST", QStringLiteral("/v1/documents"),
                        DocumentSecrets::seal(*documents, *m_box).toJson(),
                        [](const QList<ControlReply> &) {});
}

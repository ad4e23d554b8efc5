// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "clusterkeybootstrap.h"

#include "clusterkey.h"
#include "cryptoutil.h"
#include "glustercli.h"
#include "jsonfile.h"
#include "keyplan.h"
#include "logsink.h"
#include "logtext.h"
#include "pool.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace {

// Where the key lives relative to glusterd's work dir, as `gluster system:: copy file` wants it.
const QString kKeyInWorkdir = QStringLiteral("/events/cluster.key");

QString canonical(const QString &path) {
    const QString resolved = QFileInfo(path).canonicalFilePath();
    return resolved.isEmpty() ? QDir::cleanPath(path) : resolved;
}

} // namespace

ClusterKeyBootstrap::ClusterKeyBootstrap(const EventsPaths &paths, QString nodeId, quint16 port,
                                         QNetworkAccessManager &network, GlusterCli &gluster,
                                         QObject *parent)
    : QObject(parent)
    , m_paths(paths)
    , m_nodeId(std::move(nodeId))
    , m_port(port)
    , m_pinger(network, std::nullopt, 3'000)
    , m_gluster(gluster) {
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ClusterKeyBootstrap::checkNow);
}

void ClusterKeyBootstrap::setDistribution(bool on) {
    if (on == m_distribution)
        return;
    m_distribution = on;
    if (!on) {
        m_conflicts.clear();
        qCInfo(lcDaemon).noquote()
            << QStringLiteral("cluster_key_distribution is off: copy %1 to every node by hand")
                   .arg(m_paths.clusterKey);
    }
    scheduleNext(false);
}

void ClusterKeyBootstrap::setKey(const QByteArray &key) {
    if (key == m_key)
        return;
    m_key = key;
    m_conflicts.clear();
    m_sentTo.clear();
    // A key this daemon made and no peer took up yet may still yield; any other is in use.
    QFile marker(m_paths.clusterKeyMinted);
    m_inUse = key.isEmpty() || !marker.open(QIODevice::ReadOnly) ||
              marker.readAll().trimmed() != ClusterKey::fingerprint(key).toLatin1();
    scheduleNext(false);
}

void ClusterKeyBootstrap::start(int firstDelayMs) {
    m_timer.start(firstDelayMs);
}

QList<PoolMember> ClusterKeyBootstrap::glusterdPeers() const {
    QList<PoolMember> peers =
        Pool::members(m_paths.glusterdPeers, m_nodeId, QString(), VersionedDocument());
    peers.removeFirst(); // this node
    return peers;
}

void ClusterKeyBootstrap::checkNow() {
    if (m_checking)
        return;
    if (!m_distribution || !QFileInfo::exists(m_paths.glusterdInfo)) {
        scheduleNext(true);
        return;
    }
    const QList<PoolMember> peers = glusterdPeers();
    QStringList peerIds;
    for (const PoolMember &peer : peers)
        peerIds.append(peer.nodeId);
    peerIds.sort();
    if (m_settled && peerIds == m_lastPeerIds && m_lastPing.isValid() &&
        m_lastPing.elapsed() < kSettledIntervalMs) {
        scheduleNext(true);
        return;
    }
    m_lastPeerIds = peerIds;
    m_lastPing.start();
    if (peers.isEmpty()) {
        // A pool of one: nobody to wait for.
        if (m_key.isEmpty())
            mint();
        scheduleNext(true);
        return;
    }
    QList<NodeAddress> addresses;
    for (const PoolMember &peer : peers)
        addresses.append(NodeAddress{peer.host, m_port});
    m_checking = true;
    m_pinger.sendToAll(addresses, "GET", QStringLiteral("/v1/ping"), {},
                       [this, peers](const QList<ControlReply> &replies) {
                           m_checking = false;
                           act(peers, replies);
                       });
}

void ClusterKeyBootstrap::act(const QList<PoolMember> &peers, const QList<ControlReply> &replies) {
    QList<KeyHolder> holders;
    bool everyPeerAnswered = replies.size() == peers.size();
    for (qsizetype i = 0; i < replies.size() && i < peers.size(); ++i) {
        const ControlReply &reply = replies[i];
        // Only a daemon that answers for the node glusterd knows there takes part.
        if (reply.outcome != ControlReply::Outcome::Ok ||
            reply.body.value(QStringLiteral("service")).toString() != u"glustereventsd" ||
            reply.body.value(QStringLiteral("nodeid")).toString() != peers[i].nodeId) {
            everyPeerAnswered = false;
            continue;
        }
        KeyHolder holder{peers[i].nodeId, peers[i].host, {}, true, true};
        const QJsonValue key = reply.body.value(QStringLiteral("cluster_key"));
        if (!key.isObject()) {
            holder.known = false;
        } else {
            // A fingerprint is 8 hex digits; anything else from the wire counts as none.
            const QString fingerprint = key[QStringLiteral("fingerprint")].toString();
            const bool wellFormed =
                fingerprint.size() == 8 && CryptoUtil::isHex(fingerprint.toLatin1(), 8);
            holder.fingerprint = wellFormed ? fingerprint.toLower() : QString();
            holder.inUse = key[QStringLiteral("in_use")].toBool(true);
        }
        holders.append(holder);
    }
    const KeyHolder self{m_nodeId, QStringLiteral("this node"),
                         m_key.isEmpty() ? QString() : ClusterKey::fingerprint(m_key), m_inUse,
                         true};
    const KeyPlan plan = planKey(self, holders, everyPeerAnswered);
    if (plan.markInUse)
        markInUse();
    reportConflicts(plan.conflicts);
    if (plan.action == KeyPlan::Action::Settled)
        m_copyFailure.clear(); // nobody needs the key sent any more
    switch (plan.action) {
    case KeyPlan::Action::Mint:
        mint();
        break;
    case KeyPlan::Action::Copy:
        copyToPool(plan.copyFor);
        break;
    case KeyPlan::Action::Wait:
    case KeyPlan::Action::Settled:
        break;
    }
    scheduleNext(plan.action == KeyPlan::Action::Settled && !m_key.isEmpty() &&
                 plan.conflicts.isEmpty());
}

void ClusterKeyBootstrap::mint() {
    const auto key = ClusterKey::loadOrCreate(m_paths.clusterKey);
    if (!key) {
        qCCritical(lcDaemon).noquote() << key.error();
        return;
    }
    // Until a peer holds it too, the key may still yield to one made elsewhere.
    if (const Status marked = JsonFile::writeAtomically(
            m_paths.clusterKeyMinted, ClusterKey::fingerprint(*key).toLatin1() + '\n');
        !marked)
        qCWarning(lcDaemon).noquote() << marked.error();
    qCInfo(lcDaemon).noquote() << QStringLiteral("made the cluster key %1 for the pool")
                                      .arg(ClusterKey::fingerprint(*key));
    Q_EMIT keyMade();
}

void ClusterKeyBootstrap::copyToPool(const QStringList &peers) {
    // Once per peer and run: a peer that keeps saying it has no key (broken, or someone
    // answering in its place) does not get the key sent again and again.
    QStringList fresh;
    for (const QString &peer : peers) {
        if (!m_sentTo.contains(peer))
            fresh.append(peer);
    }
    if (fresh.isEmpty() || m_copying ||
        (m_lastCopy.isValid() && m_lastCopy.elapsed() < m_copyBackoffMs))
        return;
    if (m_workdirChecked)
        return sendKey(fresh);
    // `copy file` names a path under glusterd's work dir: only when it is this daemon's does it
    // send this daemon's key.
    m_copying = true;
    m_gluster.run({QStringLiteral("system::"), QStringLiteral("getwd")},
                  [this, fresh](const Result<QString> &workdir) {
                      m_copying = false;
                      if (!workdir) {
                          m_copyFailure = workdir.error();
                          qCWarning(lcDaemon).noquote()
                              << QStringLiteral("cannot send the cluster key to the pool: %1")
                                     .arg(workdir.error());
                          m_lastCopy.start();
                          m_copyBackoffMs = std::min(m_copyBackoffMs * 2, kMaxCopyBackoffMs);
                          return;
                      }
                      m_workdirChecked = true;
                      const QString theirs = canonical(workdir->trimmed());
                      if (theirs != canonical(m_paths.workdir)) {
                          m_workdirProblem =
                              QStringLiteral("glusterd's work dir is %1, this daemon's %2: "
                                             "copy %3 to the other nodes by hand")
                                  .arg(LogText::quoted(theirs.left(200)), m_paths.workdir,
                                       m_paths.clusterKey);
                          qCWarning(lcDaemon).noquote() << m_workdirProblem;
                          return;
                      }
                      sendKey(fresh);
                  });
}

void ClusterKeyBootstrap::sendKey(const QStringList &peers) {
    if (!m_workdirProblem.isEmpty())
        return;
    m_copying = true;
    m_lastCopy.start();
    const QString fingerprint = ClusterKey::fingerprint(m_key);
    m_gluster.run(
        {QStringLiteral("system::"), QStringLiteral("copy"), QStringLiteral("file"), kKeyInWorkdir},
        [this, fingerprint, peers](const Result<QString> &copied) {
            m_copying = false;
            if (!copied) {
                m_copyFailure = copied.error();
                m_copyBackoffMs = std::min(m_copyBackoffMs * 2, kMaxCopyBackoffMs);
                qCWarning(lcDaemon).noquote()
                    << QStringLiteral("cannot send the cluster key to the pool: %1")
                           .arg(copied.error());
                return;
            }
            m_copyFailure.clear();
            m_copyBackoffMs = kCopyIntervalMs;
            for (const QString &peer : peers)
                m_sentTo.insert(peer);
            qCInfo(lcDaemon).noquote()
                << QStringLiteral("sent the cluster key %1 through glusterd, for %2")
                       .arg(fingerprint, peers.join(QStringLiteral(", ")));
            // glusterd's management channel is encrypted only when the pool has secure-access.
            if (!QFileInfo::exists(m_paths.workdir + QStringLiteral("/secure-access"))) {
                m_sentInClear = true;
                qCWarning(lcDaemon).noquote()
                    << QStringLiteral("the cluster key went through glusterd in clear: this pool "
                                      "has no management encryption (%1/secure-access); see "
                                      "SECURITY.md, or set cluster_key_distribution off")
                           .arg(m_paths.workdir);
            }
            scheduleNext(false);
        });
}

void ClusterKeyBootstrap::markInUse() {
    if (m_inUse)
        return;
    QFile::remove(m_paths.clusterKeyMinted);
    m_inUse = true;
}

void ClusterKeyBootstrap::reportConflicts(const QStringList &conflicts) {
    m_conflicts = conflicts;
    for (const QString &line : conflicts) {
        if (m_conflictsLogged.contains(line))
            continue;
        m_conflictsLogged.insert(line);
        qCCritical(lcDaemon).noquote() << line;
    }
}

void ClusterKeyBootstrap::scheduleNext(bool settled) {
    m_settled = settled;
    m_timer.start(kCheckIntervalMs);
}

QJsonObject ClusterKeyBootstrap::describe() const {
    return {{QStringLiteral("fingerprint"),
             m_key.isEmpty() ? QString() : ClusterKey::fingerprint(m_key)},
            {QStringLiteral("in_use"), m_inUse}};
}

QString ClusterKeyBootstrap::warning() const {
    QStringList parts;
    if (m_key.isEmpty())
        parts.append(QStringLiteral("no cluster key yet: waiting for another node's "
                                    "glustereventsd to send it through glusterd"));
    parts += m_conflicts;
    if (!m_workdirProblem.isEmpty())
        parts.append(m_workdirProblem);
    else if (!m_copyFailure.isEmpty())
        parts.append(QStringLiteral("sending the cluster key to the pool failed, see the log"));
    if (m_sentInClear)
        parts.append(QStringLiteral("cluster key sent through glusterd without management "
                                    "encryption, see SECURITY.md"));
    return parts.join(QStringLiteral("; "));
}

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "controlclient.h"
#include "eventspaths.h"
#include "pool.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QTimer>

class GlusterCli;

// Gets every daemon of a glusterd pool the same cluster key with no manual step (decision
// 017): a daemon on a pool with peers does not make a key of its own; the peers' daemons say
// on /v1/ping which key they hold, and one that holds the pool's key sends it with `gluster
// system:: copy file /events/cluster.key` to peers that have none (once per peer and run of
// this daemon), or whose key only its own maker holds. A key in use is never replaced by
// this; a conflict between two such keys is reported with the command that fixes it. Off
// (config cluster_key_distribution), or without glusterd, a daemon makes its own key as
// before and the admin copies it.
class ClusterKeyBootstrap : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClusterKeyBootstrap)

public:
    // glusterd's peers/ is read this often, and peers are pinged then while anything is
    // unsettled or the peers changed (a probe); once settled, every kSettledIntervalMs.
    static constexpr int kCheckIntervalMs = 5'000;
    static constexpr qint64 kSettledIntervalMs = 60'000;
    // After a failed copy, the next waits this long, doubling up to kMaxCopyBackoffMs.
    static constexpr qint64 kCopyIntervalMs = 30'000;
    static constexpr qint64 kMaxCopyBackoffMs = 30 * 60'000;

    ClusterKeyBootstrap(const EventsPaths &paths, QString nodeId, quint16 port,
                        QNetworkAccessManager &network, GlusterCli &gluster,
                        QObject *parent = nullptr);

    void setDistribution(bool on);
    // The key the daemon uses now; empty while it has none.
    void setKey(const QByteArray &key);
    void start(int firstDelayMs);
    void checkNow();

    // For /v1/ping: {"fingerprint": "<8 hex digits, or empty>", "in_use": bool}.
    QJsonObject describe() const;
    // What status shows beside UP; empty when all is well.
    QString warning() const;

Q_SIGNALS:
    // This node made the pool's key (it wrote events/cluster.key): the daemon loads it.
    void keyMade();

private:
    QList<PoolMember> glusterdPeers() const;
    void act(const QList<PoolMember> &peers, const QList<ControlReply> &replies);
    void mint();
    void copyToPool(const QStringList &peers);
    void sendKey(const QStringList &peers);
    void markInUse();
    void reportConflicts(const QStringList &conflicts);
    void scheduleNext(bool settled);

    EventsPaths m_paths;
    QString m_nodeId;
    quint16 m_port;
    ControlClient m_pinger;
    GlusterCli &m_gluster;
    QTimer m_timer;
    bool m_settled = false;
    QStringList m_lastPeerIds; // at the last ping
    QElapsedTimer m_lastPing;
    QByteArray m_key;
    bool m_inUse = true; // false while events/cluster.key.minted names m_key
    bool m_distribution = true;
    bool m_checking = false;
    bool m_copying = false;
    QElapsedTimer m_lastCopy;
    qint64 m_copyBackoffMs = kCopyIntervalMs;
    QSet<QString> m_sentTo; // peers this run of the daemon sent its key to
    bool m_workdirChecked = false;
    QString m_workdirProblem; // glusterd's work dir is not this daemon's: no copying
    bool m_sentInClear = false;
    QString m_copyFailure;
    QStringList m_conflicts;
    QSet<QString> m_conflictsLogged;
};

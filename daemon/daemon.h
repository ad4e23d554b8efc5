// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "clustercontext.h"
#include "config.h"
#include "daemonoptions.h"
#include "eventspaths.h"
#include "skippedsettings.h"
#include "webhook.h"

#include <QNetworkAccessManager>
#include <QObject>

#include <functional>
#include <memory>

class ClusterKeyBootstrap;
class ControlApi;
class ControlServer;
class Dispatcher;
class EventFeed;
class GlusterCli;
class OperationRunner;
class PeerSync;
class PidFile;
class ReplayGuard;
class SettingsWatcher;
class SpoolShedder;
class SqliteSpool;
class UdpIngest;
struct QueuedEvent;

// One node's glustereventsd: ingest → queue → dispatcher, plus the files that say it runs
// (pid file, daemon.json) and reloading of the settings.
class Daemon : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Daemon)

public:
    // `droppedLogLines` counts log lines a failed write lost (the log sink's), for /metrics.
    explicit Daemon(DaemonOptions options, std::function<quint64()> droppedLogLines = {},
                    QObject *parent = nullptr);
    ~Daemon() override;

    // Everything that can fail at start (pid file, settings, binding) fails here, with the
    // reason; the caller turns it into a one-line error and an exit code.
    Status start();

    // Re-reads config, webhooks and the cluster key. Invalid files are reported and the last
    // good settings kept. Returns whether webhooks or config changed.
    enum class Announce { Always, OnlyIfChanged };
    bool reload(const QString &why, Announce announce = Announce::Always);

private:
    void onEventsReceived(std::vector<QueuedEvent> batch);
    // The receiver answered 410 Gone: mark the webhook disabled (a versioned change) and tell
    // every node.
    void onWebhookGone(const QString &url, const QString &why);
    // Everything status shows beside UP (spool, cluster key, skipped settings), joined; empty
    // when all is well.
    QString nodeWarning() const;
    // Loads events/cluster.key again (tightening its mode) and, when it changed, signs with it.
    void reloadClusterKey(const QString &why);
    // The watcher also sees this daemon's own writes: stay quiet unless something changed, and
    // send a change made here by hand to the other nodes now rather than at their next pull.
    void onSettingsFilesChanged();
    Status startControl();
    // How the other nodes reach this one: the first --listen address, else the host name.
    QString advertisedHost() const;
    ClusterContext clusterContext() const;
    void makeOperationRunner();
    void applyConfig(const Config &config);
    // Logs what a reading of the files skipped that was not skipped before (SkippedSettings).
    void noteSkipped(SkippedSettings::Source source, const QList<SettingsProblem> &problems);
    void applyDeliveryConfig(); // the settings the dispatcher and spool use
    Status writeRuntimeFile() const;
    // This node's delivery figures for one webhook, for the GUI.
    QJsonObject webhookActivity(const QString &url) const;

    DaemonOptions m_options;
    std::function<quint64()> m_droppedLogLines;
    EventsPaths m_paths;
    QString m_nodeId;
    Config m_config = Config::defaults();
    WebhookMap m_webhooks;
    SkippedSettings m_skipped;
    std::unique_ptr<PidFile> m_pidFile;
    QNetworkAccessManager m_network;
    std::unique_ptr<SqliteSpool> m_queue;
    std::unique_ptr<SpoolShedder> m_shedder;
    std::unique_ptr<ReplayGuard> m_replayGuard;
    std::unique_ptr<Dispatcher> m_dispatcher;
    std::unique_ptr<UdpIngest> m_ingest;
    std::unique_ptr<SettingsWatcher> m_watcher;
    QByteArray m_clusterKey;
    QByteArray m_keylessLabelKey; // /metrics labels while m_clusterKey is empty
    std::unique_ptr<ControlApi> m_controlApi;
    std::unique_ptr<ControlServer> m_controlServer;
    std::unique_ptr<PeerSync> m_peerSync;
    std::unique_ptr<GlusterCli> m_gluster;
    std::unique_ptr<ClusterKeyBootstrap> m_keyBootstrap;
    std::unique_ptr<OperationRunner> m_runner;
    std::unique_ptr<EventFeed> m_feed;
    quint16 m_boundPort = 0;
    bool m_runtimeFileWritten = false;
};

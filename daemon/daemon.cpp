// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "daemon.h"

#include "clusterkey.h"
#include "clusterkeybootstrap.h"
#include "clusterstore.h"
#include "controlapi.h"
#include "controlserver.h"
#include "cryptoutil.h"
#include "dispatcher.h"
#include "eventfeed.h"
#include "filelock.h"
#include "glustercli.h"
#include "jsonfile.h"
#include "logsink.h"
#include "metrics.h"
#include "nodeidentity.h"
#include "nodewarning.h"
#include "operationrunner.h"
#include "peersync.h"
#include "pidfile.h"
#include "privatefiles.h"
#include "replayguard.h"
#include "settingswatcher.h"
#include "spoolshedder.h"
#include "sqlitespool.h"
#include "systemdeliveryclock.h"
#include "udpingest.h"
#include "webhooklabel.h"
#include "webhookstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostInfo>
#include <QJsonArray>
#include <QRandomGenerator>

namespace {

// Ids are "<random per start>-<seq>": unique across restarts and nodes without shared state.
QByteArray freshIdPrefix() {
    const quint64 random = QRandomGenerator::system()->generate64();
    return QByteArray::number(random, 16).rightJustified(16, '0') + '-';
}

} // namespace

Daemon::Daemon(DaemonOptions options, std::function<quint64()> droppedLogLines, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_droppedLogLines(std::move(droppedLogLines))
    , m_paths(m_options.workdir) {
}

Daemon::~Daemon() {
    m_ingest.reset(); // stop reading before the queue goes
    if (m_queue && m_queue->pendingCount() > 0)
        qCWarning(lcDaemon).noquote()
            << QStringLiteral(
                   "stopping; %1 events not yet delivered to every webhook stay in the spool")
                   .arg(m_queue->pendingCount());
    if (m_runtimeFileWritten)
        QFile::remove(m_paths.daemon);
}

Status Daemon::start() {
    // 0700 from the start: glusterd's copy of the key lands 0644 inside it.
    if (const Status made = PrivateFiles::makeDirectory(m_paths.eventsDir); !made)
        return made;
    auto pidFile = PidFile::acquire(m_options.pidFile);
    if (!pidFile)
        return Status::failure(pidFile.error());
    m_pidFile = std::move(pidFile).value();

    auto nodeId = NodeIdentity::load(m_paths);
    if (!nodeId)
        return Status::failure(nodeId.error());
    m_nodeId = *nodeId;

    // Hand edits made while the daemon was stopped become versioned changes before use.
    if (const auto documents = ClusterStore(m_paths, m_nodeId).load(); !documents)
        return Status::failure(documents.error());

    auto config = Config::load(m_options.defaultConfigFile, m_paths.config);
    if (!config)
        return Status::failure(config.error());
    applyConfig(*config);
    noteSkipped(SkippedSettings::Source::Config, config->problems());

    // On a glusterd pool with peers the key comes from the pool (ClusterKeyBootstrap); until it
    // does, events are delivered and only the control API waits.
    if (!ClusterKey::comesFromPool(m_paths, m_config.clusterKeyDistribution())) {
        auto clusterKey = ClusterKey::loadOrCreate(m_paths.clusterKey);
        if (!clusterKey)
            return Status::failure(clusterKey.error());
        m_clusterKey = *clusterKey;
    } else if (const auto clusterKey = ClusterKey::load(m_paths.clusterKey); clusterKey) {
        m_clusterKey = *clusterKey;
    } else {
        // A copy from glusterd cut short (a full disk) leaves the file empty: the pool sends
        // it again rather than this daemon refusing to start.
        if (QFileInfo::exists(m_paths.clusterKey))
            qCCritical(lcDaemon).noquote() << clusterKey.error();
        qCWarning(lcDaemon).noquote()
            << QStringLiteral("no cluster key yet: waiting for another node's glustereventsd to "
                              "send it through glusterd (%1)")
                   .arg(m_paths.clusterKey);
    }

    auto webhooks = WebhookStore::load(m_paths.webhooks);
    if (!webhooks)
        return Status::failure(webhooks.error());
    m_webhooks = webhooks->webhooks;
    noteSkipped(SkippedSettings::Source::Webhooks, webhooks->problems);

    auto spool =
        SqliteSpool::open(m_paths.eventsDir + QStringLiteral("/spool.db"), freshIdPrefix());
    if (!spool)
        return Status::failure(spool.error());
    if ((*spool)->pendingCount() > 0)
        qCInfo(lcDaemon).noquote() << QStringLiteral("spool: %1 events not yet delivered to every "
                                                     "webhook, resuming")
                                          .arg((*spool)->pendingCount());
    m_queue = std::move(spool).value();
    m_dispatcher = std::make_unique<Dispatcher>(*m_queue, *m_queue, m_network,
                                                std::make_unique<SystemDeliveryClock>());
    // Queued: the sender that saw the 410 is still on the stack, and the reload replaces it.
    connect(m_dispatcher.get(), &Dispatcher::webhookGone, this, &Daemon::onWebhookGone,
            Qt::QueuedConnection);
    m_shedder = std::make_unique<SpoolShedder>(
        SpoolShedder::Spool{
            [this] { return m_queue->pendingBytes(); },
            [this] { return m_queue->diskBudget(); },
            [this] { return m_queue->handedOver(); },
        },
        [this](qint64 bytes) { return m_dispatcher->relieveSpool(bytes); },
        m_config.spoolLimitBytes());
    m_replayGuard = std::make_unique<ReplayGuard>(*m_queue, *m_shedder);
    applyDeliveryConfig();
    m_dispatcher->setWebhooks(m_webhooks);
    m_feed = std::make_unique<EventFeed>();

    m_ingest = std::make_unique<UdpIngest>(m_nodeId);
    connect(m_ingest.get(), &UdpIngest::eventsReceived, this, &Daemon::onEventsReceived);
    m_ingest->setAllowedSources(m_config.eventSources());
    m_boundPort = m_config.port();
    if (const Status bound = m_ingest->start(m_options.listen, m_boundPort); !bound)
        return bound;

    if (const Status control = startControl(); !control)
        return control;

    if (const Status written = writeRuntimeFile(); !written)
        return written;
    m_runtimeFileWritten = true;

    m_watcher = std::make_unique<SettingsWatcher>(
        m_paths.eventsDir, QStringList{m_paths.webhooks, m_paths.config,
                                       m_options.defaultConfigFile, m_paths.clusterKey});
    connect(m_watcher.get(), &SettingsWatcher::changed, this, &Daemon::onSettingsFilesChanged);
    m_peerSync->start(500);
    m_keyBootstrap->start(1'000);

    qCInfo(lcDaemon).noquote()
        << QStringLiteral(
               "glustereventsd %1 started: node %2, port %3, %4 webhooks, cluster key %5")
               .arg(QCoreApplication::applicationVersion(), m_nodeId)
               .arg(m_boundPort)
               .arg(m_webhooks.size())
               .arg(m_clusterKey.isEmpty() ? QStringLiteral("not yet")
                                           : ClusterKey::fingerprint(m_clusterKey));
    return Status::success();
}

bool Daemon::reload(const QString &why, Announce announce) {
    if (const auto documents = ClusterStore(m_paths, m_nodeId).load(); !documents)
        qCCritical(lcDaemon).noquote()
            << QStringLiteral("reload (%1): %2").arg(why, documents.error());
    reloadClusterKey(why);
    const WebhookMap webhooksBefore = m_webhooks;
    const QJsonObject configBefore = m_config.values();
    auto config = Config::load(m_options.defaultConfigFile, m_paths.config);
    auto webhooks = WebhookStore::load(m_paths.webhooks);
    if (!config)
        qCCritical(lcDaemon).noquote()
            << QStringLiteral("reload (%1): %2; keeping the current config")
                   .arg(why, config.error());
    if (!webhooks)
        qCCritical(lcDaemon).noquote()
            << QStringLiteral("reload (%1): %2; keeping the current webhooks")
                   .arg(why, webhooks.error());
    if (config) {
        noteSkipped(SkippedSettings::Source::Config, config->problems());
        // The port in use stays the one bound at start, so daemon.json stays true.
        if (config->port() != m_boundPort)
            qCWarning(lcDaemon).noquote()
                << QStringLiteral("port changed from %1 to %2: restart glustereventsd to use it")
                       .arg(m_boundPort)
                       .arg(config->port());
        if (config->values() != m_config.values())
            applyConfig(*config);
    }
    if (webhooks)
        noteSkipped(SkippedSettings::Source::Webhooks, webhooks->problems);
    if (webhooks && webhooks->webhooks != m_webhooks) {
        m_webhooks = webhooks->webhooks;
        m_dispatcher->setWebhooks(m_webhooks);
        m_dispatcher->eventsAppended();
    }
    const bool changed = webhooksBefore != m_webhooks || configBefore != m_config.values();
    if (announce == Announce::Always || changed)
        qCInfo(lcDaemon).noquote() << QStringLiteral("reloaded (%1): %2 webhooks, log level %3")
                                          .arg(why)
                                          .arg(m_webhooks.size())
                                          .arg(m_config.logLevel());
    return changed;
}

void Daemon::reloadClusterKey(const QString &why) {
    // Still waiting for the pool's key: its absence is no news.
    if (m_clusterKey.isEmpty() && !QFileInfo::exists(m_paths.clusterKey))
        return;
    // `gluster system:: copy file` writes the key 0644.
    if (const auto fix = PrivateFiles::tightenFile(m_paths.clusterKey))
        qCWarning(lcDaemon).noquote() << PrivateFiles::describe(*fix);
    const auto key = ClusterKey::load(m_paths.clusterKey);
    if (!key) {
        qCCritical(lcDaemon).noquote()
            << QStringLiteral("reload (%1): %2; keeping the current cluster key")
                   .arg(why, key.error());
        return;
    }
    if (*key == m_clusterKey)
        return;
    m_clusterKey = *key;
    m_controlApi->setClusterKey(m_clusterKey);
    m_peerSync->setClusterKey(m_clusterKey);
    m_keyBootstrap->setKey(m_clusterKey);
    makeOperationRunner(); // its operations sign with the key
    qCInfo(lcDaemon).noquote()
        << QStringLiteral("cluster key changed to %1").arg(ClusterKey::fingerprint(m_clusterKey));
    m_peerSync->pullNow();
}

QString Daemon::nodeWarning() const {
    return NodeWarning::join(
        {m_shedder->warning(), m_keyBootstrap->warning(), m_skipped.summary()});
}

void Daemon::onSettingsFilesChanged() {
    if (reload(QStringLiteral("settings files changed"), Announce::OnlyIfChanged))
        m_peerSync->pushNow();
}

ClusterContext Daemon::clusterContext() const {
    return ClusterContext{m_paths,
                          m_nodeId,
                          m_clusterKey,
                          m_options.defaultConfigFile,
                          NodeAddress{advertisedHost(), m_boundPort, m_nodeId},
                          advertisedHost(),
                          m_boundPort};
}

void Daemon::makeOperationRunner() {
    // A GUI operation in flight when the key changes is dropped (its caller times out): it
    // was signed with a key the other nodes no longer accept anyway.
    m_runner = std::make_unique<OperationRunner>(
        clusterContext(), m_network, [this](const QString &url) { return webhookActivity(url); });
}

QString Daemon::advertisedHost() const {
    return m_options.listen.isEmpty() ? QHostInfo::localHostName()
                                      : m_options.listen.constFirst().toString();
}

Status Daemon::startControl() {
    m_controlApi = std::make_unique<ControlApi>(m_paths, m_nodeId,
                                                QCoreApplication::applicationVersion(), m_network);
    m_controlApi->setClusterKey(m_clusterKey);
    m_controlApi->setMetricsSource([this] {
        const SpoolBudget::State disk = m_queue->diskBudget();
        DaemonMetrics metrics{m_ingest->acceptedCount(),
                              m_ingest->malformedCount(),
                              m_ingest->refusedCount(),
                              m_dispatcher->webhookMetrics(),
                              SpoolMetrics{quint64(m_queue->pendingBytes()),
                                           quint64(m_config.spoolLimitBytes()),
                                           m_shedder->eventsDropped(), m_shedder->backlogsShed(),
                                           quint64(disk.usedBytes), disk.historyEvicted,
                                           disk.deadLettersEvicted, m_shedder->full()},
                              {}};
        const ControlServer::Usage control = m_controlServer->usage();
        metrics.control = {quint64(control.connections), quint64(control.bufferedBytes),
                           control.evicted, control.refused};
        metrics.logLinesDropped = m_droppedLogLines ? m_droppedLogLines() : 0;
        // Without a key yet, labels under a key nobody knows: a guessed URL stays unconfirmable.
        if (m_keylessLabelKey.isEmpty())
            m_keylessLabelKey = CryptoUtil::randomBytes(32);
        return Metrics::render(
            metrics,
            WebhookLabel::keyFor(m_clusterKey.isEmpty() ? m_keylessLabelKey : m_clusterKey));
    });
    m_controlApi->setHistory(ControlApi::History{
        [this](const QString &url, bool failedOnly, int limit) -> Result<QJsonArray> {
            const auto attempts = m_queue->attempts(url, failedOnly, limit);
            if (!attempts)
                return Result<QJsonArray>::failure(attempts.error());
            QJsonArray rows;
            for (const DeliveryAttempt &attempt : *attempts)
                rows.append(attempt.toJson());
            return rows;
        },
        [this](const QString &url, qint64 sinceMs, bool dead,
               const QByteArray &eventId) -> Result<int> {
            const auto replayed = m_replayGuard->replay(m_webhooks, url, sinceMs, dead, eventId);
            if (replayed && *replayed > 0)
                m_dispatcher->eventsAppended();
            return replayed;
        },
        [this]() -> QString { return nodeWarning(); },
        [this]() -> QJsonObject { return m_shedder->status(); },
    });
    connect(m_controlApi.get(), &ControlApi::reloadRequested, this,
            [this](const QString &why) { reload(why); });
    ControlServer::Limits controlLimits;
    // Everything but ping and metrics is a sealed request, and none is larger.
    controlLimits.parser.maxBodyBytes = ControlEnvelope::kMaxSealedRequestBytes;
    m_controlServer = std::make_unique<ControlServer>(
        [this](const HttpRequest &request, HttpResponder *responder) {
            m_controlApi->handle(request, responder);
        },
        controlLimits);
    if (const Status listening = m_controlServer->listen(m_options.listen, m_boundPort); !listening)
        return listening;

    m_gluster = std::make_unique<GlusterCli>();
    m_keyBootstrap = std::make_unique<ClusterKeyBootstrap>(m_paths, m_nodeId, m_boundPort,
                                                           m_network, *m_gluster);
    m_keyBootstrap->setDistribution(m_config.clusterKeyDistribution());
    m_keyBootstrap->setKey(m_clusterKey);
    connect(m_keyBootstrap.get(), &ClusterKeyBootstrap::keyMade, this,
            [this] { reloadClusterKey(QStringLiteral("cluster key made")); });
    m_controlApi->setClusterKeyState([this] { return m_keyBootstrap->describe(); });

    m_peerSync = std::make_unique<PeerSync>(clusterContext(), m_network);
    makeOperationRunner();
    m_controlApi->setEventFeed(m_feed.get());
    m_controlApi->setRunner([this](const QJsonObject &request, auto answer) {
        m_runner->run(request, std::move(answer));
    });
    connect(m_peerSync.get(), &PeerSync::adopted, this,
            [this](const QString &why) { reload(why); });
    return Status::success();
}

void Daemon::applyConfig(const Config &config) {
    m_config = config;
    LogSink::applyLevel(m_config.logLevel(), m_config.eventsLogDisabled());
    if (m_dispatcher)
        applyDeliveryConfig();
    if (m_ingest)
        m_ingest->setAllowedSources(m_config.eventSources());
    if (m_keyBootstrap)
        m_keyBootstrap->setDistribution(m_config.clusterKeyDistribution());
    for (const QString &warning : m_config.warnings())
        qCWarning(lcDaemon).noquote() << warning;
}

void Daemon::noteSkipped(SkippedSettings::Source source, const QList<SettingsProblem> &problems) {
    // As errors, not warnings: status sends the admin to the log for them, so a log level of
    // ERROR must not hide them.
    for (const SettingsProblem &problem : m_skipped.replace(source, problems))
        qCCritical(lcDaemon).noquote() << problem.text;
}

void Daemon::onEventsReceived(std::vector<QueuedEvent> batch) {
    if (!m_shedder->admit(batch.size()))
        return;
    m_queue->append(batch);
    // Requests first: the events log writes a line per event to a file, and a write that waits
    // on the file system must not hold the event back from its webhooks (p99 latency).
    m_dispatcher->eventsAppended();
    m_feed->publish(batch);
    if (lcPublished().isInfoEnabled()) {
        // One message for the batch, a line per event: the log sink writes it at once.
        QString lines;
        for (const QueuedEvent &event : batch) {
            if (!lines.isEmpty())
                lines += u'\n';
            lines += QLatin1StringView("EVENT ") + QLatin1StringView(event.id) + u' ' +
                     QString::fromUtf8(event.body);
        }
        qCInfo(lcPublished).noquote() << lines;
    }
}

Status Daemon::writeRuntimeFile() const {
    // Where the CLI finds this node's daemon: the first listen address, or loopback when
    // listening on every address.
    QJsonArray addresses;
    for (const QHostAddress &address : m_options.listen)
        addresses.append(address.toString());
    const QString address = m_options.listen.isEmpty() ? QStringLiteral("127.0.0.1")
                                                       : m_options.listen.constFirst().toString();
    const QJsonObject runtime{{QStringLiteral("address"), address},
                              {QStringLiteral("advertise"), advertisedHost()},
                              {QStringLiteral("addresses"), addresses},
                              {QStringLiteral("port"), int(m_boundPort)},
                              {QStringLiteral("pid"), QCoreApplication::applicationPid()},
                              {QStringLiteral("nodeid"), m_nodeId}};
    const auto lock = FileLock::acquire(m_paths.lock, std::chrono::seconds(10));
    if (!lock)
        return Status::failure(lock.error());
    return JsonFile::writeObject(m_paths.daemon, runtime);
}

void Daemon::onWebhookGone(const QString &url, const QString &why) {
    const auto changed = ClusterStore(m_paths, m_nodeId).edit([&](ClusterStore::Editor &editor) {
        if (!editor.documents.webhooks.isLive(url))
            return Status::success();
        QJsonObject value = editor.documents.webhooks.entries().value(url).value.toObject();
        value.insert(QStringLiteral("disabled"), why);
        editor.documents.webhooks.set(url, value, editor.nextVersion());
        return Status::success();
    });
    if (!changed) {
        qCCritical(lcDaemon).noquote()
            << QStringLiteral("cannot mark %1 disabled: %2; it stays stopped on this node until "
                              "restart")
                   .arg(url, changed.error());
        return;
    }
    reload(QStringLiteral("%1 answered 410 Gone").arg(url));
    m_peerSync->pushNow();
}

void Daemon::applyDeliveryConfig() {
    m_dispatcher->setMaxRetryInterval(m_config.retryMaxIntervalSeconds() * 1000);
    m_dispatcher->setMaxAge(m_config.deadLetterAfterSeconds() * 1000);
    m_queue->setRetention(std::chrono::hours(m_config.historyHours()));
    m_queue->setDiskLimit(m_config.spoolLimitBytes());
    m_shedder->setLimit(m_config.spoolLimitBytes());
}

QJsonObject Daemon::webhookActivity(const QString &url) const {
    const auto webhook = m_dispatcher->webhookMetrics(url);
    if (!webhook)
        return {};
    return {{QStringLiteral("delivered"), qint64(webhook->stats.delivered)},
            {QStringLiteral("failures"), qint64(webhook->stats.failedAttempts)},
            {QStringLiteral("dead"), qint64(webhook->stats.dead)},
            {QStringLiteral("queued"), qint64(webhook->queued)},
            {QStringLiteral("last_delivery_ms"), webhook->stats.lastDeliveredMs},
            {QStringLiteral("last_failure_ms"), webhook->stats.lastFailureMs},
            {QStringLiteral("last_error"), webhook->stats.lastError}};
}

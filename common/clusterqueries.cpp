#include "clusterqueries.h"

#include "clusterstore.h"
#include "config.h"
#include "configschema.h"
#include "pool.h"
#include "webhook.h"

#include <QJsonArray>

namespace {

struct Snapshot {
    QStringList urls;
    QStringList lines; // the URL, then what is notable about the webhook
    QList<PoolMember> members;
    QList<NodeAddress> addresses;
};

Result<Snapshot> snapshot(const ClusterContext &context) {
    const auto documents = ClusterStore(context.paths, context.nodeId).load();
    if (!documents)
        return Result<Snapshot>::failure(documents.error());
    Snapshot result;
    const QJsonObject webhooks = documents->webhooks.liveValues();
    for (auto it = webhooks.begin(); it != webhooks.end(); ++it) {
        result.urls.append(it.key());
        Webhook webhook;
        webhook.extra = it->toObject();
        const QStringList patterns = webhook.eventFilter();
        result.lines.append(patterns.isEmpty()
                                ? it.key()
                                : it.key() +
                                      QStringLiteral(" (events: %1)").arg(patterns.join(u',')));
    }
    result.members = context.members(documents->pool);
    for (const PoolMember &member : result.members)
        result.addresses.append(context.addressOf(member));
    return result;
}

} // namespace

ClusterQueries::ClusterQueries(ClusterContext context, QNetworkAccessManager &network,
                               QObject *parent)
    : QObject(parent)
    , m_context(std::move(context))
    , m_pinger(network, std::nullopt, 5'000) {
}

void ClusterQueries::status(std::function<void(Result<StatusReport>)> done) {
    auto current = snapshot(m_context);
    if (!current) {
        done(Result<StatusReport>::failure(current.error()));
        return;
    }
    const Snapshot state = std::move(current).value();
    m_pinger.sendToAll(state.addresses, "GET", QStringLiteral("/v1/ping"), {},
                       [state, done](const QList<ControlReply> &replies) {
                           StatusReport report;
                           report.webhookUrls = state.urls;
                           report.webhookLines = state.lines;
                           report.rows.column = StatusColumn::Glustereventsd;
                           for (qsizetype i = 0; i < replies.size(); ++i) {
                               NodeRow row;
                               row.node = state.members[i].displayName();
                               row.nodeUp = replies[i].nodeUp();
                               row.ok = replies[i].outcome == ControlReply::Outcome::Ok;
                               if (!row.ok)
                                   row.error = replies[i].error;
                               report.rows.rows.append(row);
                           }
                           done(report);
                       });
}

void ClusterQueries::poolList(std::function<void(Result<QList<PoolEntry>>)> done) {
    auto current = snapshot(m_context);
    if (!current) {
        done(Result<QList<PoolEntry>>::failure(current.error()));
        return;
    }
    const Snapshot state = std::move(current).value();
    m_pinger.sendToAll(state.addresses, "GET", QStringLiteral("/v1/ping"), {},
                       [state, done](const QList<ControlReply> &replies) {
                           QList<PoolEntry> entries;
                           for (qsizetype i = 0; i < replies.size(); ++i)
                               entries.append(PoolEntry{state.members[i].displayName(),
                                                        state.members[i].nodeId,
                                                        replies[i].nodeUp()});
                           done(entries);
                       });
}

Result<QList<QPair<QString, QJsonValue>>>
ClusterQueries::configGet(const QString &defaultConfigFile, const QString &customConfigFile,
                          const QString &name) {
    using R = Result<QList<QPair<QString, QJsonValue>>>;
    const auto config = Config::load(defaultConfigFile, customConfigFile);
    if (!config)
        return R::failure(config.error());
    QList<QPair<QString, QJsonValue>> values;
    if (!name.isEmpty()) {
        const ConfigSetting *setting = ConfigSchema::find(name);
        if (!setting)
            return R::failure(QStringLiteral("unknown config name '%1'").arg(name));
        values.append({setting->name, config->values().value(setting->name)});
        return values;
    }
    for (const ConfigSetting &setting : ConfigSchema::settings())
        values.append({setting.name, config->values().value(setting.name)});
    return values;
}

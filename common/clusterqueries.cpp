// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "clusterqueries.h"

#include "clusterkey.h"
#include "clusteroperations.h"
#include "clusterstore.h"
#include "config.h"
#include "configschema.h"
#include "logtext.h"
#include "pool.h"
#include "webhook.h"
#include "webhookstore.h"

#include <QJsonArray>

#include <algorithm>

namespace {

// A node's history is a database read of up to 10,000 attempts and an answer of up to 8 MiB:
// it gets longer to come than a ping, once the node has said it is there.
constexpr int kHistoryDeadlineMs = 10'000;

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
        result.urls.append(WebhookStore::shownUrl(it.key()));
        Webhook webhook;
        webhook.extra = it->toObject();
        // An entry the daemons skip (the file holds it, nothing is sent to it) says why.
        const QString why = WebhookStore::whyUnusable(it.key(), it.value());
        const QString notes =
            why.isEmpty() ? webhook.notes() : QStringLiteral("skipped: %1").arg(why);
        const QString url = WebhookStore::shownUrl(it.key());
        result.lines.append(notes.isEmpty() ? url : url + QStringLiteral(" (%1)").arg(notes));
    }
    result.members = context.members(documents->pool);
    for (const PoolMember &member : result.members)
        result.addresses.append(context.addressOf(member));
    return result;
}

// The spool figures a node's ping carries, the known ones only and as numbers: they are
// printed as they are.
QList<QPair<QString, qint64>> spoolCounts(const QJsonObject &ping) {
    const QJsonObject spool = ping.value(QStringLiteral("spool")).toObject();
    QList<QPair<QString, qint64>> counts;
    for (const char *key : {"disk_bytes", "limit_bytes", "history_evicted", "dead_letters_evicted",
                            "backlogs_shed", "events_dropped"}) {
        const QJsonValue value = spool.value(QLatin1String(key));
        if (value.isDouble())
            counts.append({QLatin1String(key), value.toInteger()});
    }
    return counts;
}

// What status shows beside UP: the node's own warning, and a cluster key other than ours
// (which it says on /v1/ping by fingerprint only). The ping is not sealed, so anyone on the way
// can have written it: its text is escaped for terminals.
QString nodeWarning(const QJsonObject &ping, const QString &ourKey) {
    QStringList parts;
    // A node that cannot open sealed requests gets none: it must be upgraded first.
    if (ping.value(QStringLiteral("protocol")).toInt() < ControlEnvelope::kProtocol)
        parts.append(ControlEnvelope::upgradeNotice(ping));
    const QString theirKey =
        ping.value(QStringLiteral("cluster_key"))[QStringLiteral("fingerprint")].toString();
    if (!theirKey.isEmpty() && !ourKey.isEmpty() && theirKey != ourKey)
        parts.append(QStringLiteral("cluster key %1 differs from this node's %2")
                         .arg(LogText::quoted(theirKey.left(8)), ourKey));
    if (const QString warning = ping.value(QStringLiteral("warning")).toString();
        !warning.isEmpty())
        parts.append(LogText::quoted(warning));
    return parts.join(QStringLiteral("; "));
}

} // namespace

ClusterQueries::ClusterQueries(ClusterContext context, QNetworkAccessManager &network,
                               QObject *parent)
    : QObject(parent)
    , m_context(std::move(context))
    , m_pinger(network, std::nullopt, ControlClient::kQueryDeadlineMs)
    , m_client(network, m_context.clusterKey, kHistoryDeadlineMs) {
    m_client.setPingTimeout(ControlClient::kQueryDeadlineMs);
}

void ClusterQueries::status(std::function<void(Result<StatusReport>)> done) {
    auto current = snapshot(m_context);
    if (!current) {
        done(Result<StatusReport>::failure(current.error()));
        return;
    }
    const Snapshot state = std::move(current).value();
    const QString ourKey =
        m_context.clusterKey.isEmpty() ? QString() : ClusterKey::fingerprint(m_context.clusterKey);
    m_pinger.sendToAll(state.addresses, "GET", QStringLiteral("/v1/ping"), {},
                       [state, done, ourKey](const QList<ControlReply> &replies) {
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
                               else
                                   row.error = nodeWarning(replies[i].body, ourKey);
                               row.spool = spoolCounts(replies[i].body);
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

void ClusterQueries::deliveries(const QString &url, bool failedOnly, int limit,
                                std::function<void(Result<DeliveriesReport>)> done) {
    auto current = snapshot(m_context);
    if (!current) {
        done(Result<DeliveriesReport>::failure(current.error()));
        return;
    }
    const Snapshot state = std::move(current).value();
    const QJsonObject body{{QStringLiteral("url"), url},
                           {QStringLiteral("failed"), failedOnly},
                           {QStringLiteral("limit"), limit}};
    // Every node is pinged first, at the question's deadline, even one this client knows (the
    // GUI's daemon asks with the same client all its life): a node that hung since gives up
    // at the ping's 2 s, not the history's 10 s.
    m_client.forgetPeers();
    m_client.sendToAll(
        state.addresses, "POST", QStringLiteral("/v1/deliveries"), body,
        [this, state, limit, done](const QList<ControlReply> &replies) {
            DeliveriesReport report;
            report.nodes.column = StatusColumn::Sync;
            for (qsizetype i = 0; i < replies.size(); ++i) {
                const ControlReply &reply = replies[i];
                NodeRow node{state.members[i].displayName(),
                             reply.nodeUp(),
                             reply.outcome == ControlReply::Outcome::Ok,
                             QString(),
                             -1,
                             {}};
                if (!node.ok)
                    node.error =
                        describeFailure(reply, state.members[i].host, m_context.paths.clusterKey);
                report.nodes.rows.append(node);
                for (const QJsonValue &value :
                     reply.body.value(QStringLiteral("attempts")).toArray()) {
                    const QJsonObject attempt = value.toObject();
                    // toInteger(): a number out of range from a node becomes 0, where a cast
                    // would be undefined.
                    report.rows.append(
                        DeliveryRow{node.node, attempt.value(QStringLiteral("time_ms")).toInteger(),
                                    attempt.value(QStringLiteral("webhook")).toString(),
                                    attempt.value(QStringLiteral("event")).toString(),
                                    attempt.value(QStringLiteral("type")).toString(),
                                    attempt.value(QStringLiteral("status")).toInt(),
                                    attempt.value(QStringLiteral("latency_ms")).toInteger(),
                                    attempt.value(QStringLiteral("error")).toString()});
                }
            }
            std::stable_sort(
                report.rows.begin(), report.rows.end(),
                [](const DeliveryRow &a, const DeliveryRow &b) { return a.timeMs > b.timeMs; });
            if (report.rows.size() > limit)
                report.rows.resize(limit);
            done(report);
        });
}

ConfigValues ClusterQueries::configGet(const QString &defaultConfigFile,
                                       const QString &customConfigFile, const QString &name) {
    ConfigValues result;
    const auto config = Config::load(defaultConfigFile, customConfigFile);
    if (!config) {
        result.refusal = Refusal::CannotRun;
        result.error = config.error();
        return result;
    }
    if (!name.isEmpty()) {
        const ConfigSetting *setting = ConfigSchema::find(name);
        if (!setting) {
            result.refusal = Refusal::UnknownName;
            result.error = QStringLiteral("unknown config name '%1'").arg(name);
            return result;
        }
        result.values.append({setting->name, config->values().value(setting->name)});
        return result;
    }
    for (const ConfigSetting &setting : ConfigSchema::settings())
        result.values.append({setting.name, config->values().value(setting.name)});
    return result;
}

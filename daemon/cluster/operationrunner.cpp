#include "operationrunner.h"

#include "clusterresultjson.h"
#include "clusterstore.h"
#include "config.h"
#include "configschema.h"
#include "jsoninteger.h"
#include "webhookstore.h"

#include <QJsonArray>

namespace {

HttpResponse resultResponse(const ClusterResult &result) {
    return HttpResponse::json(200, ClusterResultJson::toJson(result));
}

QString authKind(const Webhook &webhook) {
    if (!webhook.secret.isEmpty())
        return QStringLiteral("jwt");
    if (!webhook.token.isEmpty())
        return QStringLiteral("token");
    return QStringLiteral("none");
}

} // namespace

OperationRunner::OperationRunner(ClusterContext context, QNetworkAccessManager &network,
                                 ActivitySource activity, QObject *parent)
    : QObject(parent)
    , m_context(context)
    , m_operations(context, network)
    , m_queries(context, network)
    , m_box(context.clusterKey)
    , m_activity(std::move(activity)) {
}

void OperationRunner::run(const QJsonObject &request, Answer answer) {
    const QString op = request.value(QStringLiteral("op")).toString();
    if (op == u"status") {
        m_queries.status([answer](Result<StatusReport> report) {
            if (!report)
                return answer(HttpResponse::error(500, report.error()));
            ClusterResult rows;
            rows.rows = report->rows;
            answer(resultResponse(rows));
        });
        return;
    }
    if (op == u"pool-list") {
        m_queries.poolList([answer](Result<QList<PoolEntry>> entries) {
            if (!entries)
                return answer(HttpResponse::error(500, entries.error()));
            QJsonArray rows;
            for (const PoolEntry &entry : *entries)
                rows.append(QJsonObject{{QStringLiteral("node"), entry.node},
                                        {QStringLiteral("node_id"), entry.nodeId},
                                        {QStringLiteral("up"), entry.up}});
            answer(HttpResponse::json(200, {{QStringLiteral("pool"), rows}}));
        });
        return;
    }
    if (op == u"webhooks")
        return webhooks(answer);
    if (op == u"config")
        return config(answer);
    if (op == u"deliveries") {
        const auto limit = JsonInteger::read(request, u"limit", 1, 10'000, 100);
        if (!limit)
            return answer(HttpResponse::error(400, limit.error()));
        m_queries.deliveries(request.value(QStringLiteral("url")).toString(),
                             request.value(QStringLiteral("failed")).toBool(), int(*limit),
                             [answer](Result<DeliveriesReport> report) {
                                 if (!report)
                                     return answer(HttpResponse::error(500, report.error()));
                                 QJsonArray rows;
                                 for (const DeliveryRow &row : report->rows)
                                     rows.append(
                                         QJsonObject{{QStringLiteral("node"), row.node},
                                                     {QStringLiteral("time_ms"), row.timeMs},
                                                     {QStringLiteral("webhook"), row.webhook},
                                                     {QStringLiteral("event"), row.event},
                                                     {QStringLiteral("type"), row.type},
                                                     {QStringLiteral("status"), row.status},
                                                     {QStringLiteral("latency_ms"), row.latencyMs},
                                                     {QStringLiteral("error"), row.error}});
                                 ClusterResult nodes;
                                 nodes.rows = report->nodes;
                                 QJsonObject body = ClusterResultJson::toJson(nodes);
                                 body.insert(QStringLiteral("attempts"), rows);
                                 answer(HttpResponse::json(200, body));
                             });
        return;
    }
    operation(op, request, answer);
}

void OperationRunner::webhooks(const Answer &answer) {
    const auto documents = ClusterStore(m_context.paths, m_context.nodeId).load();
    if (!documents)
        return answer(HttpResponse::error(500, documents.error()));
    const WebhookStore::WebhookFile file =
        WebhookStore::read(documents->webhooks.liveValues(), m_context.paths.webhooks);
    QMap<QString, QJsonObject> rows; // by URL, as the file is
    for (const Webhook &webhook : file.webhooks) {
        // What kind of authentication, never the secret itself.
        QJsonObject row{
            {QStringLiteral("url"), webhook.url},
            {QStringLiteral("auth"), authKind(webhook)},
            {QStringLiteral("signed"),
             !webhook.extra.value(QStringLiteral("signing_secret")).toString().isEmpty()},
            {QStringLiteral("events"), QJsonArray::fromStringList(webhook.eventFilter())},
            {QStringLiteral("parallel"), webhook.parallel()},
            {QStringLiteral("private_ca"), !webhook.caCertificates().isEmpty()},
            {QStringLiteral("insecure"), webhook.insecure()},
            {QStringLiteral("disabled"), webhook.disabledReason()},
            {QStringLiteral("notes"), webhook.notes()},
        };
        if (m_activity)
            row.insert(QStringLiteral("activity"), m_activity(webhook.url));
        rows.insert(webhook.url, row);
    }
    // An entry the daemons skip is listed too, as disabled and why, so that the admin sees it
    // and can delete it.
    for (auto it = file.skipped.begin(); it != file.skipped.end(); ++it) {
        const QString why =
            QStringLiteral("skipped: %1").arg(WebhookStore::whyUnusable(it.key(), it.value()));
        rows.insert(it.key(), QJsonObject{{QStringLiteral("url"), it.key()},
                                          {QStringLiteral("auth"), QStringLiteral("none")},
                                          {QStringLiteral("signed"), false},
                                          {QStringLiteral("events"), QJsonArray()},
                                          {QStringLiteral("parallel"), 1},
                                          {QStringLiteral("private_ca"), false},
                                          {QStringLiteral("insecure"), false},
                                          {QStringLiteral("disabled"), why},
                                          {QStringLiteral("notes"), why}});
    }
    QJsonArray list;
    for (const QJsonObject &row : std::as_const(rows))
        list.append(row);
    answer(HttpResponse::json(200, {{QStringLiteral("webhooks"), list}}));
}

void OperationRunner::config(const Answer &answer) {
    const auto effective = Config::load(m_context.defaultConfigFile, m_context.paths.config);
    if (!effective)
        return answer(HttpResponse::error(500, effective.error()));
    const auto defaults = Config::load(m_context.defaultConfigFile, QString());
    const QJsonObject defaultValues = (defaults ? *defaults : Config::defaults()).values();
    QJsonArray rows;
    for (const ConfigSetting &setting : ConfigSchema::settings())
        rows.append(QJsonObject{{QStringLiteral("name"), setting.name},
                                {QStringLiteral("value"), effective->values().value(setting.name)},
                                {QStringLiteral("default"), defaultValues.value(setting.name)},
                                {QStringLiteral("needs_restart"), setting.needsRestart}});
    answer(HttpResponse::json(200, {{QStringLiteral("config"), rows}}));
}

void OperationRunner::operation(const QString &op, const QJsonObject &request,
                                const Answer &answer) {
    const QString url = request.value(QStringLiteral("url")).toString();
    const auto done = [answer](ClusterResult result) {
        answer(resultResponse(result));
    };
    // Secrets arrive sealed; a value that does not open is refused before anything changes.
    QString failure;
    const auto secret = [&](const char *key) -> std::optional<QString> {
        const QJsonValue value = request.value(QLatin1String(key));
        if (value.isUndefined() || value.isNull())
            return std::nullopt;
        const auto opened = m_box.open(value.toString(), operationPlace(op, url, key));
        if (!opened) {
            failure = QStringLiteral("%1: %2").arg(QLatin1String(key), opened.error());
            return std::nullopt;
        }
        return *opened;
    };
    const auto text = [&](const char *key) -> std::optional<QString> {
        const QJsonValue value = request.value(QLatin1String(key));
        return value.isString() ? std::optional<QString>(value.toString()) : std::nullopt;
    };

    if (op == u"webhook-add" || op == u"webhook-mod" || op == u"webhook-test") {
        WebhookSettings settings{
            secret("token"), secret("secret"), text("events"), secret("signing_secret"),
            std::nullopt,    std::nullopt,     std::nullopt};
        const auto parallel = JsonInteger::read(request, u"parallel", 1, Webhook::kMaxParallel, 0);
        if (!parallel)
            return answer(HttpResponse::error(400, parallel.error()));
        if (*parallel > 0)
            settings.parallel = int(*parallel);
        if (const auto ca = text("ca_cert"))
            settings.caCert = ca->toUtf8();
        if (request.value(QStringLiteral("insecure")).isBool())
            settings.insecure = request.value(QStringLiteral("insecure")).toBool();
        if (!failure.isEmpty())
            return answer(HttpResponse::error(400, failure));
        if (op == u"webhook-add")
            return m_operations.webhookAdd(url, settings, done);
        if (op == u"webhook-mod")
            return m_operations.webhookModify(url, settings, done);
        // Testing a registered webhook without credentials uses the stored ones: the GUI
        // never has them.
        if (!settings.token && !settings.secret) {
            if (const auto documents = ClusterStore(m_context.paths, m_context.nodeId).load()) {
                const QJsonObject stored = documents->webhooks.liveValues().value(url).toObject();
                settings.token = stored.value(QStringLiteral("token")).toString();
                settings.secret = stored.value(QStringLiteral("secret")).toString();
            }
        }
        return m_operations.webhookTest(url, settings.token.value_or(QString()),
                                        settings.secret.value_or(QString()), done);
    }
    if (op == u"webhook-del")
        return m_operations.webhookDelete(url, done);
    if (op == u"config-set")
        return m_operations.configSet(text("name").value_or(QString()),
                                      text("value").value_or(QString()), done);
    if (op == u"config-reset")
        return m_operations.configReset(text("name").value_or(QString()), done);
    if (op == u"peer-add")
        return m_operations.peerAdd(text("host").value_or(QString()), done);
    if (op == u"peer-del")
        return m_operations.peerDelete(text("host").value_or(QString()), done);
    if (op == u"sync")
        return m_operations.sync(done);
    if (op == u"reload")
        return m_operations.reload(done);
    if (op == u"replay") {
        const auto sinceMs = JsonInteger::read(request, u"since_ms", 0, JsonInteger::kMaxExact, 0);
        if (!sinceMs)
            return answer(HttpResponse::error(400, sinceMs.error()));
        return m_operations.replay(url, *sinceMs, request.value(QStringLiteral("dead")).toBool(),
                                   done, request.value(QStringLiteral("event")).toString());
    }
    answer(HttpResponse::error(400, QStringLiteral("unknown operation '%1'").arg(op.left(40))));
}

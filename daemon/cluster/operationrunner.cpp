// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "operationrunner.h"

#include "clusterresultjson.h"
#include "clusterstore.h"
#include "config.h"
#include "configschema.h"
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

void OperationRunner::run(const QJsonObject &json, Answer answer) {
    const auto request = OperationRequest::fromJson(json);
    if (!request)
        return answer(HttpResponse::error(400, request.error()));
    switch (request->operation()) {
    case Operation::Status:
        return m_queries.status([answer](Result<StatusReport> report) {
            if (!report)
                return answer(HttpResponse::error(500, report.error()));
            ClusterResult rows;
            rows.rows = report->rows;
            answer(resultResponse(rows));
        });
    case Operation::PoolList:
        return m_queries.poolList([answer](Result<QList<PoolEntry>> entries) {
            if (!entries)
                return answer(HttpResponse::error(500, entries.error()));
            QJsonArray rows;
            for (const PoolEntry &entry : *entries)
                rows.append(QJsonObject{{QStringLiteral("node"), entry.node},
                                        {QStringLiteral("node_id"), entry.nodeId},
                                        {QStringLiteral("up"), entry.up}});
            answer(HttpResponse::json(200, {{QStringLiteral("pool"), rows}}));
        });
    case Operation::WebhookList:
        return webhooks(answer);
    case Operation::ConfigList:
        return config(answer);
    case Operation::Deliveries:
        return deliveries(*request, answer);
    default:
        return operation(*request, answer);
    }
}

void OperationRunner::deliveries(const OperationRequest &request, const Answer &answer) {
    m_queries.deliveries(
        request.text(Argument::Url), request.flag(Argument::Failed),
        int(request.integer(Argument::Limit)), [answer](Result<DeliveriesReport> report) {
            if (!report)
                return answer(HttpResponse::error(500, report.error()));
            QJsonArray rows;
            for (const DeliveryRow &row : report->rows)
                rows.append(QJsonObject{{QStringLiteral("node"), row.node},
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

// The settings of webhook-add, -mod and -test; secrets arrive sealed, and one that does not
// open is refused before anything changes.
Result<WebhookSettings> OperationRunner::webhookSettings(const OperationRequest &request) const {
    WebhookSettings settings;
    for (const auto &[argument, field] :
         {std::pair{Argument::Token, &WebhookSettings::token},
          std::pair{Argument::Secret, &WebhookSettings::secret},
          std::pair{Argument::SigningSecret, &WebhookSettings::signingSecret}}) {
        if (!request.spec().takes(argument))
            continue;
        auto opened = request.secret(argument, m_box);
        if (!opened)
            return Result<WebhookSettings>::failure(opened.error());
        settings.*field = *opened;
    }
    if (request.spec().takes(Argument::Events))
        settings.events = request.optionalText(Argument::Events);
    if (request.has(Argument::Parallel))
        settings.parallel = int(request.integer(Argument::Parallel));
    if (request.has(Argument::CaCert))
        settings.caCert = request.text(Argument::CaCert).toUtf8();
    if (request.has(Argument::Insecure))
        settings.insecure = request.flag(Argument::Insecure);
    return settings;
}

void OperationRunner::operation(const OperationRequest &request, const Answer &answer) {
    const QString url = request.text(Argument::Url);
    const auto done = [answer](ClusterResult result) {
        answer(resultResponse(result));
    };
    const auto settings = webhookSettings(request);
    if (!settings)
        return answer(HttpResponse::error(400, settings.error()));

    switch (request.operation()) {
    case Operation::WebhookAdd:
        return m_operations.webhookAdd(url, *settings, done);
    case Operation::WebhookMod:
        return m_operations.webhookModify(url, *settings, done);
    case Operation::WebhookTest: {
        // Testing a registered webhook without credentials uses the stored ones: the GUI
        // never has them.
        WebhookSettings test = *settings;
        if (!test.token && !test.secret) {
            if (const auto documents = ClusterStore(m_context.paths, m_context.nodeId).load()) {
                const QJsonObject stored = documents->webhooks.liveValues().value(url).toObject();
                test.token = stored.value(QStringLiteral("token")).toString();
                test.secret = stored.value(QStringLiteral("secret")).toString();
            }
        }
        return m_operations.webhookTest(url, test.token.value_or(QString()),
                                        test.secret.value_or(QString()), done);
    }
    case Operation::WebhookDel:
        return m_operations.webhookDelete(url, done);
    case Operation::ConfigSet:
        return m_operations.configSet(request.text(Argument::Name), request.text(Argument::Value),
                                      done);
    case Operation::ConfigReset:
        return m_operations.configReset(request.text(Argument::Name), done);
    case Operation::PeerAdd:
        return m_operations.peerAdd(request.text(Argument::Host), done);
    case Operation::PeerDel:
        return m_operations.peerDelete(request.text(Argument::Host), done);
    case Operation::Sync:
        return m_operations.sync(done);
    case Operation::Reload:
        return m_operations.reload(done);
    case Operation::Replay:
        return m_operations.replay(url, request.integer(Argument::SinceMs),
                                   request.flag(Argument::Dead), done,
                                   request.text(Argument::EventId));
    default:
        // The table marks every other operation as one the daemon does not run.
        return answer(HttpResponse::error(
            400,
            QStringLiteral("unknown operation '%1'").arg(Operations::name(request.operation()))));
    }
}

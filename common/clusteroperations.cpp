// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "clusteroperations.h"

#include "config.h"
#include "configschema.h"
#include "documentsecrets.h"
#include "eventfilter.h"
#include "webhooksecrets.h"
#include "webhookstore.h"

#include <QJsonArray>
#include <QSslCertificate>
#include <QUrl>

namespace {

const QString kDocumentsPath = QStringLiteral("/v1/documents");

// Applies what was given to a webhook entry's value; fails on a bad filter.
Status applySettings(QJsonObject &value, const WebhookSettings &settings) {
    if (settings.token || !value.contains(QStringLiteral("token")))
        value.insert(QStringLiteral("token"), settings.token.value_or(QString()));
    if (settings.secret || !value.contains(QStringLiteral("secret")))
        value.insert(QStringLiteral("secret"), settings.secret.value_or(QString()));
    if (settings.signingSecret) {
        if (settings.signingSecret->isEmpty()) {
            value.remove(QStringLiteral("signing_secret"));
        } else {
            if (const auto key = WebhookSecrets::parseSigningSecret(*settings.signingSecret); !key)
                return Status::failure(key.error());
            value.insert(QStringLiteral("signing_secret"), *settings.signingSecret);
        }
    }
    if (settings.parallel) {
        if (*settings.parallel < 1 || *settings.parallel > Webhook::kMaxParallel)
            return Status::failure(QStringLiteral("--parallel must be from 1 to %1 (got %2)")
                                       .arg(Webhook::kMaxParallel)
                                       .arg(*settings.parallel));
        if (*settings.parallel == 1)
            value.remove(QStringLiteral("parallel"));
        else
            value.insert(QStringLiteral("parallel"), *settings.parallel);
    }
    if (settings.caCert) {
        if (settings.caCert->isEmpty()) {
            value.remove(QStringLiteral("ca_cert"));
        } else {
            if (QSslCertificate::fromData(*settings.caCert, QSsl::Pem).isEmpty())
                return Status::failure(
                    QStringLiteral("the CA certificate file holds no PEM certificate"));
            value.insert(QStringLiteral("ca_cert"), QString::fromUtf8(*settings.caCert));
        }
    }
    if (settings.insecure) {
        if (*settings.insecure)
            value.insert(QStringLiteral("insecure"), true);
        else
            value.remove(QStringLiteral("insecure"));
    }
    // Any change re-enables a webhook its receiver had disabled with 410 Gone.
    value.remove(QStringLiteral("disabled"));
    if (settings.events) {
        const auto patterns = EventFilter::parse(*settings.events);
        if (!patterns)
            return Status::failure(patterns.error());
        if (patterns->isEmpty())
            value.remove(QStringLiteral("events"));
        else
            value.insert(QStringLiteral("events"), QJsonArray::fromStringList(*patterns));
    }
    return Status::success();
}

// The value a setting has when config.json does not set it: the default config file's, else
// the built-in default.
QJsonValue defaultValue(const QString &defaultConfigFile, const QString &name) {
    const auto defaults = Config::load(defaultConfigFile, QString());
    return (defaults ? *defaults : Config::defaults()).values().value(name);
}

} // namespace

QString describeFailure(const ControlReply &reply, const QString &host, const QString &keyPath) {
    switch (reply.outcome) {
    case ControlReply::Outcome::Ok:
        return {};
    case ControlReply::Outcome::Refused:
        return QStringLiteral("glustereventsd is not running");
    case ControlReply::Outcome::Unreachable:
        return QStringLiteral("node unreachable (%1)").arg(reply.error);
    case ControlReply::Outcome::Unauthorized:
        // A stale or replayed request is clock skew or something in between, and copying the
        // key would not help.
        return QStringLiteral("not authorized: %1").arg(reply.error);
    case ControlReply::Outcome::KeyMismatch:
        return QStringLiteral("cluster key mismatch: copy %1 from this node to %2 and restart "
                              "glustereventsd there")
            .arg(keyPath, host);
    case ControlReply::Outcome::Failed:
        return reply.error;
    }
    return reply.error;
}

ClusterOperations::ClusterOperations(ClusterContext context, QNetworkAccessManager &network,
                                     QObject *parent)
    : QObject(parent)
    , m_context(std::move(context))
    , m_store(m_context.paths, m_context.nodeId)
    , m_client(network, m_context.clusterKey, ControlClient::kOperationDeadlineMs)
    , m_pinger(network, std::nullopt, ControlClient::kOperationDeadlineMs)
    , m_box(m_context.clusterKey) {
}

QList<PoolMember> ClusterOperations::members(const ClusterDocuments &documents) const {
    return m_context.members(documents.pool);
}

QList<NodeAddress> ClusterOperations::addresses(const QList<PoolMember> &members) const {
    QList<NodeAddress> result;
    for (const PoolMember &member : members)
        result.append(m_context.addressOf(member));
    return result;
}

NodeRows ClusterOperations::rows(const QList<PoolMember> &members,
                                 const QList<ControlReply> &replies, StatusColumn column) const {
    NodeRows result;
    result.column = column;
    for (qsizetype i = 0; i < members.size(); ++i) {
        const ControlReply &reply = replies.at(i);
        NodeRow row;
        row.node = members[i].displayName();
        row.nodeUp = reply.nodeUp();
        row.ok = reply.outcome == ControlReply::Outcome::Ok;
        if (row.ok && column == StatusColumn::Replay)
            row.count = reply.body.value(QStringLiteral("replayed")).toInteger();
        if (row.ok && column == StatusColumn::Webhook &&
            !reply.body.value(QStringLiteral("ok")).toBool()) {
            row.ok = false;
            row.error = reply.body.value(QStringLiteral("error")).toString();
        } else if (!row.ok) {
            row.error = describeFailure(reply, members[i].host, m_context.paths.clusterKey);
        }
        result.rows.append(row);
    }
    return result;
}

void ClusterOperations::push(const ClusterDocuments &documents, const QList<PoolMember> &to,
                             Done done, const QStringList &notes) {
    const QJsonObject body = DocumentSecrets::seal(documents, m_box).toJson();
    m_client.sendToAll(addresses(to), "POST", kDocumentsPath, body,
                       [this, to, notes, done](const QList<ControlReply> &replies) {
                           ClusterResult result;
                           result.rows = rows(to, replies, StatusColumn::Sync);
                           result.notes = notes;
                           done(result);
                       });
}

void ClusterOperations::changeAndPush(Refusal refusalOnFileError, const Change &change, Done done,
                                      const QStringList &notes) {
    // Set by the change when it refuses; the edit runs synchronously, so this local is safe.
    Refusal refusal = Refusal::None;
    const auto documents =
        m_store.edit([&](ClusterStore::Editor &editor) { return change(editor, refusal); });
    if (!documents) {
        ClusterResult result;
        // A change that refused says so itself; anything else is the files.
        result.refusal = refusal == Refusal::None ? refusalOnFileError : refusal;
        result.error = documents.error();
        done(result);
        return;
    }
    push(*documents, members(*documents), std::move(done), notes);
}

namespace {

Status refuse(Refusal &into, Refusal refusal, const QString &why) {
    into = refusal;
    return Status::failure(why);
}

// What the admin is told about the settings (never the secret itself).
QStringList warningsAbout(const WebhookSettings &settings) {
    QStringList warnings;
    if (settings.secret && !settings.secret->isEmpty() &&
        settings.secret->toUtf8().size() < WebhookSecrets::kMinimumJwtSecretBytes)
        warnings.append(QStringLiteral("warning: the JWT secret is shorter than %1 bytes: anyone "
                                       "who sees a request it signed can guess it offline; use "
                                       "at least %1 random bytes (e.g. openssl rand -hex 32)")
                            .arg(WebhookSecrets::kMinimumJwtSecretBytes));
    return warnings;
}

} // namespace

void ClusterOperations::webhookAdd(const QString &url, const WebhookSettings &settings, Done done) {
    if (const Status valid = WebhookStore::validateUrl(url); !valid) {
        done(ClusterResult{Refusal::BadArgument, valid.error(), {}, {}});
        return;
    }
    // URLs are shown in logs, tables and --json output, so a password must not be part of one
    // (files that already hold such a URL still load; SECURITY.md).
    if (const QUrl parsed(url); !parsed.password().isEmpty()) {
        done(ClusterResult{
            Refusal::BadArgument,
            QStringLiteral("'%1' carries a password, which would show wherever the URL is shown; "
                           "give the receiver's credentials with --token or --secret instead")
                .arg(parsed.toDisplayString(QUrl::RemovePassword)),
            {},
            {}});
        return;
    }
    QJsonObject value;
    if (const Status applied = applySettings(value, settings); !applied) {
        done(ClusterResult{Refusal::BadArgument, applied.error(), {}, {}});
        return;
    }
    changeAndPush(
        Refusal::WebhooksNotWritten,
        [&](ClusterStore::Editor &editor, Refusal &refusal) {
            if (editor.documents.webhooks.isLive(url))
                return refuse(refusal, Refusal::AlreadyExists,
                              QStringLiteral("webhook %1 already exists; use "
                                             "webhook-mod to change it")
                                  .arg(url));
            editor.documents.webhooks.set(url, value, editor.nextVersion());
            return Status::success();
        },
        done, warningsAbout(settings));
}

void ClusterOperations::webhookModify(const QString &url, const WebhookSettings &settings,
                                      Done done) {
    // Bad values are refused before the files are touched (the edit below cannot fail on them).
    QJsonObject probe;
    if (const Status valid = applySettings(probe, settings); !valid) {
        done(ClusterResult{Refusal::BadArgument, valid.error(), {}, {}});
        return;
    }
    changeAndPush(
        Refusal::WebhooksNotWritten,
        [&](ClusterStore::Editor &editor, Refusal &refusal) {
            if (!editor.documents.webhooks.isLive(url))
                return refuse(refusal, Refusal::DoesNotExist,
                              QStringLiteral("webhook %1 does not exist; use "
                                             "webhook-add to register it")
                                  .arg(url));
            QJsonObject value = editor.documents.webhooks.entries().value(url).value.toObject();
            if (const Status applied = applySettings(value, settings); !applied)
                return applied;
            editor.documents.webhooks.set(url, value, editor.nextVersion());
            return Status::success();
        },
        done, warningsAbout(settings));
}

void ClusterOperations::webhookDelete(const QString &url, Done done) {
    changeAndPush(
        Refusal::WebhooksNotWritten,
        [&](ClusterStore::Editor &editor, Refusal &refusal) {
            if (!editor.documents.webhooks.isLive(url))
                return refuse(refusal, Refusal::DoesNotExist,
                              QStringLiteral("webhook %1 does not exist").arg(url));
            editor.documents.webhooks.remove(url, editor.nextVersion());
            return Status::success();
        },
        done);
}

void ClusterOperations::webhookTest(const QString &url, const QString &token, const QString &secret,
                                    Done done) {
    if (const Status valid = WebhookStore::validateUrl(url); !valid) {
        done(ClusterResult{Refusal::BadArgument, valid.error(), {}, {}});
        return;
    }
    const QJsonObject body{
        {QStringLiteral("url"), url},
        {QStringLiteral("token"), m_box.seal(token, testPlace(url, "token"))},
        {QStringLiteral("secret"), m_box.seal(secret, testPlace(url, "secret"))}};
    askAll(QStringLiteral("/v1/webhook-test"), body, StatusColumn::Webhook, std::move(done));
}

void ClusterOperations::configSet(const QString &name, const QString &value, Done done) {
    const ConfigSetting *setting = ConfigSchema::find(name);
    if (!setting) {
        done(ClusterResult{
            Refusal::UnknownName,
            QStringLiteral("unknown config name '%1'; config-get lists them").arg(name),
            {},
            {}});
        return;
    }
    const auto validated = ConfigSchema::validate(*setting, QJsonValue(value));
    if (!validated) {
        done(ClusterResult{Refusal::BadValue,
                           QStringLiteral("%1 %2").arg(setting->name, validated.error()),
                           {},
                           {}});
        return;
    }
    const QString key = setting->name;
    const QJsonValue newValue = *validated;
    const QJsonValue fallback = defaultValue(m_context.defaultConfigFile, key);
    QStringList notes;
    if (setting->needsRestart)
        notes.append(QStringLiteral("%1 takes effect when glustereventsd is restarted on every "
                                    "node")
                         .arg(key));
    changeAndPush(
        Refusal::ConfigNotWritten,
        [&](ClusterStore::Editor &editor, Refusal &refusal) {
            const auto &config = editor.documents.config;
            const QJsonValue current =
                config.isLive(key) ? config.entries().value(key).value : fallback;
            if (current == newValue)
                return refuse(refusal, Refusal::SameValue,
                              QStringLiteral("%1 is already %2; nothing changed").arg(key, value));
            editor.documents.config.set(key, newValue, editor.nextVersion());
            return Status::success();
        },
        done, notes);
}

void ClusterOperations::configReset(const QString &nameOrAll, Done done) {
    QStringList names;
    if (nameOrAll == u"all") {
        for (const ConfigSetting &setting : ConfigSchema::settings())
            names.append(setting.name);
    } else if (const ConfigSetting *setting = ConfigSchema::find(nameOrAll)) {
        names.append(setting->name);
    } else {
        done(ClusterResult{
            Refusal::UnknownName,
            QStringLiteral("unknown config name '%1'; config-get lists them").arg(nameOrAll),
            {},
            {}});
        return;
    }
    changeAndPush(
        Refusal::ConfigNotWritten,
        [&](ClusterStore::Editor &editor, Refusal &refusal) {
            bool changed = false;
            for (const QString &name : std::as_const(names)) {
                if (!editor.documents.config.isLive(name))
                    continue;
                editor.documents.config.remove(name, editor.nextVersion());
                changed = true;
            }
            if (!changed)
                return refuse(
                    refusal, Refusal::SameValue,
                    QStringLiteral("%1 already at the default; nothing changed").arg(nameOrAll));
            return Status::success();
        },
        done);
}

void ClusterOperations::peerAdd(const QString &host, Done done) {
    // The host says who it is; the pool knows it by that UUID from now on.
    m_pinger.send(
        NodeAddress{host, m_context.port}, "GET", QStringLiteral("/v1/ping"), {},
        [this, host, done](const ControlReply &reply) {
            const QString nodeId = reply.body.value(QStringLiteral("nodeid")).toString();
            if (reply.outcome != ControlReply::Outcome::Ok || nodeId.isEmpty()) {
                done(ClusterResult{
                    Refusal::CannotRun,
                    QStringLiteral("cannot reach glustereventsd on %1 port "
                                   "%2: %3")
                        .arg(host)
                        .arg(m_context.port)
                        .arg(describeFailure(reply, host, m_context.paths.clusterKey)),
                    {},
                    {}});
                return;
            }
            if (nodeId == m_context.nodeId) {
                done(ClusterResult{
                    Refusal::CannotRun, QStringLiteral("%1 is this node").arg(host), {}, {}});
                return;
            }
            changeAndPush(
                Refusal::CannotRun,
                [&](ClusterStore::Editor &editor, Refusal &) {
                    auto &pool = editor.documents.pool;
                    const QJsonObject self{{QStringLiteral("host"), m_context.selfHost}};
                    if (!pool.isLive(m_context.nodeId) ||
                        pool.entries().value(m_context.nodeId).value != self)
                        pool.set(m_context.nodeId, self, editor.nextVersion());
                    pool.set(nodeId, QJsonObject{{QStringLiteral("host"), host}},
                             editor.nextVersion());
                    return Status::success();
                },
                done);
        });
}

void ClusterOperations::peerDelete(const QString &host, Done done) {
    changeAndPush(
        Refusal::CannotRun,
        [&](ClusterStore::Editor &editor, Refusal &refusal) {
            const auto member = Pool::find(members(editor.documents), host);
            if (!member || !editor.documents.pool.isLive(member->nodeId))
                return refuse(refusal, Refusal::CannotRun,
                              QStringLiteral("unknown peer %1; pool-list shows the "
                                             "peers added with peer-add")
                                  .arg(host));
            if (member->isSelf)
                return refuse(refusal, Refusal::CannotRun,
                              QStringLiteral("%1 is this node; run peer-del from "
                                             "another node")
                                  .arg(host));
            editor.documents.pool.remove(member->nodeId, editor.nextVersion());
            return Status::success();
        },
        std::move(done));
}

void ClusterOperations::sync(Done done) {
    changeAndPush(
        Refusal::CannotRun, [](ClusterStore::Editor &, Refusal &) { return Status::success(); },
        std::move(done));
}

void ClusterOperations::reload(Done done) {
    askAll(QStringLiteral("/v1/reload"), {}, StatusColumn::Reload, std::move(done));
}

void ClusterOperations::replay(const QString &url, qint64 sinceMs, bool dead, Done done,
                               const QString &eventId) {
    const auto documents = m_store.load();
    if (!documents) {
        done(ClusterResult{Refusal::CannotRun, documents.error(), {}, {}});
        return;
    }
    if (!documents->webhooks.isLive(url)) {
        done(ClusterResult{
            Refusal::DoesNotExist,
            QStringLiteral("webhook %1 does not exist; status lists the webhooks").arg(url),
            {},
            {}});
        return;
    }
    askAll(QStringLiteral("/v1/replay"),
           {{QStringLiteral("url"), url},
            {QStringLiteral("since_ms"), double(sinceMs)},
            {QStringLiteral("dead"), dead},
            {QStringLiteral("event"), eventId}},
           StatusColumn::Replay, std::move(done));
}

void ClusterOperations::askAll(const QString &path, const QJsonObject &body, StatusColumn column,
                               Done done) {
    const auto documents = m_store.load();
    if (!documents) {
        done(ClusterResult{Refusal::CannotRun, documents.error(), {}, {}});
        return;
    }
    const QList<PoolMember> to = members(*documents);
    m_client.sendToAll(addresses(to), "POST", path, body,
                       [this, to, column, done](const QList<ControlReply> &replies) {
                           ClusterResult result;
                           result.rows = rows(to, replies, column);
                           done(result);
                       });
}

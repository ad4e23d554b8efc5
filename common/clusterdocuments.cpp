// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "clusterdocuments.h"

#include "configschema.h"
#include "webhookstore.h"

#include <algorithm>

namespace {

const QString kWebhooks = QStringLiteral("webhooks");
const QString kConfig = QStringLiteral("config");
const QString kPool = QStringLiteral("pool");

void prefixed(QStringList &into, const QString &document, const QStringList &keys) {
    for (const QString &key : keys)
        into.append(document + u'/' + key);
}

} // namespace

QStringList ClusterDocuments::merge(const ClusterDocuments &remote) {
    QStringList adopted;
    prefixed(adopted, kWebhooks, webhooks.merge(remote.webhooks));
    prefixed(adopted, kConfig, config.merge(remote.config));
    prefixed(adopted, kPool, pool.merge(remote.pool));
    return adopted;
}

quint64 ClusterDocuments::highestCounter() const {
    return std::max({webhooks.highestCounter(), config.highestCounter(), pool.highestCounter()});
}

namespace {

// Keeps the entries `accept` lets through (tombstones need only a plausible version).
VersionedDocument
filtered(const VersionedDocument &document, const QString &name, QStringList *rejected,
         const std::function<Result<QJsonValue>(const QString &, const QJsonValue &)> &accept) {
    VersionedDocument result;
    for (auto it = document.entries().cbegin(); it != document.entries().cend(); ++it) {
        if (it->version.counter > ClusterDocuments::kMaxCounter || it->version.node.isEmpty()) {
            rejected->append(QStringLiteral("%1/%2: implausible version %3")
                                 .arg(name, it.key())
                                 .arg(it->version.counter));
            continue;
        }
        if (it->deleted) {
            result.remove(it.key(), it->version);
            continue;
        }
        const auto value = accept(it.key(), it->value);
        if (!value) {
            rejected->append(QStringLiteral("%1/%2: %3").arg(name, it.key(), value.error()));
            continue;
        }
        result.set(it.key(), *value, it->version);
    }
    return result;
}

} // namespace

ClusterDocuments ClusterDocuments::sanitized(const ClusterDocuments &remote,
                                             QStringList *rejected) {
    ClusterDocuments clean;
    clean.webhooks =
        filtered(remote.webhooks, kWebhooks, rejected,
                 [](const QString &url, const QJsonValue &value) -> Result<QJsonValue> {
                     const auto parsed = WebhookStore::fromJson(QJsonObject{{url, value}},
                                                                QStringLiteral("webhook"));
                     if (!parsed)
                         return Result<QJsonValue>::failure(parsed.error());
                     return WebhookStore::toJson(*parsed).value(url);
                 });
    clean.config =
        filtered(remote.config, kConfig, rejected,
                 [](const QString &name, const QJsonValue &value) -> Result<QJsonValue> {
                     const ConfigSetting *setting = ConfigSchema::find(name);
                     if (!setting)
                         return value; // a newer node's setting: kept, not used here
                     if (name != setting->name)
                         return Result<QJsonValue>::failure(
                             QStringLiteral("not the canonical name %1").arg(setting->name));
                     return ConfigSchema::validate(*setting, value);
                 });
    clean.pool =
        filtered(remote.pool, kPool, rejected,
                 [](const QString &, const QJsonValue &value) -> Result<QJsonValue> {
                     if (value.toObject().value(QStringLiteral("host")).toString().isEmpty())
                         return Result<QJsonValue>::failure(QStringLiteral("no host"));
                     return value;
                 });
    return clean;
}

ClusterDocuments ClusterDocuments::shareable() const {
    QStringList unusable;
    return sanitized(*this, &unusable);
}

QJsonObject ClusterDocuments::toJson() const {
    return {{kWebhooks, webhooks.toJson()}, {kConfig, config.toJson()}, {kPool, pool.toJson()}};
}

Result<ClusterDocuments> ClusterDocuments::fromJson(const QJsonObject &json,
                                                    const QString &origin) {
    using R = Result<ClusterDocuments>;
    ClusterDocuments documents;
    const std::pair<const QString *, VersionedDocument *> parts[] = {
        {&kWebhooks, &documents.webhooks},
        {&kConfig, &documents.config},
        {&kPool, &documents.pool}};
    for (const auto &[name, target] : parts) {
        const QJsonValue part = json.value(*name);
        if (part.isUndefined())
            continue;
        if (!part.isObject())
            return R::failure(QStringLiteral("%1: %2 must be an object").arg(origin, *name));
        auto parsed = VersionedDocument::fromJson(part.toObject(), origin + u'/' + *name);
        if (!parsed)
            return R::failure(parsed.error());
        *target = std::move(parsed).value();
    }
    return documents;
}

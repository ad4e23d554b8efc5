#include "clusterdocuments.h"

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

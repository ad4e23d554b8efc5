// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "documentsecrets.h"

namespace {

const QString kSecretFields[] = {QStringLiteral("token"), QStringLiteral("secret"),
                                 QStringLiteral("signing_secret")};

// Applies `transform` to the secret fields of every live webhook entry.
template <typename Transform>
Result<ClusterDocuments> mapSecrets(const ClusterDocuments &documents, Transform transform) {
    ClusterDocuments result = documents;
    VersionedDocument webhooks;
    for (auto it = documents.webhooks.entries().cbegin(); it != documents.webhooks.entries().cend();
         ++it) {
        if (it->deleted) {
            webhooks.remove(it.key(), it->version);
            continue;
        }
        QJsonObject value = it->value.toObject();
        for (const QString &field : kSecretFields) {
            if (!value.contains(field))
                continue;
            auto mapped = transform(value.value(field).toString(),
                                    SealPlace{QStringLiteral("webhooks"), it.key(), field});
            if (!mapped)
                return Result<ClusterDocuments>::failure(
                    QStringLiteral("%1 of webhook %2: %3").arg(field, it.key(), mapped.error()));
            value.insert(field, *mapped);
        }
        webhooks.set(it.key(), value, it->version);
    }
    result.webhooks = webhooks;
    return result;
}

} // namespace

namespace DocumentSecrets {

ClusterDocuments seal(const ClusterDocuments &documents, const SecretBox &box) {
    return mapSecrets(documents.shareable(),
                      [&box](const QString &plain, const SealPlace &place) {
                          return Result<QString>(box.seal(plain, place));
                      })
        .value();
}

Result<ClusterDocuments> open(const ClusterDocuments &documents, const SecretBox &box) {
    return mapSecrets(documents, [&box](const QString &sealed, const SealPlace &place) {
        return box.open(sealed, place);
    });
}

} // namespace DocumentSecrets

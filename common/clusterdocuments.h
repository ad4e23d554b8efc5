#pragma once

#include "versioneddocument.h"

// The three documents every node keeps the same (SPEC §5): webhooks (by URL: the entry of
// webhooks.json), config (by name: its value), pool (by node UUID: {"host": ...}).
struct ClusterDocuments {
    VersionedDocument webhooks;
    VersionedDocument config;
    VersionedDocument pool;

    // Adopts every newer remote entry; returns what was adopted as "document/key".
    QStringList merge(const ClusterDocuments &remote);
    quint64 highestCounter() const;

    QJsonObject toJson() const;
    static Result<ClusterDocuments> fromJson(const QJsonObject &json, const QString &origin);
};

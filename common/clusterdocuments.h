// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "versioneddocument.h"

// The three documents every node keeps the same (docs/contract.md): webhooks (by URL: the entry
// of webhooks.json), config (by name: its value), pool (by node UUID: {"host": ...}).
struct ClusterDocuments {
    VersionedDocument webhooks;
    VersionedDocument config;
    VersionedDocument pool;

    // Adopts every newer remote entry; returns what was adopted as "document/key".
    QStringList merge(const ClusterDocuments &remote);

    // Documents from another node made safe to merge: webhook values in the file's normal form,
    // config values validated, implausible versions dropped. What was dropped is said in
    // `rejected`, one line each; a bad entry never stops the good ones.
    static ClusterDocuments sanitized(const ClusterDocuments &remote, QStringList *rejected);
    // What of these documents a peer would accept (sanitized): what may leave this node. A local
    // entry the daemon skips (a hand edit it cannot use) stays here.
    ClusterDocuments shareable() const;

    // No version counter beyond this is adopted: far more changes than a cluster ever makes,
    // and far below what JSON numbers hold exactly, so a node's clock can never be pushed to
    // where its own documents stop loading.
    static constexpr quint64 kMaxCounter = quint64(1) << 40;
    quint64 highestCounter() const;

    QJsonObject toJson() const;
    static Result<ClusterDocuments> fromJson(const QJsonObject &json, const QString &origin);
};

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "result.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QMap>
#include <QString>

// One entry's version: a Lamport counter, with the node UUID that wrote it breaking ties, so
// every node orders any two versions the same way.
struct Version {
    quint64 counter = 0;
    QString node;

    bool operator<(const Version &other) const {
        return counter != other.counter ? counter < other.counter : node < other.node;
    }
    bool operator==(const Version &other) const {
        return counter == other.counter && node == other.node;
    }
};

// An entry of a synced document. A deletion keeps the entry as a marker (tombstone) with its
// own version, so a node that missed the deletion cannot bring the entry back.
struct VersionedEntry {
    Version version;
    bool deleted = false;
    QJsonValue value; // undefined when deleted
};

// A synced document (webhooks, config or pool): key -> versioned entry.
class VersionedDocument {
public:
    const QMap<QString, VersionedEntry> &entries() const { return m_entries; }
    // The live (not deleted) entries' values, as the plain file holds them.
    QJsonObject liveValues() const;
    bool isLive(const QString &key) const;

    void set(const QString &key, const QJsonValue &value, const Version &version);
    void remove(const QString &key, const Version &version);

    // Adopts every remote entry whose version is newer than ours. Returns the keys adopted.
    QStringList merge(const VersionedDocument &remote);
    quint64 highestCounter() const;

    QJsonObject toJson() const;
    static Result<VersionedDocument> fromJson(const QJsonObject &json, const QString &origin);

private:
    QMap<QString, VersionedEntry> m_entries;
};

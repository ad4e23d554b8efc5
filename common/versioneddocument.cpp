// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "versioneddocument.h"

#include <algorithm>

namespace {

const QString kCounter = QStringLiteral("counter");
const QString kNode = QStringLiteral("node");
const QString kDeleted = QStringLiteral("deleted");
const QString kValue = QStringLiteral("value");

} // namespace

QJsonObject VersionedDocument::liveValues() const {
    QJsonObject values;
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it) {
        if (!it->deleted)
            values.insert(it.key(), it->value);
    }
    return values;
}

bool VersionedDocument::isLive(const QString &key) const {
    const auto it = m_entries.constFind(key);
    return it != m_entries.cend() && !it->deleted;
}

void VersionedDocument::set(const QString &key, const QJsonValue &value, const Version &version) {
    m_entries.insert(key, VersionedEntry{version, false, value});
}

void VersionedDocument::remove(const QString &key, const Version &version) {
    m_entries.insert(key, VersionedEntry{version, true, QJsonValue()});
}

QStringList VersionedDocument::merge(const VersionedDocument &remote) {
    QStringList adopted;
    for (auto it = remote.m_entries.cbegin(); it != remote.m_entries.cend(); ++it) {
        const auto local = m_entries.constFind(it.key());
        if (local != m_entries.cend() && !(local->version < it->version))
            continue;
        m_entries.insert(it.key(), *it);
        adopted.append(it.key());
    }
    return adopted;
}

quint64 VersionedDocument::highestCounter() const {
    quint64 highest = 0;
    for (const VersionedEntry &entry : m_entries)
        highest = std::max(highest, entry.version.counter);
    return highest;
}

QJsonObject VersionedDocument::toJson() const {
    QJsonObject json;
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it) {
        QJsonObject entry{{kCounter, qint64(it->version.counter)}, {kNode, it->version.node}};
        if (it->deleted)
            entry.insert(kDeleted, true);
        else
            entry.insert(kValue, it->value);
        json.insert(it.key(), entry);
    }
    return json;
}

Result<VersionedDocument> VersionedDocument::fromJson(const QJsonObject &json,
                                                      const QString &origin) {
    using R = Result<VersionedDocument>;
    VersionedDocument document;
    for (auto it = json.begin(); it != json.end(); ++it) {
        const QJsonObject entry = it->toObject();
        const QJsonValue counter = entry.value(kCounter);
        const QJsonValue node = entry.value(kNode);
        const bool deleted = entry.value(kDeleted).toBool(false);
        if (!it->isObject() || !counter.isDouble() || counter.toDouble() < 0 ||
            counter.toDouble() > 9007199254740991.0 || !node.isString() ||
            (!deleted && !entry.contains(kValue)))
            return R::failure(QStringLiteral("%1: entry '%2' has no valid version")
                                  .arg(origin, it.key().left(200)));
        const Version version{quint64(counter.toInteger()), node.toString()};
        if (deleted)
            document.remove(it.key(), version);
        else
            document.set(it.key(), entry.value(kValue), version);
    }
    return document;
}

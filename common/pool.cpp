// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "pool.h"

#include <QDir>
#include <QFile>

#include <optional>

namespace {

// glusterd's peer files: key=value lines, of which uuid= and hostname1= matter here.
std::optional<PoolMember> readGlusterdPeer(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return std::nullopt;
    PoolMember member;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.startsWith(u"uuid="))
            member.nodeId = line.mid(5).trimmed().toLower();
        else if (line.startsWith(u"hostname1="))
            member.host = line.mid(10).trimmed();
    }
    if (member.nodeId.isEmpty() || member.host.isEmpty())
        return std::nullopt;
    return member;
}

} // namespace

namespace Pool {

QList<PoolMember> members(const QString &glusterdPeersDir, const QString &selfId,
                          const QString &selfHost, const VersionedDocument &pool) {
    QList<PoolMember> result{PoolMember{selfId, selfHost, true}};
    const auto known = [&result](const QString &id) {
        return std::any_of(result.cbegin(), result.cend(),
                           [&id](const PoolMember &m) { return m.nodeId == id; });
    };
    const QDir peersDir(glusterdPeersDir);
    for (const QString &name : peersDir.entryList(QDir::Files, QDir::Name)) {
        const auto peer = readGlusterdPeer(peersDir.filePath(name));
        if (peer && !known(peer->nodeId))
            result.append(*peer);
    }
    const QJsonObject live = pool.liveValues();
    for (auto it = live.begin(); it != live.end(); ++it) {
        const QString host = it->toObject().value(QStringLiteral("host")).toString();
        if (!host.isEmpty() && !known(it.key()))
            result.append(PoolMember{it.key(), host, false});
    }
    return result;
}

std::optional<PoolMember> find(const QList<PoolMember> &members, const QString &hostOrId) {
    for (const PoolMember &member : members) {
        if (member.host == hostOrId || member.nodeId == hostOrId.toLower())
            return member;
    }
    return std::nullopt;
}

} // namespace Pool

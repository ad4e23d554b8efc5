// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "versioneddocument.h"

#include <QList>
#include <QString>

// A member of the pool: known by node UUID, reached by the host it was added with.
struct PoolMember {
    QString nodeId;
    QString host;
    bool isSelf = false;

    // How tables name it: this node is "localhost" whatever address it was added under.
    QString displayName() const { return isSelf ? QStringLiteral("localhost") : host; }
};

namespace Pool {

// This node first, then glusterd's peers (<workdir>/peers/*: uuid=, hostname1=), then the
// members added with peer-add (the pool document); each UUID once.
QList<PoolMember> members(const QString &glusterdPeersDir, const QString &selfId,
                          const QString &selfHost, const VersionedDocument &pool);

// The live pool member with this host (or UUID), if any.
std::optional<PoolMember> find(const QList<PoolMember> &members, const QString &hostOrId);

} // namespace Pool

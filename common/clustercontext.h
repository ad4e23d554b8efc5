// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "controlclient.h"
#include "eventspaths.h"
#include "pool.h"

// What a cluster operation needs to know about the node it runs on.
struct ClusterContext {
    EventsPaths paths{QString()};
    QString nodeId;
    QByteArray clusterKey;
    QString defaultConfigFile;
    NodeAddress self; // where this node's daemon answers
    QString selfHost; // how the other nodes reach this node
    quint16 port = 0; // the control port of every node (config `port`)

    // This node, glusterd's peers and the pool document's members (see Pool::members).
    QList<PoolMember> members(const VersionedDocument &pool) const {
        return Pool::members(paths.glusterdPeers, nodeId, selfHost, pool);
    }
    NodeAddress addressOf(const PoolMember &member) const {
        return member.isSelf ? self : NodeAddress{member.host, port, member.nodeId};
    }
};

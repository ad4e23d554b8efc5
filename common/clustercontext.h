#pragma once

#include "controlclient.h"
#include "eventspaths.h"

// What a cluster operation needs to know about the node it runs on.
struct ClusterContext {
    EventsPaths paths{QString()};
    QString nodeId;
    QByteArray clusterKey;
    QString defaultConfigFile;
    NodeAddress self; // where this node's daemon answers
    QString selfHost; // how the other nodes reach this node
    quint16 port = 0; // the control port of every node (config `port`)
};

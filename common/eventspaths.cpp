// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "eventspaths.h"

#include <QDir>

EventsPaths::EventsPaths(const QString &workdirPath)
    : workdir(QDir::cleanPath(workdirPath))
    , eventsDir(workdir + u"/events")
    , glusterdInfo(workdir + u"/glusterd.info")
    , glusterdPeers(workdir + u"/peers")
    , webhooks(eventsDir + u"/webhooks.json")
    , config(eventsDir + u"/config.json")
    , peers(eventsDir + u"/peers.json")
    , state(eventsDir + u"/state.json")
    , node(eventsDir + u"/node.json")
    , clusterKey(eventsDir + u"/cluster.key")
    , clusterKeyMinted(eventsDir + u"/cluster.key.minted")
    , daemon(eventsDir + u"/daemon.json")
    , nodeId(eventsDir + u"/node.id")
    , lock(eventsDir + u"/.lock") {
}

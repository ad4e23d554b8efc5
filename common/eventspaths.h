// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include <QString>

// Where every file of docs/contract.md lives, derived from glusterd's work dir. Everything this
// project writes is under <workdir>/events/; glusterd's own files are only read.
struct EventsPaths {
    explicit EventsPaths(const QString &workdir);

    QString workdir;
    QString eventsDir;
    QString glusterdInfo;  // read: UUID=
    QString glusterdPeers; // read: one file per peer
    QString webhooks;
    QString config;
    QString peers;
    QString state;
    QString node;
    QString clusterKey;
    QString clusterKeyMinted; // the fingerprint of a key made here that no peer holds yet
    QString daemon;
    QString nodeId;
    QString lock;
};

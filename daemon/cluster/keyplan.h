// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// What one daemon of a glusterd pool does about the cluster key, decided from what it and its
// peers' daemons said on /v1/ping (decision 017). Pure: ClusterKeyBootstrap gathers the facts
// and carries the plan out. Conservative, because those answers are not authenticated: a key
// in use is never replaced by these rules, only a key no node has taken up yet.
struct KeyHolder {
    QString nodeId;
    QString host;
    QString fingerprint; // empty: no key yet
    // False only for a key this daemon made itself and no peer has been seen holding: it may
    // still yield. A key that came from a file (glusterd's copy, the admin) is in use.
    bool inUse = true;
    bool known = true; // false: a daemon too old to say which key it holds
};

struct KeyPlan {
    enum class Action {
        Settled, // nothing to do
        Wait,    // a key is coming, or a peer's state is unknown, or the admin must choose
        Mint,    // nobody has a key and this node has the lowest UUID: make one
        Copy,    // send this node's key to the pool (to the peers in `copyFor`)
    };
    Action action = Action::Settled;
    // The keyless peers (or peers whose key yields) the copy is for.
    QStringList copyFor;
    // Some peer holds the same key: it is in use from now on.
    bool markInUse = false;
    // Peers whose key differs and that no rule may overwrite, one line each for the admin.
    QStringList conflicts;
};

// `peers` are the daemons that answered; `everyPeerAnswered` says whether that is all of
// glusterd's peers. Nothing is made or sent while a peer's key is unknown: glusterd's copy
// reaches every peer, and an unknown key may be in use.
KeyPlan planKey(const KeyHolder &self, const QList<KeyHolder> &peers, bool everyPeerAnswered);

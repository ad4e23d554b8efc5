#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// What one daemon of a glusterd pool does about the cluster key, decided from what it and the
// peers that answered /v1/ping hold (decision 017). Pure: the bootstrap gathers the facts and
// carries the plan out.
struct KeyHolder {
    QString nodeId;
    QString host;
    QString fingerprint; // empty: no key yet
    bool shared = false; // a peer has been seen holding the same key: it is in use
    bool known = true;   // false: a daemon too old to say which key it holds
};

struct KeyPlan {
    enum class Action {
        Settled, // every peer that answered holds this key, or none answered
        Wait,    // a key is coming (or must be chosen by the admin): do nothing now
        Mint,    // no key anywhere and this node has the lowest UUID: make one
        Copy,    // send this node's key to the pool through glusterd
    };
    Action action = Action::Settled;
    // Some peer holds the same key: record it as shared, so it is never replaced silently.
    bool markShared = false;
    // Peers whose key differs and that no rule may overwrite, one line each for the admin.
    QStringList conflicts;
};

KeyPlan planKey(const KeyHolder &self, const QList<KeyHolder> &peers);

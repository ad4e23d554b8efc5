// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "keyplan.h"

#include <algorithm>

namespace {

QString conflictLine(const KeyHolder &self, const KeyHolder &peer) {
    if (!peer.known)
        return QStringLiteral("%1 runs a glustereventsd too old to say which cluster key it holds: "
                              "upgrade it")
            .arg(peer.host);
    return QStringLiteral("%1 uses cluster key %2, this node %3, and both are in use: on a node "
                          "whose key the pool keeps, run: gluster system:: copy file "
                          "/events/cluster.key")
        .arg(peer.host, peer.fingerprint, self.fingerprint);
}

} // namespace

KeyPlan planKey(const KeyHolder &self, const QList<KeyHolder> &peers, bool everyPeerAnswered) {
    KeyPlan plan;
    if (self.fingerprint.isEmpty()) {
        // A peer with a key sends it. Only when every peer answered without one may the lowest
        // UUID make the pool's key, so that two nodes starting together do not make two.
        const bool keyNearby = std::any_of(peers.cbegin(), peers.cend(), [](const KeyHolder &p) {
            return !p.known || !p.fingerprint.isEmpty();
        });
        const bool lowest = std::all_of(peers.cbegin(), peers.cend(), [&self](const KeyHolder &p) {
            return self.nodeId < p.nodeId;
        });
        plan.action = everyPeerAnswered && !keyNearby && lowest ? KeyPlan::Action::Mint
                                                                : KeyPlan::Action::Wait;
        return plan;
    }

    bool mustNotCopy = !everyPeerAnswered;
    for (const KeyHolder &peer : peers) {
        if (peer.known && peer.fingerprint == self.fingerprint) {
            plan.markInUse = true;
        } else if (peer.known && peer.fingerprint.isEmpty()) {
            plan.copyFor.append(peer.nodeId);
        } else if (peer.known && !peer.inUse && (self.inUse || self.nodeId < peer.nodeId)) {
            // A key only its own maker holds yields to one in use, or to the lower UUID's.
            plan.copyFor.append(peer.nodeId);
        } else if (peer.known && !self.inUse && !peer.inUse) {
            mustNotCopy = true; // ours yields: the peer sends its key
        } else if (peer.known && !self.inUse) {
            mustNotCopy = true; // ours yields to the key in use
        } else {
            // Both keys in use, or the peer cannot say: only the admin can choose.
            plan.conflicts.append(conflictLine(self, peer));
            mustNotCopy = true;
        }
    }
    // glusterd copies to every peer at once, so one peer whose key must stay stops it.
    if (!plan.copyFor.isEmpty() && !mustNotCopy)
        plan.action = KeyPlan::Action::Copy;
    else if (!plan.copyFor.isEmpty() || mustNotCopy)
        plan.action = KeyPlan::Action::Wait;
    if (plan.action != KeyPlan::Action::Copy)
        plan.copyFor.clear();
    return plan;
}

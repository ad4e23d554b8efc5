#include "keyplan.h"

#include <algorithm>

namespace {

// Between two keys of which neither may simply win, the one held by the lower UUID does: every
// node applies the same rule, so they agree without talking.
bool winsOver(const KeyHolder &a, const KeyHolder &b) {
    if (a.shared != b.shared)
        return a.shared;
    return a.nodeId < b.nodeId;
}

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

KeyPlan planKey(const KeyHolder &self, const QList<KeyHolder> &peers) {
    KeyPlan plan;
    if (self.fingerprint.isEmpty()) {
        // A peer with a key sends it; until then only the lowest UUID of the keyless may mint,
        // so that two nodes starting together do not make two keys.
        const bool keyNearby = std::any_of(peers.cbegin(), peers.cend(), [](const KeyHolder &p) {
            return !p.known || !p.fingerprint.isEmpty();
        });
        const bool lowest = std::all_of(peers.cbegin(), peers.cend(), [&self](const KeyHolder &p) {
            return self.nodeId < p.nodeId;
        });
        plan.action = !keyNearby && lowest ? KeyPlan::Action::Mint : KeyPlan::Action::Wait;
        return plan;
    }

    bool someoneNeedsOurs = false;
    bool mustNotCopy = false;
    for (const KeyHolder &peer : peers) {
        if (peer.known && peer.fingerprint == self.fingerprint) {
            plan.markShared = true;
        } else if (peer.known && peer.fingerprint.isEmpty()) {
            someoneNeedsOurs = true;
        } else if (peer.known && !(peer.shared && self.shared)) {
            // A key not yet in use yields; the peer whose key wins sends it to us.
            if (winsOver(self, peer))
                someoneNeedsOurs = true;
            else
                mustNotCopy = true;
        } else {
            // Both keys are in use, or the peer cannot say: only the admin can choose.
            plan.conflicts.append(conflictLine(self, peer));
            mustNotCopy = true;
        }
    }
    // glusterd copies to every peer at once, so one peer whose key must stay stops it.
    if (someoneNeedsOurs && !mustNotCopy)
        plan.action = KeyPlan::Action::Copy;
    else if (someoneNeedsOurs || mustNotCopy)
        plan.action = KeyPlan::Action::Wait;
    return plan;
}

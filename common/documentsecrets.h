// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "clusterdocuments.h"
#include "secretbox.h"

// Webhook tokens and secrets never cross the network in clear: documents are sealed before
// they leave a node and opened when they arrive, each bound to its webhook and field.
namespace DocumentSecrets {

// Only what a peer would accept is sealed (ClusterDocuments::shareable): an entry this node
// skips would only be rejected there at every sync, and its token, were it not a string, would
// be sealed as an empty one and so become usable.

ClusterDocuments seal(const ClusterDocuments &documents, const SecretBox &box);
Result<ClusterDocuments> open(const ClusterDocuments &documents, const SecretBox &box);

} // namespace DocumentSecrets

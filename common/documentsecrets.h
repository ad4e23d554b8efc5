#pragma once

#include "clusterdocuments.h"
#include "secretbox.h"

// Webhook tokens and secrets never cross the network in clear: documents are sealed before
// they leave a node and opened when they arrive (SPEC §5).
namespace DocumentSecrets {

ClusterDocuments seal(const ClusterDocuments &documents, const SecretBox &box);
Result<ClusterDocuments> open(const ClusterDocuments &documents, const SecretBox &box);

} // namespace DocumentSecrets

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "eventspaths.h"
#include "result.h"

// This node's UUID (docs/contract.md, node identity): the UUID= line of glusterd.info when
// glusterd is there, otherwise events/node.id, created with a fresh UUID on first use. glusterd's
// files are never written.
namespace NodeIdentity {

Result<QString> load(const EventsPaths &paths);

} // namespace NodeIdentity

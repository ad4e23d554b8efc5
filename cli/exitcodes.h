// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "clusterresult.h"

// The exit code of each refusal, as docs/contract.md lists them per command; the operation
// table says which refusals each command can end with.
int refusalExitCode(Refusal refusal);
// A command that asked every node: 0 every node OK, 3 none, 4 some.
int rowsExitCode(const ClusterResult &result);

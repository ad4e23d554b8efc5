// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "clustercontext.h"
#include "commandline.h"
#include "result.h"

// Where the CLI runs: glusterd's work dir and the default config file (options, then the
// environment, then the defaults of docs/contract.md), and the node it speaks for.
struct CliPaths {
    EventsPaths paths;
    QString defaultConfigFile;
};

CliPaths resolvePaths(const CliCommand &command);

// This node's identity, cluster key and daemon address (events/daemon.json, else --listen,
// else loopback on the config port). Commands that only ping (status, pool-list) run with an
// empty key while this node waits for the pool's (KeyNeed::Optional).
enum class KeyNeed { Required, Optional };
Result<ClusterContext> resolveContext(const CliCommand &command, const CliPaths &where,
                                      KeyNeed keyNeed = KeyNeed::Required);

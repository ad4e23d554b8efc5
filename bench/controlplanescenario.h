// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once
// One point of bench_control_plane's curve: a pool of `nodes` daemons (ControlPool), the real
// CLI run on its first node. With every node up, `status`, `webhook-add` and `config-set`
// `repeats` times each. Then its last node is stopped with SIGSTOP (its kernel still takes
// connections, nothing answers them), `status` and `config-set` are run once each, and the
// node is let run again once it has been stopped for a whole catch-up interval
// (PeerSync::kIntervalMs), as a node hung for longer is: its catch-up is then due at once, and
// the figure is how long it takes, from SIGCONT until its config.json holds the value set
// while it was hung. (A node hung for less catches up at its next pull, within that interval.)
#include "controlplaneverdict.h"

PoolPoint measurePoolPoint(int nodes, int repeats);

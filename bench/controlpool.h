// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once
// A pool of real daemons on one machine, each on an address of its own from 127.0.0.100 and all
// on one port, as a Gluster pool's nodes are: work dirs as glusterd leaves them (the node's UUID
// in glusterd.info, its peers in peers/), and one cluster key copied to every node. No gluster
// CLI is called: the key is there before the daemons start, and its distribution is off.
//
// Only the first node (where the CLI runs) and the last (the one hung) know the whole pool;
// the others know only themselves. On one machine every daemon's connections come from
// 127.0.0.1, and a daemon takes at most 16 connections from one client address (daemon.md,
// control server limits): were every node to pull from every other, as on a real pool where
// each has its own address, the first node would refuse the CLI for the peers' connections.
// What the CLI asks of each node, and what each node does for it, is as on a real pool; the
// background catch-up of the other nodes, and its CPU on these 2 cores, are left out.
#include "daemonprocess.h"

#include <memory>
#include <vector>

class ControlPool {
public:
    static constexpr int kMaxNodes = 100;

    explicit ControlPool(int nodes);
    // Every daemon is let run again, then stopped.
    ~ControlPool();
    ControlPool(const ControlPool &) = delete;
    ControlPool &operator=(const ControlPool &) = delete;

    // Starts every daemon; false, with why, when one did not start.
    bool start(QString *why);
    // Waits, at most `limitMs`, until the daemons together use less than a tenth of a core:
    // at start each asks every other for its documents.
    void waitUntilQuiet(int limitMs) const;

    int size() const { return int(m_nodes.size()); }
    DaemonProcess &node(int index) { return *m_nodes.at(size_t(index)); }
    static QString addressOf(int index);

private:
    std::vector<std::unique_ptr<DaemonProcess>> m_nodes;
};

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once
// A pool of real daemons on one machine, each on an address of its own from 127.0.0.100 and all
// on one port, as a Gluster pool's nodes are: every work dir as glusterd leaves it (its UUID in
// glusterd.info, every other node in peers/), so that each node knows every other without
// peer-add, and one cluster key copied to every node. No gluster CLI is called: the key is
// there before the daemons start, and its distribution is off.
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

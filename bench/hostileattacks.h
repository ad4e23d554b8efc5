// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once
// The attacks of bench_hostile_peers, each what a hostile peer on the storage network (or a
// local user) can do to a node's daemon without any key. Each runs against a started daemon,
// fills in what it sent and whether it ran to its end, and stops early once the daemon's
// resident memory passes the safety limit, so that a bad build cannot take the machine down.
#include "attackeddaemon.h"
#include "hostileverdict.h"

#include <QByteArray>

struct AttackSettings {
    qint64 safetyKiB = 2 * 1024 * 1024;
    QString cliBinary;
};

// One connection to the control port with a 4 KiB receive buffer, pipelining GET /metrics as
// fast as the socket takes it for 8 s and never reading a byte. Reconnects if the daemon
// closes it. `sent` is the bytes of requests.
void neverReadingClient(AttackedDaemon &daemon, const AttackSettings &settings, ScenarioRun *run);

// 10,000 well-formed events of 65,000 bytes, most of them control bytes, sent to the UDP port
// as fast as the daemon's receive queue takes them. `sent` is the datagrams sent.
void udpFlood(AttackedDaemon &daemon, const AttackSettings &settings, ScenarioRun *run);

// 16 connections from each of 127.0.0.2 .. 127.0.0.9, held open (and, with `drip`, sending one
// byte of a request a second), reopened whenever the daemon closes them; meanwhile the real
// CLI runs `status`. `sent` is the connections opened.
void holdSlots(AttackedDaemon &daemon, const AttackSettings &settings, bool drip, ScenarioRun *run);

// Shared by the attacks.
namespace Attack {

// True, with the reason in `run`, once the daemon is gone or its resident memory passed the
// safety limit: the attack must stop.
bool mustStop(AttackedDaemon &daemon, const AttackSettings &settings, ScenarioRun *run);

// A non-blocking TCP socket, bound to `source` unless it is empty, connecting to
// `address`:`port` (the connection may still be in progress). `receiveBufferBytes` > 0 is set
// before connecting, so that the window advertised is that small. -errno on failure.
int openConnection(const QByteArray &source, const QString &address, quint16 port,
                   int receiveBufferBytes = 0);
// Whether a connection from openConnection() completed within `timeoutMs`.
bool waitConnected(int fd, int timeoutMs);

} // namespace Attack

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once
// bench_backlog's measuring, on a real glustereventsd: a backlog spooled through UDP while the
// receiver is down, read at each point of the curve; the daemon restarted with it and timed to
// ready and to its first delivery; the backlog drained to bench_sink and counted by webhook-id;
// `deliveries` and `replay` by the real CLI on that spool, before and after the drain.
#include "backlogverdict.h"

#include <QList>

class BenchRun;

struct BacklogPlan {
    QList<qint64> points;     // queued events at which the curve is read, rising; the last is all
    double sendRate = 20'000; // datagrams a second while filling
    int cliRepeats = 3;       // each control request this often, the median reported
};

void measureBacklog(BenchRun &bench, const BacklogPlan &plan, BacklogRun *run);

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once
// The parts of bench_many_webhooks. The first two record their figures for one round into a
// BenchRun, and each way they can fail records that failure for the figures the round would
// have given; the third gives its windows and outage for judgeIsolation().
#include "isolationverdict.h"
#include "manywebhooksplan.h"

class BenchRun;

// Start-up (exec until the daemon listens) with the few and with the many webhooks, then, once
// each daemon has delivered a first event to every webhook and idled, its resident memory:
// the many's less the few's, per webhook more.
void measureStartup(BenchRun &run, const ManyWebhooksPlan &plan, int round);
// A backlog of plan.events drained to the few, then to the many (measureDrain), with
// GET /v1/ping timed throughout.
void measureThroughput(BenchRun &run, const ManyWebhooksPlan &plan, int round);

struct IsolationRun {
    LatencyWindow first;
    LatencyWindow second;
    LatencyWindow outage;
    OutageState state;
};
// Two windows at plan.rate with every receiver up, then, on another daemon, the outage built
// as the plan says and a third window with it. Also records the outage's figures (failures,
// queue, connections held) into `run`.
IsolationRun measureIsolation(BenchRun &run, const ManyWebhooksPlan &plan);

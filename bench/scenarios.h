// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once
// The parts of events_bench, each recording its figures for one round into a BenchRun. Every
// way a part can fail records that failure for each figure the round would have given, so the
// summary can say MISSED where the figure is missing.
#include "benchplan.h"
#include "deliverycount.h"

#include <QJsonObject>

class BenchRun;

// A drain as measureDrain() runs it: the webhooks, each on a receiver port of its own from
// `firstPort`, which of the events each is to get, and the names of its figures.
struct DrainSetup {
    QString key;          // figure keys' prefix: "delivery_1_strict"
    QString name;         // labels' prefix: "1 webhook, strict"
    QJsonObject webhooks; // webhooks.json; webhook i on port firstPort + i
    quint16 firstPort = 0;
    int receivers = 1;
    QHash<int, EventShare> shares = {}; // ExpectedIds::shares: a webhook not named takes all
    QList<int> eventTypes = {2};        // EventSender::setTypes
    // Also time GET /v1/ping while it drains: `<key>_ping_max_ms`, how long a node's answer
    // to `status` can take when it is as busy as it gets.
    bool probeControl = false;
};

// What the receiver takes: wrk against bench_sink (round 1 only; no figure without wrk).
void measureReceiverLimit(BenchRun &run);
// What the bare QNAM loop sends with `inFlight` requests in flight; also on the daemon's
// allocator when `jemallocLoop`.
void measureLoopLimit(BenchRun &run, int inFlight, bool jemallocLoop, int round);
// A backlog of `events` spooled while the receivers are down, then drained and timed at the
// receiver; every event must reach every webhook exactly once.
void measureDelivery(BenchRun &run, const DeliveryRun &delivery, qint64 events, int round);
// The same for any webhooks: every event must reach each webhook its share names exactly once.
void measureDrain(BenchRun &run, const DrainSetup &setup, qint64 events, int round);
// `events` datagrams as fast as one socket sends them: how many are lost.
void measureBurst(BenchRun &run, qint64 events);
// Latency at the plan's rate in its rounds (each after the bare loop at that rate), then once
// at each higher rate.
void measureLatency(BenchRun &run, const BenchPlan &plan);
// Peak resident memory with `events` queued for a receiver that is down.
void measureMemory(BenchRun &run, qint64 events);

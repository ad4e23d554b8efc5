// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once
// What an events_bench run was asked to measure. The summary holds the run to it: a target
// whose part was asked for is judged, and MISSED if any of its rounds left no figure.
#include <QList>
#include <QString>

// One delivery run: a backlog drained to `webhooks` webhooks with `parallel` in flight each.
struct DeliveryRun {
    int webhooks = 1;
    int parallel = 1;

    bool strict() const { return parallel <= 1; }
    // "delivery_1_strict", the prefix of the run's figure keys.
    QString key() const;
    // "1 webhook, strict", "10 webhooks, parallel 16".
    QString name() const;
};

struct BenchPlan {
    int rounds = 1; // of limits, delivery and latency at the target's rate
    bool limits = false;
    bool delivery = false;
    bool burst = false;
    bool latency = false;
    bool memory = false;
    QList<DeliveryRun> deliveryRuns;
    bool jemallocLoop = false; // the bare loop also runs on the daemon's allocator
    qint64 burstEvents = 100'000;
    qint64 memoryEvents = 100'000;
    int latencyRate = 1'000;
    QList<int> higherRates{5'000, 20'000};
    int latencySeconds = 5;
};

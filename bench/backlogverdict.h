// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once
// The judging of bench_backlog, kept apart from the measuring so that it can be tested on
// made-up runs: figures in, met or MISSED out. It fails closed: a figure left unmeasured, a
// curve cut short, an event lost or delivered twice, or a strict reference that did not run
// is MISSED, never met.
#include "deliverycount.h"
#include "targetverdict.h"

#include <QList>
#include <QString>

#include <optional>

// The daemon as its backlog grew, its receiver down.
struct BacklogPoint {
    qint64 queued = 0;
    std::optional<qint64> rssKiB;
    std::optional<qint64> peakKiB;      // VmHWM so far
    std::optional<qint64> diskBytes;    // the spool's pages in use (its /metrics)
    std::optional<qint64> fileBytes;    // spool.db and its WAL
    std::optional<qint64> pendingBytes; // the undelivered bodies (its /metrics)
};

// A control request's time on that spool, by the real CLI (process start included).
struct ResponseTime {
    QString what; // "deliveries, 1,000,000 pending"
    std::optional<double> seconds;
    QString problem;
};

struct BacklogRun {
    qint64 events = 0;                          // the backlog the run was asked for
    QList<BacklogPoint> curve;                  // 0 queued (idle) first
    QString problem;                            // why the run stopped short, for the report
    std::optional<double> readySeconds;         // restart with the backlog to daemon.json
    std::optional<double> firstDeliverySeconds; // restart to the first request at the receiver
    std::optional<qint64> restartRssKiB;        // resident once ready
    std::optional<qint64> drainPeakKiB;         // VmHWM of the restarted daemon after the drain
    std::optional<double> drainPerSecond;       // the receiver's first to last request
    std::optional<DeliveryCount> drained;       // every backlogged id exactly once?
    QList<double> strictPerSecond;              // events_bench's strict run, in this run
    QList<ResponseTime> responses;

    // The strict reference: the mean of the strict runs, when every one ran.
    std::optional<double> strictReference() const;
    // Why the strict runs make no reference: the faster more than `mostApart` times the
    // slower (one slowed by other work on the machine would lower the bar). Empty when they
    // agree.
    QString strictReferenceProblem(double mostApart) const;
};

struct BacklogTargets {
    qint64 maxResidentKiB = 100 * 1024; // with the whole backlog queued, and over the drain
    qint64 maxGrowthKiB = 10 * 1024;    // resident from the first point with events to the last
    double maxReadySeconds = 5;
    double maxFirstDeliverySeconds = 5;
    double minDrainRatio = 0.9;    // of the strict reference
    int strictRuns = 2;            // the reference needs this many
    double strictMostApart = 1.15; // and they agree within this ratio
};

QList<TargetVerdict> judgeBacklog(const BacklogRun &run, const BacklogTargets &targets);

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once
// Whether receivers that are down slow the healthy webhooks of the same daemon, judged on
// three windows of events at one steady rate: two with every receiver up, whose difference is
// the noise of the measurement, and one with some receivers down and an hour's backlog queued
// for them. Each healthy webhook's p99 in the outage window may rise over the higher of its
// two baseline p99s by no more than the most any webhook's p99 moved between the baseline
// windows (and at least kNoiseFloorMs, at most kNoiseCeilingMs). It fails closed: a window with a
// lost, duplicated or unexpected event, a healthy webhook without latencies in a window, or an
// outage that was not what it stands for (a down webhook short of its retry ceiling or of an hour's
// backlog) is MISSED.
#include "targetverdict.h"

#include <QHash>
#include <QList>
#include <QString>

#include <optional>

// Below this a difference of p99s is not told apart from scheduling noise on a shared machine.
inline constexpr double kNoiseFloorMs = 1.0;
// Above this the baseline itself is unsteady (the daemon cannot keep up with the rate, or the
// machine was busy): the noise would excuse any rise, so nothing is judged.
inline constexpr double kNoiseCeilingMs = 50.0;

// One window: per webhook (its receiver port, from 0), each event's time from the sender's due
// time to the receiver.
struct LatencyWindow {
    QString problem; // why it cannot be judged; empty when every event arrived exactly once
    QHash<int, QList<qint64>> latenciesUs;
};

// The outage as it stood when its window began.
struct OutageState {
    QString problem; // why it could not be set up or read; empty when it was
    QList<int> down; // webhooks whose receivers were down
    // Failed attempts of each before the window, and how many put every one of its request
    // slots at the retry ceiling.
    QHash<int, qint64> failures;
    QHash<int, qint64> failuresNeeded;
    QHash<int, qint64> queued; // events waiting for each
    qint64 hourOfEvents = 0;   // what an hour leaves queued at the window's rate
};

struct IsolationResult {
    TargetVerdict verdict;
    std::optional<double> noiseMs;     // what the rise is held to
    std::optional<double> worstRiseMs; // the most a healthy webhook's p99 rose
    int worstWebhook = -1;
    // Over every healthy webhook's events pooled: the second baseline window and the outage.
    std::optional<double> baselineP99Ms;
    std::optional<double> outageP99Ms;
};

// `healthy`: the webhooks judged (every one not down); `label` names the target.
IsolationResult judgeIsolation(const QString &label, const LatencyWindow &first,
                               const LatencyWindow &second, const LatencyWindow &outage,
                               const OutageState &state, const QList<int> &healthy);

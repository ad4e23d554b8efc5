// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once
// The one number a target is judged on, taken from a run's figures, or why there is none.
// Every function here needs every round it is asked for: a round without its figure makes
// the measure fail with that round's reason rather than be left out of it.
#include "benchfigures.h"

#include <QString>
#include <QStringList>

#include <optional>

struct TargetMeasure {
    std::optional<double> value;
    QString why;    // when not empty the target is MISSED for this, whatever the value
    QString detail; // how the value was arrived at: each round's part, the range

    // A copy that is MISSED for `reason` too (the first reason is kept in front).
    TargetMeasure failedFor(const QString &reason) const;
};

// One round's value of `key`.
TargetMeasure roundValue(const BenchFigures &figures, const QString &key, int round = 1);

// The sum of `ours` over `limit`, round by round for rounds 1..rounds, reported by the median
// of those ratios: each limit is measured right before the runs held to it, so a round's pair
// shares the machine's speed of that minute.
TargetMeasure ratioByRound(const BenchFigures &figures, const QStringList &ours,
                           const QString &limit, int rounds);

// The sum of `keys` over rounds 1..rounds: lost plus duplicates of every round, say.
TargetMeasure totalOverRounds(const BenchFigures &figures, const QStringList &keys, int rounds);

// The `percent` percentile of the samples of `key` from rounds 1..rounds pooled, times
// `scale` (1e-3 for microseconds as milliseconds).
TargetMeasure pooledPercentile(const BenchFigures &figures, const QString &key, int rounds,
                               int percent, double scale);

// The median of `key` over rounds 1..rounds.
TargetMeasure medianOverRounds(const BenchFigures &figures, const QString &key, int rounds);

// `measure`, failed unless `key` is exactly `expected` in every round 1..rounds.
TargetMeasure requireEqual(const TargetMeasure &measure, const BenchFigures &figures,
                           const QString &key, double expected, int rounds = 1);

// The figures that say whether a run's events arrived exactly once: `<prefix>_lost`,
// `<prefix>_duplicates`, `<prefix>_unexpected`.
QStringList exactlyOnceKeys(const QString &prefix);
// `measure`, failed unless every figure of exactlyOnceKeys(prefix) is 0 in rounds 1..rounds.
TargetMeasure requireExactlyOnce(TargetMeasure measure, const BenchFigures &figures,
                                 const QString &prefix, int rounds);

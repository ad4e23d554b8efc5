// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once
// A target, its label and its verdict. The label is made from the comparison that is checked,
// so that what the table says (`<`) and what is checked (`<`) cannot drift apart.
#include "targetmeasure.h"

#include <QString>

enum class Comparison { AtLeast, AtMost, Below, Exactly };

struct BenchTarget {
    BenchTarget(QString what, Comparison comparison, double limit, int limitDecimals = 0,
                int decimals = 0, QString unit = QString())
        : what(std::move(what))
        , comparison(comparison)
        , limit(limit)
        , limitDecimals(limitDecimals)
        , decimals(decimals)
        , unit(std::move(unit)) {}

    QString what; // "p99 at 1,000/s"
    Comparison comparison = Comparison::Exactly;
    double limit = 0;
    int limitDecimals = 0;
    int decimals = 0; // of the measured value as printed
    QString unit;     // " ms", after the limit

    QString label() const; // "p99 at 1,000/s < 5 ms"
    bool holds(double value) const;
};

enum class Outcome { Met, Missed, NotRun };

struct TargetVerdict {
    QString label;
    Outcome outcome = Outcome::Missed;
    QString measured; // the value as printed; "-" when there is none
    QString detail;   // why it was MISSED or not run, else how the value was arrived at
};

// Met only when the measure has a value, no reason to fail, and the value holds the target.
TargetVerdict judge(const BenchTarget &target, const TargetMeasure &measure);
// A target whose part of the benchmark was not asked for.
TargetVerdict notRun(const BenchTarget &target, const QString &why);

// At least one target was judged, and none was MISSED.
bool allMet(const QList<TargetVerdict> &verdicts);

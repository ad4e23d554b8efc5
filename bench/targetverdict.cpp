// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "targetverdict.h"

namespace {

const char *symbolOf(Comparison comparison) {
    switch (comparison) {
    case Comparison::AtLeast:
        return ">=";
    case Comparison::AtMost:
        return "<=";
    case Comparison::Below:
        return "<";
    case Comparison::Exactly:
        return "=";
    }
    return "?";
}

} // namespace

QString BenchTarget::label() const {
    return QStringLiteral("%1 %2 %3%4")
        .arg(what, QLatin1StringView(symbolOf(comparison)),
             QString::number(limit, 'f', limitDecimals), unit);
}

bool BenchTarget::holds(double value) const {
    switch (comparison) {
    case Comparison::AtLeast:
        return value >= limit;
    case Comparison::AtMost:
        return value <= limit;
    case Comparison::Below:
        return value < limit;
    case Comparison::Exactly:
        return value == limit;
    }
    return false;
}

TargetVerdict judge(const BenchTarget &target, const TargetMeasure &measure) {
    TargetVerdict verdict;
    verdict.label = target.label();
    verdict.measured =
        measure.value ? QString::number(*measure.value, 'f', target.decimals) : QStringLiteral("-");
    if (!measure.value || !measure.why.isEmpty()) {
        verdict.outcome = Outcome::Missed;
        verdict.detail = measure.why.isEmpty() ? QStringLiteral("not measured") : measure.why;
        return verdict;
    }
    verdict.outcome = target.holds(*measure.value) ? Outcome::Met : Outcome::Missed;
    verdict.detail = measure.detail;
    return verdict;
}

TargetVerdict notRun(const BenchTarget &target, const QString &why) {
    return {target.label(), Outcome::NotRun, QStringLiteral("-"), why};
}

bool allMet(const QList<TargetVerdict> &verdicts) {
    bool judged = false;
    for (const TargetVerdict &verdict : verdicts) {
        if (verdict.outcome == Outcome::Missed)
            return false;
        judged = judged || verdict.outcome == Outcome::Met;
    }
    return judged;
}

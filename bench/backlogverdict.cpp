// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "backlogverdict.h"

#include <algorithm>

namespace {

constexpr double kMiB = 1024;

TargetMeasure measured(std::optional<double> value, const QString &problem) {
    TargetMeasure measure;
    measure.value = value;
    if (!value)
        measure.why = problem.isEmpty() ? QStringLiteral("not measured") : problem;
    return measure;
}

// The curve, whole: every point up to the backlog asked for, each with its reading.
QString curveProblem(const BacklogRun &run) {
    if (run.curve.size() < 2 || run.curve.constLast().queued != run.events)
        return run.problem.isEmpty() ? QStringLiteral("the backlog was not reached") : run.problem;
    for (const BacklogPoint &point : run.curve) {
        if (!point.rssKiB || !point.peakKiB)
            return QStringLiteral("no reading with %1 queued").arg(point.queued);
    }
    return {};
}

} // namespace

std::optional<double> BacklogRun::strictReference() const {
    if (strictPerSecond.isEmpty())
        return std::nullopt;
    double sum = 0;
    for (const double perSecond : strictPerSecond)
        sum += perSecond;
    return sum / double(strictPerSecond.size());
}

QString BacklogRun::strictReferenceProblem(double mostApart) const {
    if (strictPerSecond.isEmpty())
        return {};
    const auto [slowest, fastest] =
        std::minmax_element(strictPerSecond.cbegin(), strictPerSecond.cend());
    if (*slowest > 0 && *fastest / *slowest <= mostApart)
        return {};
    return QStringLiteral("the strict runs differ too much (%1/s and %2/s): the machine was not "
                          "steady")
        .arg(*slowest, 0, 'f', 0)
        .arg(*fastest, 0, 'f', 0);
}

QList<TargetVerdict> judgeBacklog(const BacklogRun &run, const BacklogTargets &targets) {
    QList<TargetVerdict> verdicts;
    const QString curve = curveProblem(run);
    const QString queued = QStringLiteral("%L1 queued").arg(run.events);

    TargetMeasure peak = curve.isEmpty()
                             ? measured(double(*run.curve.constLast().peakKiB) / kMiB, {})
                             : measured(std::nullopt, curve);
    verdicts.append(
        judge(BenchTarget(QStringLiteral("peak resident, %1").arg(queued), Comparison::Below,
                          double(targets.maxResidentKiB) / kMiB, 0, 1, QStringLiteral(" MB")),
              peak));

    TargetMeasure growth = measured(std::nullopt, curve);
    if (curve.isEmpty()) {
        // From the first point with events: the idle daemon has not yet touched its spool.
        const BacklogPoint &first = run.curve.at(1);
        const BacklogPoint &last = run.curve.constLast();
        growth = measured(double(*last.rssKiB - *first.rssKiB) / kMiB, {});
        growth.detail = QStringLiteral("%L1 to %L2 queued").arg(first.queued).arg(last.queued);
    }
    verdicts.append(
        judge(BenchTarget(QStringLiteral("resident growth as the backlog grows"), Comparison::Below,
                          double(targets.maxGrowthKiB) / kMiB, 0, 1, QStringLiteral(" MB")),
              growth));

    verdicts.append(
        judge(BenchTarget(QStringLiteral("restart with %1 to ready").arg(queued), Comparison::Below,
                          targets.maxReadySeconds, 0, 2, QStringLiteral(" s")),
              measured(run.readySeconds, run.problem)));
    verdicts.append(
        judge(BenchTarget(QStringLiteral("restart to the first delivery"), Comparison::Below,
                          targets.maxFirstDeliverySeconds, 0, 2, QStringLiteral(" s")),
              measured(run.firstDeliverySeconds, run.problem)));

    TargetMeasure drainPeak = measured(
        run.drainPeakKiB ? std::optional<double>(double(*run.drainPeakKiB) / kMiB) : std::nullopt,
        run.problem);
    verdicts.append(
        judge(BenchTarget(QStringLiteral("peak resident, restart and drain"), Comparison::Below,
                          double(targets.maxResidentKiB) / kMiB, 0, 1, QStringLiteral(" MB")),
              drainPeak));

    // Exactly once first: a lost event makes a drain look faster.
    TargetMeasure exactly = measured(std::nullopt, run.problem);
    if (run.drained) {
        exactly = measured(
            double(run.drained->lost + run.drained->duplicates + run.drained->unexpected), {});
        if (!run.drained->exactlyOnce())
            exactly.why = run.drained->problem();
        exactly.detail =
            QStringLiteral("%L1 of %L2 once").arg(run.drained->once).arg(run.drained->expected);
    }
    if (run.drained && run.drained->expected != run.events)
        exactly.why = QStringLiteral("%L1 expected, the backlog was %L2")
                          .arg(run.drained->expected)
                          .arg(run.events);
    verdicts.append(judge(BenchTarget(QStringLiteral("drained: lost + duplicates + unexpected"),
                                      Comparison::Exactly, 0),
                          exactly));

    TargetMeasure ratio = measured(std::nullopt, run.problem);
    const std::optional<double> reference = run.strictReference();
    if (run.drainPerSecond && reference && *reference > 0)
        ratio = measured(*run.drainPerSecond / *reference, {});
    if (qsizetype(run.strictPerSecond.size()) < targets.strictRuns)
        ratio = ratio.failedFor(QStringLiteral("%1 of %2 strict reference runs")
                                    .arg(run.strictPerSecond.size())
                                    .arg(targets.strictRuns));
    if (const QString unsteady = run.strictReferenceProblem(targets.strictMostApart);
        !unsteady.isEmpty())
        ratio = ratio.failedFor(unsteady);
    if (!exactly.why.isEmpty() || !exactly.value)
        ratio = ratio.failedFor(QStringLiteral("the drain was not exactly once"));
    if (ratio.value && reference)
        ratio.detail = QStringLiteral("%1/s over the strict %2/s")
                           .arg(*run.drainPerSecond, 0, 'f', 0)
                           .arg(*reference, 0, 'f', 0);
    verdicts.append(judge(BenchTarget(QStringLiteral("drain rate over the strict rate"),
                                      Comparison::AtLeast, targets.minDrainRatio, 2, 2),
                          ratio));

    // `deliveries` and `replay` on the backlog: each answered, or the run is MISSED.
    TargetMeasure answered = measured(std::nullopt, run.problem);
    if (!run.responses.isEmpty()) {
        qsizetype failed = 0;
        QString why;
        for (const ResponseTime &response : run.responses) {
            if (!response.seconds) {
                ++failed;
                why = QStringLiteral("%1: %2").arg(response.what, response.problem);
            }
        }
        answered = measured(double(failed), {});
        answered.why = why;
        answered.detail = QStringLiteral("%1 commands").arg(run.responses.size());
    }
    verdicts.append(judge(BenchTarget(QStringLiteral("CLI on the backlog: commands that failed"),
                                      Comparison::Exactly, 0),
                          answered));
    return verdicts;
}

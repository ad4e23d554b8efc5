// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "hostileverdict.h"

namespace {

QString mib(qint64 kiB) {
    return QString::number(double(kiB) / 1024, 'f', 1) + QStringLiteral(" MB");
}

// The first figure the target needs that the run lacks; empty when none is missing.
QString missingFigure(const ScenarioRun &run, const Target &target) {
    if (!run.rssBeforeKiB)
        return QStringLiteral("resident memory before");
    if (!run.peakKiB)
        return QStringLiteral("peak resident memory");
    if (!run.rssAfterKiB)
        return QStringLiteral("resident memory after");
    if (!run.sent)
        return QStringLiteral("amount sent");
    if (target.cliMustSucceed && !run.cliExitCode)
        return QStringLiteral("the CLI's exit code");
    if (target.cliMustSucceed && !run.cliSeconds)
        return QStringLiteral("the CLI's time");
    if (target.cliMustSucceed && !run.cliSawDaemonUp)
        return QStringLiteral("what the CLI saw");
    return {};
}

} // namespace

Verdict judge(const ScenarioRun &run, const Target &target) {
    if (!target.maxGrowthKiB && !target.cliMustSucceed)
        return {false, QStringLiteral("no target to hold the run to")};
    if (!run.daemonAlive)
        return {false, QStringLiteral("the daemon died")};
    if (!run.completed) {
        return {false,
                run.problem.isEmpty() ? QStringLiteral("the run did not complete") : run.problem};
    }
    if (const QString missing = missingFigure(run, target); !missing.isEmpty())
        return {false, QStringLiteral("not measured: %1").arg(missing)};
    if (*run.sent < run.mustSend)
        return {false, QStringLiteral("only %1 of %2 sent").arg(*run.sent).arg(run.mustSend)};
    if (target.maxGrowthKiB && *run.growthKiB() >= *target.maxGrowthKiB) {
        return {false, QStringLiteral("grew %1, limit %2")
                           .arg(mib(*run.growthKiB()), mib(*target.maxGrowthKiB))};
    }
    if (target.cliMustSucceed && *run.cliExitCode != 0)
        return {false, QStringLiteral("the CLI exited %1").arg(*run.cliExitCode)};
    if (target.cliMustSucceed && !*run.cliSawDaemonUp)
        return {false, QStringLiteral("the CLI found the daemon DOWN")};
    return {true, {}};
}

bool allMet(const QList<Verdict> &verdicts, int expected) {
    if (expected <= 0 || verdicts.size() != expected)
        return false;
    for (const Verdict &verdict : verdicts) {
        if (!verdict.met)
            return false;
    }
    return true;
}

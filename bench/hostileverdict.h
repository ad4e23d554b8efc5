// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once
// The judging of bench_hostile_peers, kept apart from the attacks so that it can be tested on
// made-up runs: figures in, met or MISSED out. It fails closed: a run that is not complete, a
// daemon that did not survive, or any figure left unmeasured is MISSED, never met.
#include <QList>
#include <QString>

#include <optional>

// What one scenario measured. A figure that could not be measured stays empty.
struct ScenarioRun {
    QString name;
    bool daemonAlive = false; // still running when the attack ended
    bool completed = false;   // the attack ran to its end: no safety stop, no failed send
    QString problem;          // why it did not, for the report
    QString detail;           // what else the report shows (connections, drops, ...)
    std::optional<qint64> rssBeforeKiB;
    std::optional<qint64> peakKiB; // VmHWM once the attack is over
    std::optional<qint64> rssAfterKiB;
    std::optional<qint64> sent; // bytes of requests, datagrams or connections held
    qint64 mustSend = 1;        // fewer sent is an incomplete run
    std::optional<int> cliExitCode;
    std::optional<bool> cliSawDaemonUp; // `status` says the daemon answered its ping
    std::optional<double> cliSeconds;

    std::optional<qint64> growthKiB() const {
        if (!rssBeforeKiB || !peakKiB)
            return std::nullopt;
        return *peakKiB - *rssBeforeKiB;
    }
};

// What a scenario is held to. A target holding nothing is never met.
struct Target {
    std::optional<qint64> maxGrowthKiB; // peak minus resident before, strictly below this
    bool cliMustSucceed = false; // the CLI ran during the attack, exited 0 and saw the daemon up
};

struct Verdict {
    bool met = false;
    QString reason; // why it was MISSED; empty when met
};

Verdict judge(const ScenarioRun &run, const Target &target);

// Every one of `expected` scenarios (at least one) was judged, and each was met.
bool allMet(const QList<Verdict> &verdicts, int expected);

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// The judging of bench_hostile_peers fails closed: made-up runs, each lacking one thing, are
// MISSED; only a complete run within its target is met.
#include "hostileverdict.h"

#include <QTest>

namespace {

constexpr qint64 kMiB = 1024;

// A UDP flood that ran to its end and stayed well within 150 MB.
ScenarioRun cleanFlood() {
    ScenarioRun run;
    run.name = QStringLiteral("udp_flood");
    run.daemonAlive = true;
    run.completed = true;
    run.rssBeforeKiB = 20 * kMiB;
    run.peakKiB = 60 * kMiB;
    run.rssAfterKiB = 30 * kMiB;
    run.sent = 10'000;
    run.mustSend = 10'000;
    return run;
}

Target floodTarget() {
    return Target{150 * kMiB, false};
}

ScenarioRun cleanSlots() {
    ScenarioRun run = cleanFlood();
    run.name = QStringLiteral("slots_held_open");
    run.sent = 128;
    run.mustSend = 128;
    run.cliExitCode = 0;
    run.cliSeconds = 0.4;
    run.cliSawDaemonUp = true;
    return run;
}

Target cliTarget() {
    Target target;
    target.cliMustSucceed = true;
    return target;
}

} // namespace

class TestHostileVerdict : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void completeRunWithinTargetIsMet() {
        QVERIFY(judge(cleanFlood(), floodTarget()).met);
        QVERIFY(judge(cleanSlots(), cliTarget()).met);
    }

    void missingFigureIsMissed() {
        ScenarioRun noPeak = cleanFlood();
        noPeak.peakKiB.reset();
        const Verdict verdict = judge(noPeak, floodTarget());
        QVERIFY(!verdict.met);
        QVERIFY(verdict.reason.contains(QStringLiteral("peak")));

        ScenarioRun noAfter = cleanFlood();
        noAfter.rssAfterKiB.reset();
        QVERIFY(!judge(noAfter, floodTarget()).met);

        ScenarioRun noSent = cleanFlood();
        noSent.sent.reset();
        QVERIFY(!judge(noSent, floodTarget()).met);

        ScenarioRun noCliExit = cleanSlots();
        noCliExit.cliExitCode.reset();
        QVERIFY(!judge(noCliExit, cliTarget()).met);

        ScenarioRun noCliOutput = cleanSlots();
        noCliOutput.cliSawDaemonUp.reset();
        QVERIFY(!judge(noCliOutput, cliTarget()).met);
    }

    void daemonThatDiedIsMissed() {
        ScenarioRun died = cleanFlood();
        died.daemonAlive = false;
        const Verdict verdict = judge(died, floodTarget());
        QVERIFY(!verdict.met);
        QCOMPARE(verdict.reason, QStringLiteral("the daemon died"));
    }

    void fewerDatagramsSentIsMissed() {
        ScenarioRun fewer = cleanFlood();
        fewer.sent = 9'999;
        const Verdict verdict = judge(fewer, floodTarget());
        QVERIFY(!verdict.met);
        QVERIFY(verdict.reason.contains(QStringLiteral("9999 of 10000")));
    }

    void runCutShortIsMissedWithItsReason() {
        ScenarioRun stopped = cleanFlood();
        stopped.completed = false;
        stopped.problem = QStringLiteral("stopped: resident memory passed 2048 MB");
        QCOMPARE(judge(stopped, floodTarget()).reason, stopped.problem);
    }

    void growthAtOrOverTheLimitIsMissed() {
        ScenarioRun grew = cleanFlood();
        grew.peakKiB = *grew.rssBeforeKiB + 150 * kMiB;
        QVERIFY(!judge(grew, floodTarget()).met);
    }

    void cliThatFailedIsMissed() {
        ScenarioRun refused = cleanSlots();
        refused.cliExitCode = 1;
        QVERIFY(!judge(refused, cliTarget()).met);

        // status exits 0 when the daemon refused its ping, and says DOWN.
        ScenarioRun down = cleanSlots();
        down.cliSawDaemonUp = false;
        QCOMPARE(judge(down, cliTarget()).reason, QStringLiteral("the CLI found the daemon DOWN"));
    }

    void targetHoldingNothingIsNeverMet() { QVERIFY(!judge(cleanFlood(), Target{}).met); }

    void allMetNeedsEveryScenarioJudgedAndMet() {
        const Verdict met{true, {}};
        const Verdict missed{false, QStringLiteral("the daemon died")};
        QVERIFY(allMet({met, met}, 2));
        QVERIFY(!allMet({met}, 2));
        QVERIFY(!allMet({met, missed}, 2));
        QVERIFY(!allMet({}, 0));
    }
};

QTEST_GUILESS_MAIN(TestHostileVerdict)
#include "tst_hostileverdict.moc"

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// The judging of bench_backlog fails closed: made-up runs, each lacking one thing, are MISSED;
// only a complete run within every target is met.
#include "backlogverdict.h"

#include <QTest>

namespace {

constexpr qint64 kMiB = 1024;

BacklogPoint point(qint64 queued, qint64 residentMiB) {
    BacklogPoint point;
    point.queued = queued;
    point.rssKiB = residentMiB * kMiB;
    point.peakKiB = (residentMiB + 5) * kMiB;
    point.diskBytes = queued * 400;
    return point;
}

// A million events queued at a flat 40 MB, drained once each at 0.95 of the strict rate.
BacklogRun cleanRun() {
    BacklogRun run;
    run.events = 1'000'000;
    run.curve = {point(0, 15), point(100'000, 38), point(500'000, 40), point(1'000'000, 41)};
    run.readySeconds = 0.3;
    run.firstDeliverySeconds = 0.4;
    run.restartRssKiB = 30 * kMiB;
    run.drainPeakKiB = 50 * kMiB;
    run.drainPerSecond = 3'800;
    run.strictPerSecond = {4'000, 4'000};
    run.responses = {{QStringLiteral("deliveries, 1,000,000 pending"), 0.05, {}},
                     {QStringLiteral("replay --since now, 1,000,000 pending"), 0.4, {}}};
    DeliveryCount count;
    count.expected = 1'000'000;
    count.once = 1'000'000;
    run.drained = count;
    return run;
}

bool allTargetsMet(const BacklogRun &run) {
    return allMet(judgeBacklog(run, BacklogTargets{}));
}

QString missed(const BacklogRun &run) {
    QStringList labels;
    for (const TargetVerdict &verdict : judgeBacklog(run, BacklogTargets{})) {
        if (verdict.outcome != Outcome::Met)
            labels.append(verdict.label);
    }
    return labels.join(u'|');
}

} // namespace

class TestBacklogVerdict : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cleanRunMeetsEveryTarget();
    void lostEventIsMissedAndSoIsTheRate();
    void duplicateIsMissed();
    void curveCutShortIsMissed();
    void memoryGrowingWithTheBacklogIsMissed();
    void slowRestartIsMissed();
    void missingStrictReferenceIsMissed();
    void slowDrainIsMissed();
    void unsteadyStrictReferenceIsMissed();
    void failedCliCommandIsMissed();
    void emptyRunIsMissedEverywhere();
};

void TestBacklogVerdict::cleanRunMeetsEveryTarget() {
    QVERIFY2(allTargetsMet(cleanRun()), qPrintable(missed(cleanRun())));
}

void TestBacklogVerdict::lostEventIsMissedAndSoIsTheRate() {
    BacklogRun run = cleanRun();
    run.drained->once -= 1;
    run.drained->lost = 1;
    QVERIFY(!allTargetsMet(run));
    QVERIFY(missed(run).contains(QStringLiteral("lost")));
    QVERIFY(missed(run).contains(QStringLiteral("drain rate")));
}

void TestBacklogVerdict::duplicateIsMissed() {
    BacklogRun run = cleanRun();
    run.drained->duplicates = 1;
    QVERIFY(!allTargetsMet(run));
}

void TestBacklogVerdict::curveCutShortIsMissed() {
    BacklogRun run = cleanRun();
    run.curve.removeLast();
    run.problem = QStringLiteral("the daemon took 499,000 of 1,000,000 events");
    QVERIFY(!allTargetsMet(run));
    QVERIFY(missed(run).contains(QStringLiteral("peak resident, 1,000,000 queued")));
    BacklogRun unread = cleanRun();
    unread.curve[2].rssKiB.reset();
    QVERIFY(!allTargetsMet(unread));
}

void TestBacklogVerdict::memoryGrowingWithTheBacklogIsMissed() {
    BacklogRun run = cleanRun();
    run.curve.last().rssKiB = 60 * kMiB; // under 100 MB, but 22 MB more than at 100,000
    QVERIFY(!allTargetsMet(run));
    QCOMPARE(missed(run), QStringLiteral("resident growth as the backlog grows < 10 MB"));
    BacklogRun high = cleanRun();
    high.drainPeakKiB = 120 * kMiB;
    QVERIFY(!allTargetsMet(high));
}

void TestBacklogVerdict::slowRestartIsMissed() {
    BacklogRun run = cleanRun();
    run.readySeconds = 6;
    QVERIFY(!allTargetsMet(run));
    BacklogRun late = cleanRun();
    late.firstDeliverySeconds.reset();
    QVERIFY(!allTargetsMet(late));
}

void TestBacklogVerdict::missingStrictReferenceIsMissed() {
    BacklogRun run = cleanRun();
    run.strictPerSecond.removeLast();
    QVERIFY(!allTargetsMet(run));
    QVERIFY(missed(run).contains(QStringLiteral("drain rate")));
}

void TestBacklogVerdict::slowDrainIsMissed() {
    BacklogRun run = cleanRun();
    run.drainPerSecond = 3'500; // 0.875 of 4,000
    QVERIFY(!allTargetsMet(run));
}

// A reference run slowed by other work on the machine must not lower the bar: strict runs
// that disagree make no reference at all.
void TestBacklogVerdict::unsteadyStrictReferenceIsMissed() {
    BacklogRun run = cleanRun();
    run.strictPerSecond = {2'600, 4'000};
    run.drainPerSecond = 3'444; // 1.04 of their mean, 0.86 of the faster
    QVERIFY(!allTargetsMet(run));
    QCOMPARE(missed(run), QStringLiteral("drain rate over the strict rate >= 0.90"));
    for (const TargetVerdict &verdict : judgeBacklog(run, BacklogTargets{})) {
        if (verdict.label.startsWith(u"drain rate"))
            QVERIFY2(verdict.detail.contains(u"not steady"), qPrintable(verdict.detail));
    }

    BacklogRun steady = cleanRun();
    steady.strictPerSecond = {3'800, 4'200}; // within 15%: their mean, 4,000
    QVERIFY(allTargetsMet(steady));
}

void TestBacklogVerdict::failedCliCommandIsMissed() {
    BacklogRun run = cleanRun();
    run.responses[1].seconds.reset();
    run.responses[1].problem = QStringLiteral("exit 4");
    QVERIFY(!allTargetsMet(run));
    QCOMPARE(missed(run), QStringLiteral("CLI on the backlog: commands that failed = 0"));
    BacklogRun none = cleanRun();
    none.responses.clear();
    QVERIFY(!allTargetsMet(none));
}

void TestBacklogVerdict::emptyRunIsMissedEverywhere() {
    BacklogRun run;
    run.events = 1'000'000;
    run.problem = QStringLiteral("the daemon did not start");
    for (const TargetVerdict &verdict : judgeBacklog(run, BacklogTargets{}))
        QCOMPARE(verdict.outcome, Outcome::Missed);
}

QTEST_GUILESS_MAIN(TestBacklogVerdict)
#include "tst_backlogverdict.moc"

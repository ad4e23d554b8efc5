// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// bench_many_webhooks fails closed. A complete run within its targets is met; a run fed a lost
// or duplicated event, a missing round, a figure over its limit, a window that could not be
// judged or an outage that was not the hour it stands for is MISSED where it counts, and every
// target is listed whatever the run left.
#include "manywebhookstargets.h"

#include <QTest>

namespace {

ManyWebhooksPlan fullPlan(int rounds = 2) {
    ManyWebhooksPlan plan;
    plan.rounds = rounds;
    plan.startup = plan.throughput = plan.isolation = true;
    return plan;
}

void recordAll(BenchFigures &figures, const QString &key, int rounds, double value) {
    for (int round = 1; round <= rounds; ++round)
        figures.record({key, key, 2}, round, value);
}

void recordExactlyOnce(BenchFigures &figures, const QString &prefix, int rounds) {
    for (const QString &key : exactlyOnceKeys(prefix))
        recordAll(figures, key, rounds, 0);
}

BenchFigures completeRun(const ManyWebhooksPlan &plan) {
    using namespace ManyWebhooksKeys;
    BenchFigures figures;
    const int rounds = plan.rounds;
    recordAll(figures, plan.fewKey() + QStringLiteral("_per_second"), rounds, 10'000);
    recordAll(figures, plan.manyKey() + QStringLiteral("_per_second"), rounds, 9'500);
    recordExactlyOnce(figures, plan.fewKey(), rounds);
    recordExactlyOnce(figures, plan.manyKey(), rounds);
    recordAll(figures, startupSeconds(plan.many), rounds, 0.2);
    recordAll(figures, idleKiBPerWebhook(), rounds, 150);
    recordExactlyOnce(figures, idleWarmup(plan.few), rounds);
    recordExactlyOnce(figures, idleWarmup(plan.many), rounds);
    return figures;
}

// Every healthy webhook of `plan` with `count` latencies of `us`.
LatencyWindow steadyWindow(const ManyWebhooksPlan &plan, qint64 us, int count = 200) {
    LatencyWindow window;
    for (int webhook = 0; webhook < plan.many; ++webhook) {
        if (!plan.down().contains(webhook))
            window.latenciesUs.insert(webhook, QList<qint64>(count, us));
    }
    return window;
}

QList<int> healthyOf(const ManyWebhooksPlan &plan) {
    QList<int> healthy;
    for (int webhook = 0; webhook < plan.many; ++webhook) {
        if (!plan.down().contains(webhook))
            healthy.append(webhook);
    }
    return healthy;
}

// The outage as it must be: each down webhook at its ceiling with an hour queued.
OutageState hourLongOutage(const ManyWebhooksPlan &plan) {
    OutageState state;
    state.down = plan.down();
    state.hourOfEvents = plan.hourOfEvents();
    for (const int webhook : state.down) {
        state.failuresNeeded.insert(webhook, 5);
        state.failures.insert(webhook, 7);
        state.queued.insert(webhook, plan.hourOfEvents() + 10);
    }
    return state;
}

IsolationResult isolationOf(const ManyWebhooksPlan &plan, const LatencyWindow &first,
                            const LatencyWindow &second, const LatencyWindow &outage,
                            const OutageState &state) {
    return judgeIsolation(isolationLabel(plan), first, second, outage, state, healthyOf(plan));
}

IsolationResult quietIsolation(const ManyWebhooksPlan &plan) {
    return isolationOf(plan, steadyWindow(plan, 2'000), steadyWindow(plan, 2'400),
                       steadyWindow(plan, 2'500), hourLongOutage(plan));
}

const TargetVerdict *find(const QList<TargetVerdict> &verdicts, const QString &start) {
    for (const TargetVerdict &verdict : verdicts) {
        if (verdict.label.startsWith(start))
            return &verdict;
    }
    return nullptr;
}

Outcome outcomeOf(const QList<TargetVerdict> &verdicts, const QString &start) {
    const TargetVerdict *verdict = find(verdicts, start);
    return verdict ? verdict->outcome : Outcome::NotRun;
}

} // namespace

class TestManyWebhooksTargets : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void completeRunMeetsEveryTarget() {
        const ManyWebhooksPlan plan = fullPlan();
        const auto verdicts = judgeManyWebhooks(plan, completeRun(plan), quietIsolation(plan));
        QCOMPARE(verdicts.size(), 4);
        for (const TargetVerdict &verdict : verdicts)
            QVERIFY2(verdict.outcome == Outcome::Met,
                     qPrintable(verdict.label + u' ' + verdict.detail));
        QVERIFY(allMet(verdicts));
        QCOMPARE(find(verdicts, QStringLiteral("deliveries/s"))->measured, QStringLiteral("0.95"));
    }

    void fewerDeliveriesWithManyWebhooksIsMissed() {
        const ManyWebhooksPlan plan = fullPlan();
        BenchFigures figures = completeRun(plan);
        figures.record({plan.manyKey() + QStringLiteral("_per_second"), QString()}, 2, 8'000);
        const auto verdicts = judgeManyWebhooks(plan, figures, quietIsolation(plan));
        // Median of 0.95 and 0.80.
        QCOMPARE(outcomeOf(verdicts, QStringLiteral("deliveries/s")), Outcome::Missed);
        QVERIFY(!allMet(verdicts));
    }

    void lostOrDuplicatedDeliveryMakesThroughputMissed() {
        const ManyWebhooksPlan plan = fullPlan();
        for (const QString &suffix : {QStringLiteral("_lost"), QStringLiteral("_duplicates"),
                                      QStringLiteral("_unexpected")}) {
            BenchFigures figures = completeRun(plan);
            figures.record({plan.manyKey() + suffix, QString()}, 2, 1);
            const auto verdicts = judgeManyWebhooks(plan, figures, quietIsolation(plan));
            const TargetVerdict *throughput = find(verdicts, QStringLiteral("deliveries/s"));
            QCOMPARE(throughput->outcome, Outcome::Missed);
            QVERIFY2(throughput->detail.contains(u"round 2"), qPrintable(throughput->detail));
            QCOMPARE(outcomeOf(verdicts, QStringLiteral("resident")), Outcome::Met);
        }
    }

    void failedRoundIsMissedWithItsReason() {
        const ManyWebhooksPlan plan = fullPlan();
        BenchFigures figures = completeRun(plan);
        figures.fail({plan.fewKey() + QStringLiteral("_per_second"), QString()}, 1,
                     QStringLiteral("the receiver did not start"));
        figures.fail({ManyWebhooksKeys::startupSeconds(plan.many), QString()}, 2,
                     QStringLiteral("the daemon did not start"));
        const auto verdicts = judgeManyWebhooks(plan, figures, quietIsolation(plan));
        QVERIFY(find(verdicts, QStringLiteral("deliveries/s"))
                    ->detail.contains(u"the receiver did not start"));
        QCOMPARE(outcomeOf(verdicts, QStringLiteral("start-up")), Outcome::Missed);
        QVERIFY(find(verdicts, QStringLiteral("start-up"))
                    ->detail.contains(u"the daemon did not start"));
    }

    void roundNeverMeasuredIsMissed() {
        const ManyWebhooksPlan plan = fullPlan(3);
        const auto verdicts =
            judgeManyWebhooks(plan, completeRun(fullPlan(2)), quietIsolation(plan));
        QCOMPARE(outcomeOf(verdicts, QStringLiteral("deliveries/s")), Outcome::Missed);
        QCOMPARE(outcomeOf(verdicts, QStringLiteral("resident")), Outcome::Missed);
        QCOMPARE(outcomeOf(verdicts, QStringLiteral("start-up")), Outcome::Missed);
    }

    void memoryAndStartupOverTheirLimitsAreMissed() {
        const ManyWebhooksPlan plan = fullPlan(1);
        BenchFigures figures = completeRun(plan);
        figures.record({ManyWebhooksKeys::idleKiBPerWebhook(), QString()}, 1, 200);
        figures.record({ManyWebhooksKeys::startupSeconds(plan.many), QString()}, 1, 1.0);
        const auto verdicts = judgeManyWebhooks(plan, figures, quietIsolation(plan));
        QCOMPARE(outcomeOf(verdicts, QStringLiteral("resident")), Outcome::Missed);
        QCOMPARE(outcomeOf(verdicts, QStringLiteral("start-up")), Outcome::Missed);
        QCOMPARE(outcomeOf(verdicts, QStringLiteral("deliveries/s")), Outcome::Met);
    }

    void memoryOfADaemonThatLostItsFirstEventIsMissed() {
        const ManyWebhooksPlan plan = fullPlan(1);
        BenchFigures figures = completeRun(plan);
        figures.record(
            {ManyWebhooksKeys::idleWarmup(plan.few) + QStringLiteral("_lost"), QString()}, 1, 3);
        const auto verdicts = judgeManyWebhooks(plan, figures, quietIsolation(plan));
        QCOMPARE(outcomeOf(verdicts, QStringLiteral("resident")), Outcome::Missed);
    }

    void partsNotAskedForAreListedAsNotRun() {
        ManyWebhooksPlan plan = fullPlan(1);
        plan.startup = plan.isolation = false;
        const auto verdicts = judgeManyWebhooks(plan, completeRun(plan), std::nullopt);
        QCOMPARE(verdicts.size(), 4);
        QCOMPARE(outcomeOf(verdicts, QStringLiteral("deliveries/s")), Outcome::Met);
        QCOMPARE(outcomeOf(verdicts, QStringLiteral("resident")), Outcome::NotRun);
        QCOMPARE(find(verdicts, QStringLiteral("p99 rise"))->outcome, Outcome::NotRun);
        QVERIFY(allMet(verdicts));
        plan.throughput = false;
        QVERIFY(!allMet(judgeManyWebhooks(plan, BenchFigures(), std::nullopt)));
    }

    void isolationAskedForButNeverJudgedIsMissed() {
        const ManyWebhooksPlan plan = fullPlan(1);
        const auto verdicts = judgeManyWebhooks(plan, completeRun(plan), std::nullopt);
        QCOMPARE(find(verdicts, QStringLiteral("p99 rise"))->outcome, Outcome::Missed);
    }

    void riseWithinTheNoiseIsMet() {
        const ManyWebhooksPlan plan = fullPlan();
        const IsolationResult result = quietIsolation(plan);
        QCOMPARE(result.verdict.outcome, Outcome::Met);
        // The floor: the baselines moved by 0.4 ms.
        QCOMPARE(*result.noiseMs, kNoiseFloorMs);
        QCOMPARE(*result.worstRiseMs, 0.1);
    }

    void oneHealthyWebhookSlowedBeyondTheNoiseIsMissed() {
        const ManyWebhooksPlan plan = fullPlan();
        LatencyWindow outage = steadyWindow(plan, 2'400);
        outage.latenciesUs[42] = QList<qint64>(200, 3'500);
        const IsolationResult result =
            isolationOf(plan, steadyWindow(plan, 2'000), steadyWindow(plan, 2'400), outage,
                        hourLongOutage(plan));
        QCOMPARE(result.verdict.outcome, Outcome::Missed);
        QCOMPARE(result.worstWebhook, 42);
        QCOMPARE(*result.worstRiseMs, 1.1);
        QVERIFY2(result.verdict.detail.contains(u"webhook 42"), qPrintable(result.verdict.detail));
    }

    void noisyBaselineWidensWhatIsAllowed() {
        const ManyWebhooksPlan plan = fullPlan();
        LatencyWindow second = steadyWindow(plan, 2'000);
        second.latenciesUs[9] = QList<qint64>(200, 5'000); // one webhook moved by 3 ms
        LatencyWindow outage = steadyWindow(plan, 2'000);
        outage.latenciesUs[42] = QList<qint64>(200, 4'500);
        const IsolationResult result =
            isolationOf(plan, steadyWindow(plan, 2'000), second, outage, hourLongOutage(plan));
        QCOMPARE(*result.noiseMs, 3.0);
        QCOMPARE(result.verdict.outcome, Outcome::Met);
    }

    // A baseline that moved by seconds (a saturated daemon, a busy machine) would excuse any
    // rise: nothing is judged on it.
    void unsteadyBaselineIsMissed() {
        const ManyWebhooksPlan plan = fullPlan();
        LatencyWindow second = steadyWindow(plan, 2'000);
        second.latenciesUs[9] = QList<qint64>(200, 2'000'000);
        const IsolationResult result = isolationOf(plan, steadyWindow(plan, 2'000), second,
                                                   steadyWindow(plan, 2'000), hourLongOutage(plan));
        QCOMPARE(result.verdict.outcome, Outcome::Missed);
        QVERIFY2(result.verdict.detail.contains(u"unsteady"), qPrintable(result.verdict.detail));
    }

    void windowWithALostEventIsMissed() {
        const ManyWebhooksPlan plan = fullPlan();
        LatencyWindow outage = steadyWindow(plan, 2'000);
        outage.problem = QStringLiteral("1 lost");
        const IsolationResult result =
            isolationOf(plan, steadyWindow(plan, 2'000), steadyWindow(plan, 2'000), outage,
                        hourLongOutage(plan));
        QCOMPARE(result.verdict.outcome, Outcome::Missed);
        QCOMPARE(result.verdict.detail, QStringLiteral("outage: 1 lost"));
        QVERIFY(!result.worstRiseMs);
        const auto verdicts = judgeManyWebhooks(plan, completeRun(plan), result);
        QCOMPARE(find(verdicts, QStringLiteral("p99 rise"))->outcome, Outcome::Missed);
    }

    void healthyWebhookWithoutLatenciesIsMissed() {
        const ManyWebhooksPlan plan = fullPlan();
        LatencyWindow first = steadyWindow(plan, 2'000);
        first.latenciesUs.remove(13);
        const IsolationResult result = isolationOf(plan, first, steadyWindow(plan, 2'000),
                                                   steadyWindow(plan, 2'000), hourLongOutage(plan));
        QCOMPARE(result.verdict.outcome, Outcome::Missed);
        QCOMPARE(result.verdict.detail, QStringLiteral("baseline 1: webhook 13 has no latencies"));
    }

    void outageShortOfItsHourIsMissed() {
        const ManyWebhooksPlan plan = fullPlan();
        const LatencyWindow steady = steadyWindow(plan, 2'000);
        OutageState early = hourLongOutage(plan);
        early.failures[plan.hang.last()] = 4;
        IsolationResult result = isolationOf(plan, steady, steady, steady, early);
        QCOMPARE(result.verdict.outcome, Outcome::Missed);
        QVERIFY2(result.verdict.detail.contains(u"retry ceiling"),
                 qPrintable(result.verdict.detail));

        OutageState shallow = hourLongOutage(plan);
        shallow.queued[plan.refuse.first()] = 1'000;
        result = isolationOf(plan, steady, steady, steady, shallow);
        QCOMPARE(result.verdict.outcome, Outcome::Missed);
        QVERIFY(result.verdict.detail.contains(u"an hour's"));

        OutageState unread = hourLongOutage(plan);
        unread.failures.remove(plan.refuse.first());
        QCOMPARE(isolationOf(plan, steady, steady, steady, unread).verdict.outcome,
                 Outcome::Missed);

        OutageState none = hourLongOutage(plan);
        none.down.clear();
        QCOMPARE(isolationOf(plan, steady, steady, steady, none).verdict.outcome, Outcome::Missed);

        OutageState failed;
        failed.problem = QStringLiteral("the receiver did not start");
        result = isolationOf(plan, steady, steady, steady, failed);
        QCOMPARE(result.verdict.detail, QStringLiteral("the receiver did not start"));
    }

    void downWebhookJudgedAsHealthyIsMissed() {
        const ManyWebhooksPlan plan = fullPlan();
        const LatencyWindow steady = steadyWindow(plan, 2'000);
        QList<int> healthy = healthyOf(plan);
        healthy.append(plan.down().first());
        const IsolationResult result = judgeIsolation(isolationLabel(plan), steady, steady, steady,
                                                      hourLongOutage(plan), healthy);
        QCOMPARE(result.verdict.outcome, Outcome::Missed);
        QVERIFY(
            judgeIsolation(isolationLabel(plan), steady, steady, steady, hourLongOutage(plan), {})
                .verdict.outcome == Outcome::Missed);
    }

    void resultJudgedForAnotherPlanIsMissed() {
        const ManyWebhooksPlan plan = fullPlan();
        ManyWebhooksPlan other = plan;
        other.rate = 10;
        const IsolationResult result = quietIsolation(other);
        QCOMPARE(result.verdict.outcome, Outcome::Met);
        const auto verdicts = judgeManyWebhooks(plan, completeRun(plan), result);
        QCOMPARE(find(verdicts, QStringLiteral("p99 rise"))->outcome, Outcome::Missed);
    }
};

QTEST_GUILESS_MAIN(TestManyWebhooksTargets)
#include "tst_manywebhookstargets.moc"

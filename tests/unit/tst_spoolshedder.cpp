// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// What gives way at the spool limit: a laggard's backlog first, new events only when no
// webhook is behind; the disk budget's full counts only once a shed made for it reached the disk.
#include "spoolshedder.h"

#include <QRegularExpression>
#include <QTest>

namespace {

constexpr qint64 kLimit = 10 * 1024 * 1024;

// A spool and a dispatcher made up of figures the test sets.
struct FakeSpool {
    qint64 pending = 0;
    SpoolBudget::State disk;
    quint64 handedOver = 0;
    // Each backlog the dispatcher can shed, as bytes of undelivered events; furthest behind
    // first.
    QList<qint64> backlogs;
    QList<qint64> shedRequests; // the `bytes` each shed was asked for

    SpoolShedder shedder() {
        return SpoolShedder(
            SpoolShedder::Spool{
                [this] { return pending; },
                [this] { return disk; },
                [this] { return handedOver; },
            },
            [this](qint64 bytes) {
                shedRequests.append(bytes);
                QStringList lines;
                while (pending >= bytes && !backlogs.isEmpty()) {
                    pending -= backlogs.takeFirst();
                    lines.append(QStringLiteral("http://behind/: 3 events"));
                }
                return lines;
            },
            kLimit);
    }
};

} // namespace

class TestSpoolShedder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void belowTheLimitEveryBatchIsQueued();
    void pastTheLimitTheLaggardsBacklogGoesBeforeAnyNewEvent();
    void newEventsAreDroppedOnlyWhenNoWebhookIsBehind();
    void queuesAgainOnceBelowTheLimit();
    void aFullDiskShedsOneBacklogAndWaitsForItToReachTheDisk();
    void aNewLimitCountsAtOnce();
    void warningSaysWhatTheLimitCost();
    void statusCountsWhatTheLimitCost();
};

void TestSpoolShedder::belowTheLimitEveryBatchIsQueued() {
    FakeSpool spool;
    spool.pending = kLimit - 1;
    spool.backlogs = {kLimit};
    SpoolShedder shedder = spool.shedder();
    QVERIFY(!shedder.full());
    QVERIFY(shedder.admit(5));
    QVERIFY(spool.shedRequests.isEmpty());
    QCOMPARE(shedder.eventsDropped(), quint64(0));
    QCOMPARE(shedder.backlogsShed(), quint64(0));
    QVERIFY(shedder.warning().isEmpty());
}

void TestSpoolShedder::pastTheLimitTheLaggardsBacklogGoesBeforeAnyNewEvent() {
    FakeSpool spool;
    spool.pending = kLimit;
    spool.backlogs = {kLimit / 2, kLimit / 4};
    SpoolShedder shedder = spool.shedder();
    QVERIFY(shedder.full());
    QTest::ignoreMessage(QtCriticalMsg,
                         "spool full (spool_limit_mb 10): dead-lettered the backlog of "
                         "http://behind/: 3 events; replay URL --dead sends it again");
    QVERIFY(shedder.admit(5));
    QCOMPARE(spool.shedRequests, QList<qint64>{kLimit}); // down to below the limit
    QCOMPARE(spool.backlogs.size(), 1);                  // one backlog was enough
    QCOMPARE(shedder.backlogsShed(), quint64(1));
    QCOMPARE(shedder.eventsDropped(), quint64(0));
    QVERIFY(!shedder.full());
}

void TestSpoolShedder::newEventsAreDroppedOnlyWhenNoWebhookIsBehind() {
    FakeSpool spool;
    spool.pending = kLimit + 1;
    SpoolShedder shedder = spool.shedder();
    QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(QStringLiteral(
                                            "^spool full: 10 MiB of events wait for webhooks, 0 "
                                            "MiB on disk \\(spool_limit_mb 10\\); new events are "
                                            "DROPPED")));
    QVERIFY(!shedder.admit(5));
    // Said once: the next batches are only counted.
    QVERIFY(!shedder.admit(2));
    QCOMPARE(spool.shedRequests.size(), 2); // each batch tried to shed first
    QCOMPARE(shedder.eventsDropped(), quint64(7));
    QCOMPARE(shedder.backlogsShed(), quint64(0));
}

void TestSpoolShedder::queuesAgainOnceBelowTheLimit() {
    FakeSpool spool;
    spool.pending = kLimit;
    SpoolShedder shedder = spool.shedder();
    QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(QStringLiteral("^spool full: ")));
    QVERIFY(!shedder.admit(4));
    spool.pending = kLimit / 2; // delivered meanwhile
    QTest::ignoreMessage(QtWarningMsg,
                         "spool below its limit again; 4 events were dropped while it was full");
    QVERIFY(shedder.admit(1));
    QVERIFY(shedder.admit(1)); // said once
    QCOMPARE(shedder.eventsDropped(), quint64(4));
}

void TestSpoolShedder::aFullDiskShedsOneBacklogAndWaitsForItToReachTheDisk() {
    FakeSpool spool;
    spool.pending = kLimit / 2; // the bodies fit; their rows on disk do not
    spool.disk.full = true;
    spool.disk.generation = 5;
    spool.handedOver = 7;
    spool.backlogs = {kLimit / 2, kLimit / 4};
    SpoolShedder shedder = spool.shedder();
    QVERIFY(shedder.full());
    QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(QStringLiteral("^spool full \\(")));
    QVERIFY(shedder.admit(3));
    // One backlog: asked for below what was pending, not below the limit.
    QCOMPARE(spool.shedRequests, QList<qint64>{kLimit / 2});
    QCOMPARE(shedder.backlogsShed(), quint64(1));
    // The budget still reads full from before the shed reached the writer: that is no reason
    // to shed or drop again.
    QVERIFY(!shedder.full());
    QVERIFY(shedder.admit(3));
    QCOMPARE(spool.shedRequests.size(), 1);
    // Checked after the shed and still full: full again.
    spool.disk.generation = 7;
    QVERIFY(shedder.full());
}

void TestSpoolShedder::aNewLimitCountsAtOnce() {
    FakeSpool spool;
    spool.pending = kLimit / 2;
    SpoolShedder shedder = spool.shedder();
    QVERIFY(!shedder.full());
    shedder.setLimit(kLimit / 2);
    QCOMPARE(shedder.limit(), kLimit / 2);
    QVERIFY(shedder.full());
}

void TestSpoolShedder::warningSaysWhatTheLimitCost() {
    FakeSpool spool;
    SpoolShedder shedder = spool.shedder();
    spool.disk.historyEvicted = 12;
    QCOMPARE(shedder.warning(), QStringLiteral("spool limit reached: 12 history rows evicted, see "
                                               "the log"));
    spool.disk.deadLettersEvicted = 3;
    spool.pending = kLimit;
    spool.backlogs = {kLimit};
    QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(QStringLiteral("^spool full \\(")));
    QVERIFY(shedder.admit(1));
    QCOMPARE(shedder.warning(),
             QStringLiteral("spool limit reached: 1 webhook backlogs dead-lettered, 12 history "
                            "rows evicted, 3 dead letters evicted, see the log"));
    spool.pending = kLimit;
    QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(QStringLiteral("^spool full: ")));
    QVERIFY(!shedder.admit(9));
    QCOMPARE(shedder.warning(), QStringLiteral("spool full, new events dropped (9 so far)"));
}

void TestSpoolShedder::statusCountsWhatTheLimitCost() {
    FakeSpool spool;
    spool.disk.usedBytes = 4096;
    spool.disk.historyEvicted = 2;
    spool.disk.deadLettersEvicted = 1;
    spool.pending = kLimit;
    SpoolShedder shedder = spool.shedder();
    QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(QStringLiteral("^spool full: ")));
    QVERIFY(!shedder.admit(6));
    const QJsonObject expected{{QStringLiteral("disk_bytes"), qint64(4096)},
                               {QStringLiteral("limit_bytes"), kLimit},
                               {QStringLiteral("history_evicted"), qint64(2)},
                               {QStringLiteral("dead_letters_evicted"), qint64(1)},
                               {QStringLiteral("backlogs_shed"), qint64(0)},
                               {QStringLiteral("events_dropped"), qint64(6)}};
    QCOMPARE(shedder.status(), expected);
}

QTEST_GUILESS_MAIN(TestSpoolShedder)
#include "tst_spoolshedder.moc"

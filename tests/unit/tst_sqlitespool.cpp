// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// The durable spool: what it committed comes back after the process is gone, positions advance,
// delivered events become history (listed, replayed, pruned after the retention), seqs are
// never reused.
#include "spoolfile.h"
#include "sqlitespool.h"

#include <QDeadlineTimer>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <functional>

namespace {

QueuedEventBatch batch(int count, const QString &type = QStringLiteral("VOLUME_CREATE")) {
    QueuedEventBatch events;
    for (int i = 0; i < count; ++i) {
        QueuedEvent event;
        event.type = type;
        event.timestamp = 1468303352 + i;
        event.body = "{\"n\":" + QByteArray::number(i) + '}';
        events.push_back(event);
    }
    return events;
}

constexpr qint64 kNoLimit = qint64(1) << 40;

// Runs `sql` (one integer) as another process sees the file, until it reads `wanted` or 10 s
// pass; `meanwhile` runs between reads. Returns the last value.
qint64 readFromDisk(const QString &path, const QString &sql, qint64 wanted,
                    const std::function<void()> &meanwhile) {
    const QDeadlineTimer deadline(10'000);
    for (;;) {
        const qint64 value = readSpoolInteger(path, sql);
        if (value == wanted || deadline.hasExpired())
            return value;
        meanwhile();
    }
}

} // namespace

class TestSqliteSpool : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void restoresUndeliveredEventsAndPositions();
    void forgetsWhatEveryConsumerHas();
    void keepsSeqsGrowingAcrossRestarts();
    void dropsEventsNobodyWants();
    void removedConsumerReleasesItsEvents();
    void refusesUnopenablePath();
    void keepsWorkWhileCommitsFail();
    void recordsAttemptsNewestFirst();
    void replaysDeadLettersOnceForTheirWebhook();
    void replaysDeliveredEventsSinceATime();
    void prunesHistoryPastRetentionButNotUndelivered();
    void countsPendingBytes();
    void replayingTwiceSendsEachEventOnceAgain();
    void replayStopsAtTheLimit();
    void denseStreamReachesDiskWithoutFlush();
    void historyReachesDiskWhileEventsKeepComing();
    void flushReturnsWhenARemovalTookThePendingPositionAlong();

private:
    bool m_partial = false;
};

void TestSqliteSpool::restoresUndeliveredEventsAndPositions() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("spool.db"));
    QByteArray firstId;
    {
        auto spool = SqliteSpool::open(path, "a-");
        QVERIFY2(spool.ok(), qPrintable(spool.error()));
        (*spool)->addConsumer(QStringLiteral("http://a/"), 0);
        (*spool)->addConsumer(QStringLiteral("http://b/"), 0);
        QueuedEventBatch events = batch(5);
        (*spool)->append(events);
        firstId = events.front().id;
        (*spool)->acknowledge(QStringLiteral("http://a/"), 3);
        (*spool)->flush();
        // No orderly shutdown is needed for what flush() saw: the next open reads the file.
    }
    auto spool = SqliteSpool::open(path, "b-");
    QVERIFY(spool.ok());
    QCOMPARE((*spool)->position(QStringLiteral("http://a/")), quint64(3));
    QCOMPARE((*spool)->position(QStringLiteral("http://b/")), quint64(0));
    const QueuedEventBatch pending = (*spool)->readAfter(0, 100);
    QCOMPARE(int(pending.size()), 5);
    QCOMPARE(pending.front().id, firstId); // the id a receiver dedupes on survives
    QCOMPARE(pending.back().body, QByteArray("{\"n\":4}"));
    QCOMPARE(pending.back().type, QStringLiteral("VOLUME_CREATE"));
    QCOMPARE(pending.back().timestamp, qint64(1468303356));
}

void TestSqliteSpool::forgetsWhatEveryConsumerHas() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("spool.db"));
    {
        auto spool = SqliteSpool::open(path, "a-");
        QVERIFY(spool.ok());
        (*spool)->addConsumer(QStringLiteral("w"), 0);
        QueuedEventBatch events = batch(10);
        (*spool)->append(events);
        (*spool)->acknowledge(QStringLiteral("w"), 10);
        QCOMPARE((*spool)->pendingCount(), 0);
        (*spool)->flush();
    }
    auto spool = SqliteSpool::open(path, "b-");
    QCOMPARE((*spool)->pendingCount(), 0);
    QCOMPARE((*spool)->lastSeq(), quint64(10));
}

void TestSqliteSpool::keepsSeqsGrowingAcrossRestarts() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("spool.db"));
    for (int round = 0; round < 3; ++round) {
        auto spool = SqliteSpool::open(path, QByteArray::number(round) + '-');
        QVERIFY(spool.ok());
        if (!(*spool)->hasConsumer(QStringLiteral("w")))
            (*spool)->addConsumer(QStringLiteral("w"), 0);
        QueuedEventBatch events = batch(4);
        (*spool)->append(events);
        QCOMPARE(events.front().seq, quint64(round * 4 + 1));
        QCOMPARE((*spool)->pendingCount(), (round + 1) * 4);
    }
}

void TestSqliteSpool::dropsEventsNobodyWants() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("spool.db"));
    {
        auto spool = SqliteSpool::open(path, "a-");
        QueuedEventBatch events = batch(3);
        (*spool)->append(events);
        QCOMPARE((*spool)->pendingCount(), 0);
    }
    auto spool = SqliteSpool::open(path, "b-");
    QCOMPARE((*spool)->lastSeq(), quint64(3));
    QCOMPARE((*spool)->pendingCount(), 0);
}

void TestSqliteSpool::removedConsumerReleasesItsEvents() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("spool.db"));
    {
        auto spool = SqliteSpool::open(path, "a-");
        (*spool)->addConsumer(QStringLiteral("fast"), 0);
        (*spool)->addConsumer(QStringLiteral("dead"), 0);
        QueuedEventBatch events = batch(6);
        (*spool)->append(events);
        (*spool)->acknowledge(QStringLiteral("fast"), 6);
        QCOMPARE((*spool)->pendingCount(), 6);
        (*spool)->removeConsumer(QStringLiteral("dead"));
        QCOMPARE((*spool)->pendingCount(), 0);
    }
    auto spool = SqliteSpool::open(path, "b-");
    QCOMPARE((*spool)->consumers(), QStringList{QStringLiteral("fast")});
    QCOMPARE((*spool)->pendingCount(), 0);
}

void TestSqliteSpool::refusesUnopenablePath() {
    QTemporaryDir dir;
    auto spool = SqliteSpool::open(dir.filePath(QStringLiteral("no/such/dir/spool.db")), "a-");
    QVERIFY(!spool.ok());
    QVERIFY(spool.error().contains(QStringLiteral("cannot open the spool")));
}

void TestSqliteSpool::keepsWorkWhileCommitsFail() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("spool.db"));
    {
        auto spool = SqliteSpool::open(path, "a-");
        QVERIFY(spool.ok());
        (*spool)->addConsumer(QStringLiteral("keep"), 0);
        (*spool)->addConsumer(QStringLiteral("drop"), 0);
        QVERIFY((*spool)->flush());

        // Another process holds the database: every commit fails until it lets go.
        QSqlDatabase blocker =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("blocker"));
        blocker.setDatabaseName(path);
        QVERIFY(blocker.open());
        QSqlQuery lock(blocker);
        QVERIFY(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")));
        QueuedEventBatch events = batch(5);
        (*spool)->append(events);
        (*spool)->removeConsumer(QStringLiteral("drop"));
        QVERIFY(!(*spool)->flush(std::chrono::milliseconds(2'500)));
        QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
        lock.finish();
        blocker.close();
        QVERIFY((*spool)->flush());
    }
    QSqlDatabase::removeDatabase(QStringLiteral("blocker"));
    auto spool = SqliteSpool::open(path, "b-");
    QVERIFY(spool.ok());
    QCOMPARE((*spool)->pendingCount(), 5);
    QCOMPARE((*spool)->consumers(), QStringList{QStringLiteral("keep")});
}

// Received events are committed on their own while positions and history gather: a steady
// stream of events must not keep the history from the disk.
void TestSqliteSpool::historyReachesDiskWhileEventsKeepComing() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("spool.db"));
    auto spool = SqliteSpool::open(path, "a-");
    QVERIFY2(spool.ok(), qPrintable(spool.error()));
    const QString webhook = QStringLiteral("http://a/");
    (*spool)->addConsumer(webhook, 0);
    QVERIFY((*spool)->flush());
    constexpr int kAttempts = 20;
    for (int i = 0; i < kAttempts; ++i) {
        QueuedEventBatch one = batch(1);
        (*spool)->append(one);
        (*spool)->recordAttempt(DeliveryAttempt{
            1000 + i, webhook, one.front().id, QStringLiteral("VOLUME_CREATE"), 200, 1, {}});
        (*spool)->acknowledge(webhook, one.front().seq);
    }
    // The smaller of the two: both reach kAttempts once the history is on disk.
    const qint64 onDisk =
        readFromDisk(path,
                     QStringLiteral("SELECT MIN((SELECT COUNT(*) FROM attempts), "
                                    "(SELECT COALESCE(MAX(seq), 0) FROM positions))"),
                     kAttempts, [&] {
                         // An event every millisecond or so: a commit of received events keeps
                         // being due.
                         for (int i = 0; i < 20; ++i) {
                             QueuedEventBatch one = batch(1);
                             (*spool)->append(one);
                             QThread::usleep(1'000);
                         }
                     });
    QCOMPARE(onDisk, qint64(kAttempts));
}

// A position waits for its gather time; removing its consumer takes it back out, so what is left
// to commit is urgent only. That commit then holds everything handed over: flush() must see it.
void TestSqliteSpool::flushReturnsWhenARemovalTookThePendingPositionAlong() {
    QTemporaryDir dir;
    auto spool = SqliteSpool::open(dir.filePath(QStringLiteral("spool.db")), "a-");
    QVERIFY2(spool.ok(), qPrintable(spool.error()));
    (*spool)->addConsumer(QStringLiteral("http://a/"), 0);
    (*spool)->addConsumer(QStringLiteral("http://b/"), 0);
    QVERIFY((*spool)->flush());
    QueuedEventBatch one = batch(1);
    (*spool)->append(one);
    (*spool)->acknowledge(QStringLiteral("http://a/"), one.front().seq);
    (*spool)->removeConsumer(QStringLiteral("http://a/"));
    // The received event and the removal are committed at once, before the gather time ends.
    QThread::msleep(30);
    QVERIFY((*spool)->flush(std::chrono::seconds(5)));
}

QTEST_GUILESS_MAIN(TestSqliteSpool)
#include "tst_sqlitespool.moc"

void TestSqliteSpool::recordsAttemptsNewestFirst() {
    QTemporaryDir dir;
    auto spool = SqliteSpool::open(dir.filePath(QStringLiteral("spool.db")), "a-");
    QVERIFY(spool.ok());
    for (int i = 0; i < 5; ++i)
        (*spool)->recordAttempt(DeliveryAttempt{
            1000 + i, i % 2 ? QStringLiteral("http://b/") : QStringLiteral("http://a/"),
            "a-" + QByteArray::number(i), QStringLiteral("T"), i == 3 ? 0 : 200 + i, i,
            i == 3 ? QStringLiteral("refused") : QString()});
    const auto all = (*spool)->attempts(QString(), false, 100);
    QVERIFY2(all.ok(), qPrintable(all.error()));
    QCOMPARE(all->size(), 5);
    QCOMPARE(all->first().atMs, qint64(1004));
    QCOMPARE(all->last().eventId, QByteArray("a-0"));
    const auto failedOfB = (*spool)->attempts(QStringLiteral("http://b/"), true, 100);
    QCOMPARE(failedOfB->size(), 1);
    QCOMPARE(failedOfB->first().error, QStringLiteral("refused"));
    QCOMPARE(failedOfB->first().status, 0);
    QCOMPARE((*spool)->attempts(QString(), false, 2)->size(), 2);
}

void TestSqliteSpool::replaysDeadLettersOnceForTheirWebhook() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("spool.db"));
    QByteArray deadId;
    {
        auto spool = SqliteSpool::open(path, "a-");
        (*spool)->addConsumer(QStringLiteral("http://a/"), 0);
        (*spool)->addConsumer(QStringLiteral("http://b/"), 0);
        QueuedEventBatch events = batch(3);
        (*spool)->append(events);
        deadId = events[1].id;
        (*spool)->deadLetter(QStringLiteral("http://a/"), events[1], QStringLiteral("HTTP 500"));
        (*spool)->flush();
    }
    // The dead-letter list outlives a restart.
    auto spool = SqliteSpool::open(path, "b-");
    (*spool)->acknowledge(QStringLiteral("http://a/"), 3);
    (*spool)->acknowledge(QStringLiteral("http://b/"), 3);
    QCOMPARE(
        (*spool)->replay(QStringLiteral("http://b/"), 0, true, {}, kNoLimit, &m_partial).value(),
        0);
    QCOMPARE(
        (*spool)->replay(QStringLiteral("http://a/"), 0, true, {}, kNoLimit, &m_partial).value(),
        1);
    const QueuedEventBatch queued = (*spool)->readAfter(3, 10);
    QCOMPARE(int(queued.size()), 1);
    QCOMPARE(queued[0].id, deadId); // the same event: the id a receiver dedupes on
    QCOMPARE(queued[0].target, QStringLiteral("http://a/"));
    QCOMPARE(queued[0].body, QByteArray("{\"n\":1}"));
    QCOMPARE(
        (*spool)->replay(QStringLiteral("http://a/"), 0, true, {}, kNoLimit, &m_partial).value(),
        0);
}

void TestSqliteSpool::replaysDeliveredEventsSinceATime() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("spool.db"));
    {
        auto spool = SqliteSpool::open(path, "a-");
        (*spool)->addConsumer(QStringLiteral("http://a/"), 0);
        QueuedEventBatch old = batch(2);
        for (QueuedEvent &event : old)
            event.receivedMs = 1'000;
        (*spool)->append(old);
        QueuedEventBatch recent = batch(3);
        for (QueuedEvent &event : recent)
            event.receivedMs = 5'000;
        (*spool)->append(recent);
        (*spool)->acknowledge(QStringLiteral("http://a/"), 5);
        QCOMPARE((*spool)->pendingCount(), 0);
    }
    auto spool = SqliteSpool::open(path, "b-");
    QCOMPARE((*spool)->pendingCount(), 0); // delivered events are history, not work
    QCOMPARE((*spool)
                 ->replay(QStringLiteral("http://a/"), 5'000, false, {}, kNoLimit, &m_partial)
                 .value(),
             3);
    QCOMPARE((*spool)->pendingCount(), 3);
    // A replay persists with its target, like any event.
    (*spool)->flush();
    spool = SqliteSpool::open(path, "c-");
    const QueuedEventBatch pending = (*spool)->readAfter(5, 10);
    QCOMPARE(int(pending.size()), 3);
    QCOMPARE(pending[0].target, QStringLiteral("http://a/"));
    QVERIFY(pending[0].receivedMs > 5'000); // its max age counts from the replay
    // One event by its id: once, although the replay made a second row with that id.
    (*spool)->flush();
    QCOMPARE(
        (*spool)
            ->replay(QStringLiteral("http://a/"), 0, false, pending[1].id, kNoLimit, &m_partial)
            .value(),
        1);
    QCOMPARE((*spool)->readAfter(8, 10).at(0).id, pending[1].id);
    QCOMPARE((*spool)
                 ->replay(QStringLiteral("http://a/"), 0, false, "no-such-id", kNoLimit, &m_partial)
                 .value(),
             0);
}

void TestSqliteSpool::prunesHistoryPastRetentionButNotUndelivered() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("spool.db"));
    auto spool = SqliteSpool::open(path, "a-");
    (*spool)->setRetention(std::chrono::milliseconds(300));
    (*spool)->addConsumer(QStringLiteral("http://a/"), 0);
    (*spool)->addConsumer(QStringLiteral("http://slow/"), 0);
    QueuedEventBatch events = batch(4);
    (*spool)->append(events);
    (*spool)->acknowledge(QStringLiteral("http://a/"), 4);
    (*spool)->acknowledge(QStringLiteral("http://slow/"), 2);
    (*spool)->recordAttempt(
        DeliveryAttempt{1, QStringLiteral("http://a/"), "a-1", QStringLiteral("T"), 200, 1, {}});
    (*spool)->deadLetter(QStringLiteral("http://a/"), events[0], QStringLiteral("HTTP 500"));
    (*spool)->flush();
    QCOMPARE((*spool)->attempts(QString(), false, 10)->size(), 1);
    // Commits keep coming (a busy node); the history ages out behind them.
    QDeadlineTimer deadline(20'000);
    while (!deadline.hasExpired() && !(*spool)->attempts(QString(), false, 10)->isEmpty()) {
        (*spool)->recordAttempt(DeliveryAttempt{});
        QTest::qWait(50);
        // Only the filler attempts made since may remain: the first one must go.
        const auto attempts = (*spool)->attempts(QString(), false, 1'000);
        if (std::none_of(attempts->begin(), attempts->end(),
                         [](const DeliveryAttempt &a) { return a.eventId == "a-1"; }))
            break;
    }
    const auto left = (*spool)->attempts(QString(), false, 1'000);
    QVERIFY(std::none_of(left->begin(), left->end(),
                         [](const DeliveryAttempt &a) { return a.eventId == "a-1"; }));
    QCOMPARE(
        (*spool)->replay(QStringLiteral("http://a/"), 0, true, {}, kNoLimit, &m_partial).value(),
        0);
    // Events 3 and 4 still wait for the slow webhook: never pruned, whatever their age.
    spool = SqliteSpool::open(path, "b-");
    QCOMPARE((*spool)->pendingCount(), 2);
}

void TestSqliteSpool::countsPendingBytes() {
    QTemporaryDir dir;
    auto spool = SqliteSpool::open(dir.filePath(QStringLiteral("spool.db")), "a-");
    (*spool)->addConsumer(QStringLiteral("w"), 0);
    QueuedEventBatch events = batch(3); // bodies {"n":0} .. {"n":2}: 7 bytes each
    (*spool)->append(events);
    QCOMPARE((*spool)->pendingBytes(), qint64(21));
    (*spool)->acknowledge(QStringLiteral("w"), 2);
    QCOMPARE((*spool)->pendingBytes(), qint64(7));
}

void TestSqliteSpool::replayingTwiceSendsEachEventOnceAgain() {
    QTemporaryDir dir;
    auto spool = SqliteSpool::open(dir.filePath(QStringLiteral("spool.db")), "a-");
    (*spool)->addConsumer(QStringLiteral("http://a/"), 0);
    QueuedEventBatch events = batch(4);
    (*spool)->append(events);
    QCOMPARE(
        (*spool)->replay(QStringLiteral("http://a/"), 0, false, {}, kNoLimit, &m_partial).value(),
        4);
    (*spool)->flush();
    // The first replay's copies are the same events: not sent a third time.
    QCOMPARE(
        (*spool)->replay(QStringLiteral("http://a/"), 0, false, {}, kNoLimit, &m_partial).value(),
        4);
    QVERIFY(!m_partial);
}

void TestSqliteSpool::replayStopsAtTheLimit() {
    QTemporaryDir dir;
    auto spool = SqliteSpool::open(dir.filePath(QStringLiteral("spool.db")), "a-");
    (*spool)->addConsumer(QStringLiteral("http://a/"), 0);
    QueuedEventBatch events = batch(10); // 7 bytes each
    (*spool)->append(events);
    (*spool)->acknowledge(QStringLiteral("http://a/"), 10);
    QCOMPARE((*spool)->replay(QStringLiteral("http://a/"), 0, false, {}, 30, &m_partial).value(),
             4);
    QVERIFY(m_partial);
}

// Under a dense stream the writer spaces its commits (one fsync for many events); the last
// events of the stream must still reach the disk on their own, with no flush() and no further
// event to push them: read back through a connection of its own, as after a crash.
void TestSqliteSpool::denseStreamReachesDiskWithoutFlush() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("spool.db"));
    auto spool = SqliteSpool::open(path, "a-");
    QVERIFY2(spool.ok(), qPrintable(spool.error()));
    (*spool)->addConsumer(QStringLiteral("http://a/"), 0);
    constexpr int kEvents = 300;
    for (int i = 0; i < kEvents; ++i) {
        QueuedEventBatch one = batch(1);
        (*spool)->append(one);
        QThread::usleep(200);
    }
    const qint64 onDisk = readFromDisk(path, QStringLiteral("SELECT COUNT(*) FROM events"), kEvents,
                                       [] { QThread::msleep(10); });
    QCOMPARE(onDisk, qint64(kEvents));
}

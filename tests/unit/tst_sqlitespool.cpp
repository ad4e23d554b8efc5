// The durable spool: what it committed comes back after the process is gone, positions advance,
// delivered events are forgotten, seqs are never reused.
#include "sqlitespool.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

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

QTEST_GUILESS_MAIN(TestSqliteSpool)
#include "tst_sqlitespool.moc"

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// The spool's one disk budget (spool_limit_mb) for undelivered events, history and dead letters:
// over it, the oldest history goes first, then the oldest dead letters; undelivered events are
// never evicted, and when only they are left the spool says it is full.
#include "spoolfile.h"
#include "sqlitespool.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

namespace {

constexpr qint64 kLimit = 512 * 1024;
const QString kWebhook = QStringLiteral("http://a/");

// `count` events of about 1 KiB each.
QueuedEventBatch bigEvents(int count) {
    QueuedEventBatch events;
    for (int i = 0; i < count; ++i) {
        QueuedEvent event;
        event.type = QStringLiteral("VOLUME_CREATE");
        event.timestamp = 1468303352;
        event.body = "{\"pad\":\"" + QByteArray(1'000, 'x') + "\"}";
        events.push_back(event);
    }
    return events;
}

// Appends `rounds` x 100 events that `webhook` then has (delivered), with an attempt each.
void deliverRounds(SqliteSpool &spool, int rounds) {
    for (int round = 0; round < rounds; ++round) {
        QueuedEventBatch events = bigEvents(100);
        spool.append(events);
        for (const QueuedEvent &event : events)
            spool.recordAttempt(DeliveryAttempt{
                1, kWebhook, event.id, QStringLiteral("VOLUME_CREATE"), 200, 1, {}});
        spool.acknowledge(kWebhook, spool.lastSeq());
        QVERIFY(spool.flush());
    }
}

} // namespace

class TestSpoolBudget : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void evictsTheOldestHistoryFirst();
    void evictsDeadLettersOnlyOnceTheHistoryIsGone();
    void undeliveredEventsFillItWithoutBeingEvicted();
    void aShedBacklogGoesAsHistoryBeforeItsDeadLetters();
};

void TestSpoolBudget::evictsTheOldestHistoryFirst() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("spool.db"));
    auto spool = SqliteSpool::open(path, "a-");
    QVERIFY2(spool.ok(), qPrintable(spool.error()));
    (*spool)->setDiskLimit(kLimit);
    (*spool)->addConsumer(kWebhook, 0);
    QueuedEventBatch first = bigEvents(1);
    (*spool)->append(first);
    (*spool)->deadLetter(kWebhook, first.front(), QStringLiteral("HTTP 500"));
    // About 2 MiB of delivered events and their attempts: four times the budget.
    deliverRounds(**spool, 20);

    const SpoolBudget::State state = (*spool)->diskBudget();
    QVERIFY2(state.usedBytes <= kLimit, qPrintable(QString::number(state.usedBytes)));
    QVERIFY(state.historyEvicted > 0);
    QCOMPARE(state.deadLettersEvicted, quint64(0)); // history was enough
    QVERIFY(!state.full);
    QCOMPARE(readSpoolInteger(path, QStringLiteral("SELECT COUNT(*) FROM dead_letters")),
             qint64(1));
    // The oldest went; the newest stay, events and attempts alike.
    QVERIFY(readSpoolInteger(path, QStringLiteral("SELECT MIN(seq) FROM events")) > 1);
    QCOMPARE(readSpoolInteger(path, QStringLiteral("SELECT MAX(seq) FROM events")),
             qint64((*spool)->lastSeq()));
    QVERIFY(readSpoolInteger(path, QStringLiteral("SELECT MIN(id) FROM attempts")) > 1);
    QCOMPARE(readSpoolInteger(path, QStringLiteral("SELECT MAX(id) FROM attempts")), qint64(2'000));
    QCOMPARE(quint64(readSpoolInteger(path, QStringLiteral("SELECT COUNT(*) FROM events")) +
                     readSpoolInteger(path, QStringLiteral("SELECT COUNT(*) FROM attempts"))) +
                 state.historyEvicted,
             quint64(4'001));
    // The file stops growing: freed pages are reused (the budget plus a round of slack).
    QVERIFY(QFileInfo(path).size() < 3 * kLimit);
}

void TestSpoolBudget::evictsDeadLettersOnlyOnceTheHistoryIsGone() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("spool.db"));
    auto spool = SqliteSpool::open(path, "a-");
    QVERIFY2(spool.ok(), qPrintable(spool.error()));
    (*spool)->setDiskLimit(kLimit);
    (*spool)->addConsumer(kWebhook, 0);
    deliverRounds(**spool, 3); // history within the budget
    QCOMPARE((*spool)->diskBudget().historyEvicted, quint64(0));

    // Twice the budget of dead letters, in order (events given up on, as a sender hands them).
    QueuedEventBatch dead = bigEvents(1'000);
    for (int i = 0; i < 1'000; ++i) {
        dead[size_t(i)].seq = quint64(i + 1);
        dead[size_t(i)].id = "d-" + QByteArray::number(i + 1);
    }
    for (int round = 0; round < 10; ++round) {
        for (int i = 0; i < 100; ++i)
            (*spool)->deadLetter(kWebhook, dead[size_t(round * 100 + i)],
                                 QStringLiteral("HTTP 500"));
        QVERIFY((*spool)->flush());
    }
    const SpoolBudget::State state = (*spool)->diskBudget();
    QVERIFY(state.usedBytes <= kLimit);
    QVERIFY(state.deadLettersEvicted > 0);
    QVERIFY(!state.full);
    // No history is left while dead letters went; the dead letters left are the newest.
    QCOMPARE(readSpoolInteger(path, QStringLiteral("SELECT COUNT(*) FROM attempts")), qint64(0));
    QCOMPARE(readSpoolInteger(path, QStringLiteral("SELECT COUNT(*) FROM events")), qint64(0));
    QVERIFY(readSpoolInteger(path, QStringLiteral("SELECT MIN(seq) FROM dead_letters")) > 1);
    QCOMPARE(readSpoolInteger(path, QStringLiteral("SELECT MAX(seq) FROM dead_letters")),
             qint64(1'000));
    QCOMPARE(quint64(readSpoolInteger(path, QStringLiteral("SELECT COUNT(*) FROM dead_letters"))) +
                 state.deadLettersEvicted,
             quint64(1'000));
}

void TestSpoolBudget::undeliveredEventsFillItWithoutBeingEvicted() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("spool.db"));
    auto spool = SqliteSpool::open(path, "a-");
    QVERIFY2(spool.ok(), qPrintable(spool.error()));
    (*spool)->setDiskLimit(kLimit);
    (*spool)->addConsumer(kWebhook, 0);
    const QString stuck = QStringLiteral("http://stuck/");
    (*spool)->addConsumer(stuck, 0);
    QueuedEventBatch first = bigEvents(1);
    (*spool)->append(first);
    (*spool)->deadLetter(stuck, first.front(), QStringLiteral("HTTP 500"));
    (*spool)->acknowledge(stuck, 1); // it gave that one up
    // Twice the budget that `stuck` never has: attempts and the dead letter are all that can go.
    for (int round = 0; round < 10; ++round) {
        QueuedEventBatch events = bigEvents(100);
        (*spool)->append(events);
        for (const QueuedEvent &event : events)
            (*spool)->recordAttempt(DeliveryAttempt{
                1, kWebhook, event.id, QStringLiteral("VOLUME_CREATE"), 200, 1, {}});
        (*spool)->acknowledge(kWebhook, (*spool)->lastSeq());
        QVERIFY((*spool)->flush());
    }
    const SpoolBudget::State state = (*spool)->diskBudget();
    QVERIFY(state.full);
    QVERIFY(state.usedBytes > kLimit);
    QCOMPARE(state.historyEvicted, quint64(1'001)); // every attempt, and the first event
    QCOMPARE(state.deadLettersEvicted, quint64(1));
    QVERIFY(state.generation >= (*spool)->handedOver());
    // Every undelivered event is still there, in memory and on disk.
    QCOMPARE((*spool)->pendingCount(), 1'000);
    QCOMPARE(readSpoolInteger(path, QStringLiteral("SELECT COUNT(*) FROM events")), qint64(1'000));

    // A higher limit ends it at once, without waiting for a commit.
    (*spool)->setDiskLimit(64 * kLimit);
    QVERIFY(!(*spool)->diskBudget().full);
}

// The daemon sheds a stuck webhook's backlog: its events become history and are copied to the
// dead-letter list in one go. The positions reach the writer after the dead letters; until
// then the events still look undelivered, and the dead letters must not be evicted for them.
void TestSpoolBudget::aShedBacklogGoesAsHistoryBeforeItsDeadLetters() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("spool.db"));
    auto spool = SqliteSpool::open(path, "a-");
    QVERIFY2(spool.ok(), qPrintable(spool.error()));
    (*spool)->setDiskLimit(kLimit);
    const QString stuck = QStringLiteral("http://stuck/");
    (*spool)->addConsumer(stuck, 0);
    QueuedEventBatch backlog = bigEvents(300); // about 3/4 of the budget on disk
    (*spool)->append(backlog);
    QVERIFY((*spool)->flush());
    QCOMPARE((*spool)->diskBudget().historyEvicted, quint64(0));

    for (const QueuedEvent &event : backlog)
        (*spool)->deadLetter(stuck, event, QStringLiteral("spool full"));
    (*spool)->acknowledge(stuck, (*spool)->lastSeq());
    // No flush(): it would commit the positions with the dead letters. The dead letters reach
    // the disk at once, over the budget; the positions wait for the next commit.
    QDeadlineTimer deadline(10'000);
    while (readSpoolInteger(path, QStringLiteral("SELECT COUNT(*) FROM dead_letters")) < 300 &&
           !deadline.hasExpired())
        QThread::msleep(5);
    QVERIFY((*spool)->flush());

    const SpoolBudget::State state = (*spool)->diskBudget();
    QCOMPARE(state.deadLettersEvicted, quint64(0));
    QVERIFY(state.historyEvicted > 0);
    QCOMPARE(readSpoolInteger(path, QStringLiteral("SELECT COUNT(*) FROM dead_letters")),
             qint64(300));
    QVERIFY(state.usedBytes <= kLimit);
}

QTEST_GUILESS_MAIN(TestSpoolBudget)
#include "tst_spoolbudget.moc"

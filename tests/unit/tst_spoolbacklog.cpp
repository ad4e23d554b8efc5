// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// The spool holds only a window of its events in memory: events beyond it are read back from
// the database in order, a restart reads counts and positions rather than the backlog, and a
// webhook that is down keeps its backlog on disk, not in memory, while the others' events leave
// memory once delivered. Checked on the spool's own count of what it holds, not on the
// process's memory.
#include "spoolfile.h"
#include "sqlitespool.h"

#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kDown = QStringLiteral("http://down/");
const QString kUp = QStringLiteral("http://up/");

// `count` events whose bodies name their number and grow with it (7 to 12 bytes).
QueuedEventBatch numbered(int from, int count) {
    QueuedEventBatch events;
    for (int i = from; i < from + count; ++i) {
        QueuedEvent event;
        event.type = i % 2 ? QStringLiteral("VOLUME_START") : QStringLiteral("VOLUME_STOP");
        event.timestamp = 1468303352 + i;
        event.body = "{\"n\":" + QByteArray::number(i) + '}';
        events.push_back(event);
    }
    return events;
}

qint64 bodyBytes(int from, int count) {
    qint64 bytes = 0;
    for (int i = from; i < from + count; ++i)
        bytes += 6 + QByteArray::number(i).size();
    return bytes;
}

// A window of a few dozen events and pages of eight, so that a test of a few thousand events
// is mostly beyond it.
SpoolBacklog::Limits smallWindow() {
    SpoolBacklog::Limits window;
    window.recentEvents = 32;
    window.recentBytes = 1024 * 1024;
    window.pages.pageEvents = 8;
    window.pages.pageBytes = 1024 * 1024;
    window.pages.cacheBytes = 4 * 1024;
    return window;
}

// The most a window may hold: its recent events, and the pages the cache keeps within its
// budget plus the one being read.
qsizetype mostHeld(const SpoolBacklog::Limits &window) {
    const qint64 smallestEvent = SpoolPageCache::kEventOverhead;
    return window.recentEvents + qsizetype(window.pages.cacheBytes / smallestEvent) +
           window.pages.pageEvents;
}

// Reads everything after `position` for `consumer` `step` events at a time, as a sender does,
// acknowledging as it goes; checks each event is the next in order. Returns how many it read,
// or -1 at the first out of order.
int readAllInOrder(SqliteSpool &spool, const QString &consumer, int step, qsizetype mostHeldAt,
                   qsizetype *highestHeld) {
    quint64 position = spool.position(consumer);
    int read = 0;
    for (;;) {
        const QueuedEventBatch events = spool.readAfter(position, step);
        if (events.empty())
            return read;
        for (const QueuedEvent &event : events) {
            if (event.seq != position + 1 ||
                event.body != "{\"n\":" + QByteArray::number(qint64(event.seq)) + '}')
                return -1;
            position = event.seq;
            ++read;
        }
        spool.acknowledge(consumer, position);
        *highestHeld = std::max(*highestHeld, spool.heldInMemory().events);
        if (*highestHeld > mostHeldAt)
            return read;
    }
}

} // namespace

class TestSpoolBacklog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsEventsBeyondTheWindowBackInOrder();
    void readsTheBacklogInOrderAfterAReopen();
    void restartWithALargeBacklogResumesAtOnceAndHoldsAWindow();
    void downWebhookKeepsItsBacklogOnDiskOnly();
    void countsWhatWaitsWithoutHoldingIt();
    void replayedEventsKeepTheirIdsBeyondTheWindow();
    void backlogGivenUpBeyondTheWindowIsDeadLetteredWhole();
    void webhookAddedAfterTheLastWasRemovedReadsOnInOrder();
};

void TestSpoolBacklog::readsEventsBeyondTheWindowBackInOrder() {
    QTemporaryDir dir;
    const SpoolBacklog::Limits window = smallWindow();
    auto spool = SqliteSpool::open(dir.filePath(QStringLiteral("spool.db")), "a-", window);
    QVERIFY2(spool.ok(), qPrintable(spool.error()));
    (*spool)->addConsumer(kDown, 0);
    for (int from = 1; from <= 2'000; from += 100) {
        QueuedEventBatch events = numbered(from, 100);
        (*spool)->append(events);
    }
    QVERIFY((*spool)->flush());
    // Committed, the events beyond the window leave memory.
    QCOMPARE((*spool)->heldInMemory().events, window.recentEvents);
    QCOMPARE((*spool)->pendingCount(), 2'000);

    // One at a time, as a strict webhook reads, and then several at once.
    QueuedEventBatch first = (*spool)->readAfter(0, 1);
    QCOMPARE(first.size(), size_t(1));
    QCOMPARE(first.front().id, QByteArray("a-1"));
    QCOMPARE(first.front().type, QStringLiteral("VOLUME_START"));
    QCOMPARE(first.front().timestamp, qint64(1468303353));
    const QueuedEventBatch across = (*spool)->readAfter(1'960, 30); // pages, then the window
    QCOMPARE(across.size(), size_t(30));
    for (size_t i = 0; i < across.size(); ++i) {
        QCOMPARE(across[i].seq, quint64(1'961 + i));
        QCOMPARE(across[i].id, "a-" + QByteArray::number(qint64(1'961 + i)));
    }
    qsizetype highest = 0;
    QCOMPARE(readAllInOrder(**spool, kDown, 1, mostHeld(window), &highest), 2'000);
    QVERIFY2(highest <= mostHeld(window), qPrintable(QString::number(highest)));
    QCOMPARE((*spool)->pendingCount(), 0);
    QCOMPARE((*spool)->pendingBytes(), qint64(0));
}

void TestSpoolBacklog::readsTheBacklogInOrderAfterAReopen() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("spool.db"));
    const SpoolBacklog::Limits window = smallWindow();
    QList<QByteArray> ids;
    {
        auto spool = SqliteSpool::open(path, "a-", window);
        (*spool)->addConsumer(kDown, 0);
        QueuedEventBatch events = numbered(1, 500);
        (*spool)->append(events);
        for (const QueuedEvent &event : events)
            ids.append(event.id);
        (*spool)->acknowledge(kDown, 100);
        QVERIFY((*spool)->flush());
    }
    auto spool = SqliteSpool::open(path, "b-", window);
    QVERIFY2(spool.ok(), qPrintable(spool.error()));
    QCOMPARE((*spool)->heldInMemory().events, 0); // positions and counts only
    QCOMPARE((*spool)->pendingCount(), 400);
    QCOMPARE((*spool)->pendingBytes(), bodyBytes(101, 400));
    QueuedEventBatch read;
    for (quint64 position = 100;;) {
        const QueuedEventBatch some = (*spool)->readAfter(position, 7);
        if (some.empty())
            break;
        read.insert(read.end(), some.begin(), some.end());
        position = some.back().seq;
    }
    QCOMPARE(read.size(), size_t(400));
    for (size_t i = 0; i < read.size(); ++i) {
        QCOMPARE(read[i].seq, quint64(101 + i));
        QCOMPARE(read[i].id, ids.at(int(100 + i))); // the id receivers dedupe on survives
    }
    // New events follow the old ones, in order, after the restart.
    QueuedEventBatch more = numbered(501, 10);
    (*spool)->append(more);
    QCOMPARE(more.front().seq, quint64(501));
    const QueuedEventBatch tail = (*spool)->readAfter(495, 100);
    QCOMPARE(tail.size(), size_t(15));
    QCOMPARE(tail.back().id, QByteArray("b-510"));
}

// 200,000 waiting events: the restart reads none of them, and the first is there at once.
void TestSpoolBacklog::restartWithALargeBacklogResumesAtOnceAndHoldsAWindow() {
    constexpr int kEvents = 200'000;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("spool.db"));
    {
        auto spool = SqliteSpool::open(path, "a-");
        (*spool)->addConsumer(kDown, 0);
        for (int from = 1; from <= kEvents; from += 1'000) {
            QueuedEventBatch events = numbered(from, 1'000);
            (*spool)->append(events);
        }
        QVERIFY((*spool)->flush());
    }
    const SpoolBacklog::Limits window; // the daemon's
    auto spool = SqliteSpool::open(path, "b-", window);
    QVERIFY2(spool.ok(), qPrintable(spool.error()));
    QCOMPARE((*spool)->heldInMemory().events, 0);
    QCOMPARE((*spool)->pendingCount(), kEvents);
    QCOMPARE((*spool)->pendingBytes(), bodyBytes(1, kEvents));
    const QueuedEventBatch first = (*spool)->readAfter(0, 1);
    QCOMPARE(first.size(), size_t(1));
    QCOMPARE(first.front().id, QByteArray("a-1"));
    QVERIFY((*spool)->heldInMemory().events <= window.pages.pageEvents);

    qsizetype highest = 0;
    QCOMPARE(readAllInOrder(**spool, kDown, 1, mostHeld(window), &highest), kEvents);
    QVERIFY2(highest <= mostHeld(window), qPrintable(QString::number(highest)));
    QCOMPARE((*spool)->pendingCount(), 0);
    QCOMPARE((*spool)->pendingBytes(), qint64(0));
}

// One receiver down, one up: the events the healthy one took leave memory as the writer
// commits them, the down one's backlog stays whole on disk, and it gets all of it in order
// when it comes back.
void TestSpoolBacklog::downWebhookKeepsItsBacklogOnDiskOnly() {
    constexpr int kEvents = 5'000;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("spool.db"));
    const SpoolBacklog::Limits window = smallWindow();
    auto spool = SqliteSpool::open(path, "a-", window);
    (*spool)->addConsumer(kDown, 0);
    (*spool)->addConsumer(kUp, 0);
    for (int from = 1; from <= kEvents; from += 50) {
        QueuedEventBatch events = numbered(from, 50);
        (*spool)->append(events);
        const QueuedEventBatch taken = (*spool)->readAfter((*spool)->position(kUp), 50);
        QCOMPARE(taken.size(), size_t(50));
        QCOMPARE(taken.front().seq, quint64(from));
        (*spool)->acknowledge(kUp, taken.back().seq);
    }
    QVERIFY((*spool)->flush());
    const SpoolBacklog::Held held = (*spool)->heldInMemory();
    QCOMPARE(held.events, window.recentEvents);
    QVERIFY(held.bytes <= window.recentEvents * (SpoolPageCache::kEventOverhead + 16));
    QCOMPARE((*spool)->pendingCount(), kEvents); // all still owed to the down webhook
    QCOMPARE(readSpoolInteger(path, QStringLiteral("SELECT COUNT(*) FROM events")),
             qint64(kEvents));

    qsizetype highest = 0;
    QCOMPARE(readAllInOrder(**spool, kDown, 16, mostHeld(window), &highest), kEvents);
    QVERIFY2(highest <= mostHeld(window), qPrintable(QString::number(highest)));
    QCOMPARE((*spool)->pendingCount(), 0);
}

// The counts of what waits move with every acknowledgement and removal, whether the events
// are in the window, in a page read back, or only on disk.
void TestSpoolBacklog::countsWhatWaitsWithoutHoldingIt() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("spool.db"));
    auto spool = SqliteSpool::open(path, "a-", smallWindow());
    (*spool)->addConsumer(kDown, 0);
    (*spool)->addConsumer(kUp, 0);
    QueuedEventBatch events = numbered(1, 1'000);
    (*spool)->append(events);
    (*spool)->acknowledge(kUp, 1'000);
    QVERIFY((*spool)->flush());
    QCOMPARE((*spool)->heldInMemory().events, 32); // the rest only on disk now
    QCOMPARE((*spool)->pendingBytes(), bodyBytes(1, 1'000));
    (*spool)->acknowledge(kDown, 300); // on disk only: counted by a query
    QCOMPARE((*spool)->pendingCount(), 700);
    QCOMPARE((*spool)->pendingBytes(), bodyBytes(301, 700));
    QCOMPARE((*spool)->readAfter(300, 5).size(), size_t(5)); // a page read back
    (*spool)->acknowledge(kDown, 303);                       // counted from the page
    QCOMPARE((*spool)->pendingCount(), 697);
    QCOMPARE((*spool)->pendingBytes(), bodyBytes(304, 697));
    (*spool)->acknowledge(kDown, 990); // pages, disk and the window
    QCOMPARE((*spool)->pendingCount(), 10);
    QCOMPARE((*spool)->pendingBytes(), bodyBytes(991, 10));
    (*spool)->removeConsumer(kDown);
    QCOMPARE((*spool)->pendingCount(), 0);
    QCOMPARE((*spool)->pendingBytes(), qint64(0));
    QCOMPARE((*spool)->heldInMemory().events, 0);
}

// A replay is queued with the ids its events were first sent with; read back from disk
// beyond the window, it still carries them and goes only to its webhook.
void TestSpoolBacklog::replayedEventsKeepTheirIdsBeyondTheWindow() {
    QTemporaryDir dir;
    auto spool = SqliteSpool::open(dir.filePath(QStringLiteral("spool.db")), "a-", smallWindow());
    (*spool)->addConsumer(kDown, 0);
    (*spool)->addConsumer(kUp, 0);
    QueuedEventBatch events = numbered(1, 10);
    (*spool)->append(events);
    (*spool)->acknowledge(kUp, 10);
    (*spool)->acknowledge(kDown, 10);
    bool partial = false;
    QCOMPARE((*spool)->replay(kUp, 0, false, {}, qint64(1) << 40, &partial).value(), 10);
    QueuedEventBatch after = numbered(21, 100);
    (*spool)->append(after); // pushes the replay out of the window
    QVERIFY((*spool)->flush());
    (*spool)->heldInMemory();
    const QueuedEventBatch replayed = (*spool)->readAfter(10, 10);
    QCOMPARE(replayed.size(), size_t(10));
    for (size_t i = 0; i < replayed.size(); ++i) {
        QCOMPARE(replayed[i].id, "a-" + QByteArray::number(qint64(i + 1)));
        QCOMPARE(replayed[i].target, kUp);
    }
}

// A backlog given up at once (spool full): read back from disk and dead-lettered event by
// event, as WebhookSender::shedBacklog does, committed and uncommitted events alike. Every one
// is a dead letter with its id and body, and `replay --dead` brings them all back in order.
void TestSpoolBacklog::backlogGivenUpBeyondTheWindowIsDeadLetteredWhole() {
    constexpr int kEvents = 3'000;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("spool.db"));
    auto spool = SqliteSpool::open(path, "a-", smallWindow());
    (*spool)->addConsumer(kDown, 0);
    QueuedEventBatch events = numbered(1, kEvents - 10);
    (*spool)->append(events);
    QVERIFY((*spool)->flush());
    QueuedEventBatch last = numbered(kEvents - 9, 10); // not committed yet when given up
    (*spool)->append(last);
    const QString why = QStringLiteral("spool full (spool_limit_mb) while this webhook was behind");
    quint64 position = 0;
    for (;;) {
        const QueuedEventBatch backlog = (*spool)->readAfter(position, 1'024);
        if (backlog.empty())
            break;
        for (const QueuedEvent &event : backlog) {
            if (event.seq % 100 != 0) // one in a hundred the webhook's filter does not want
                (*spool)->deadLetter(kDown, event, why);
        }
        position = backlog.back().seq;
    }
    (*spool)->acknowledge(kDown, position);
    QVERIFY((*spool)->flush());
    QCOMPARE((*spool)->pendingCount(), 0);
    const int given = kEvents - kEvents / 100;
    QCOMPARE(readSpoolInteger(path, QStringLiteral("SELECT COUNT(*) FROM dead_letters")),
             qint64(given));
    QCOMPARE(readSpoolInteger(path, QStringLiteral("SELECT COUNT(*) FROM dead_letters WHERE "
                                                   "error = '%1' AND died_ms > 0")
                                        .arg(why)),
             qint64(given));

    bool partial = false;
    QCOMPARE((*spool)->replay(kDown, 0, true, {}, qint64(1) << 40, &partial).value(), given);
    const QueuedEventBatch again = (*spool)->readAfter(kEvents, kEvents);
    QCOMPARE(int(again.size()), given);
    quint64 original = 0;
    for (const QueuedEvent &event : again) {
        original += original % 100 == 99 ? 2 : 1;
        QCOMPARE(event.id, "a-" + QByteArray::number(original));
        QCOMPARE(event.body, "{\"n\":" + QByteArray::number(original) + '}');
        QCOMPARE(event.target, kDown);
    }
}

// The last webhook removed while events wait (some not committed yet), events with nobody to
// take them, then a new webhook: it reads exactly the events that came after it, in order, and
// nothing is counted as waiting that nobody wants.
void TestSpoolBacklog::webhookAddedAfterTheLastWasRemovedReadsOnInOrder() {
    QTemporaryDir dir;
    auto spool = SqliteSpool::open(dir.filePath(QStringLiteral("spool.db")), "a-", smallWindow());
    (*spool)->addConsumer(kDown, 0);
    QueuedEventBatch waiting = numbered(1, 100);
    (*spool)->append(waiting);
    (*spool)->removeConsumer(kDown);
    QCOMPARE((*spool)->pendingCount(), 0);
    QCOMPARE((*spool)->pendingBytes(), qint64(0));
    QCOMPARE((*spool)->heldInMemory().events, 0);

    QueuedEventBatch unwanted = numbered(101, 50);
    (*spool)->append(unwanted);
    QCOMPARE((*spool)->pendingCount(), 0);
    QCOMPARE((*spool)->heldInMemory().events, 0);

    (*spool)->addConsumer(kUp, (*spool)->lastSeq());
    QCOMPARE((*spool)->lastSeq(), quint64(150));
    QueuedEventBatch wanted = numbered(151, 100);
    (*spool)->append(wanted);
    QCOMPARE((*spool)->pendingCount(), 100);
    QCOMPARE((*spool)->pendingBytes(), bodyBytes(151, 100));
    const QueuedEventBatch read = (*spool)->readAfter(150, 100);
    QCOMPARE(read.size(), size_t(100));
    for (size_t i = 0; i < read.size(); ++i) {
        QCOMPARE(read[i].seq, quint64(151 + i));
        QCOMPARE(read[i].body, "{\"n\":" + QByteArray::number(qint64(151 + i)) + '}');
    }
    (*spool)->acknowledge(kUp, 250);
    QCOMPARE((*spool)->pendingCount(), 0);
}

QTEST_GUILESS_MAIN(TestSpoolBacklog)
#include "tst_spoolbacklog.moc"

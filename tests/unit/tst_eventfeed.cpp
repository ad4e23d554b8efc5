// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// The live events feed: pages in order, the oldest dropped beyond the capacity and counted as
// missed, a restarted daemon's newer `after` tolerated, long polls answered once (at once, on
// publish or empty after their wait), never after their context is gone, and capped in number.
#include "eventfeed.h"

#include <QTest>

#include <memory>
#include <optional>

namespace {

// Generous: the CI box is slow and busy; only an upper bound, never a tight timing.
constexpr int kPatienceMs = 30'000;

QueuedEventBatch batch(int count, int first = 0) {
    QueuedEventBatch events;
    for (int i = first; i < first + count; ++i) {
        QueuedEvent event;
        event.seq = 1000 + quint64(i); // the spool's seq, which the feed does not reuse
        event.id = "node-" + QByteArray::number(i);
        event.type = QStringLiteral("VOLUME_CREATE");
        event.receivedMs = 1468303352000 + i;
        event.body = "{\"n\":" + QByteArray::number(i) + '}';
        events.push_back(event);
    }
    return events;
}

std::vector<quint64> seqs(const EventFeed::Page &page) {
    std::vector<quint64> result;
    for (const FeedEvent &event : page.events)
        result.push_back(event.seq);
    return result;
}

// Records the answers a long poll gets (there must be at most one).
struct Answers {
    std::optional<EventFeed::Page> page;
    int calls = 0;
    std::function<void(EventFeed::Page)> callback() {
        return [this](EventFeed::Page answer) {
            ++calls;
            page = std::move(answer);
        };
    }
};

} // namespace

class TestEventFeed : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsPagesInOrder();
    void keepsEventFieldsAsPublished();
    void dropsOldestBeyondCapacityAndCountsMissed();
    void dropsOldestBeyondItsBytesAndCountsMissed();
    void treatsAfterBeyondNewestAsNewest();
    void answersAtOnceWhenEventsExist();
    void answersWhenALaterPublishComes();
    void answersEmptyAfterWait();
    void pollFromBeyondNewestGetsNextPublished();
    void neverCallsBackADestroyedContext();
    void answersOldestWaiterWhenCapExceeded();
    void callbackMayPollAgain();
    void destroyedFeedCallsNobody();
};

void TestEventFeed::readsPagesInOrder() {
    EventFeed feed;
    QCOMPARE(feed.newestSeq(), 0u);
    EventFeed::Page page = feed.read(0, 10);
    QVERIFY(page.events.empty());
    QCOMPARE(page.next, 0u);
    QCOMPARE(page.missed, 0u);

    feed.publish(batch(3));
    feed.publish(batch(4, 3));
    QCOMPARE(feed.newestSeq(), 7u);

    page = feed.read(0, 3);
    QCOMPARE(seqs(page), (std::vector<quint64>{1, 2, 3}));
    QCOMPARE(page.next, 3u);
    page = feed.read(page.next, 3);
    QCOMPARE(seqs(page), (std::vector<quint64>{4, 5, 6}));
    page = feed.read(page.next, 3);
    QCOMPARE(seqs(page), (std::vector<quint64>{7}));
    QCOMPARE(page.next, 7u);
    page = feed.read(page.next, 3);
    QVERIFY(page.events.empty());
    QCOMPARE(page.next, 7u);
    QCOMPARE(page.missed, 0u);

    QVERIFY(feed.read(2, 0).events.empty());
    QCOMPARE(feed.read(2, 0).next, 2u);
}

void TestEventFeed::keepsEventFieldsAsPublished() {
    EventFeed feed;
    feed.publish(batch(2));
    const EventFeed::Page page = feed.read(1, 10);
    QCOMPARE(page.events.size(), size_t(1));
    const FeedEvent &event = page.events.front();
    QCOMPARE(event.seq, 2u);
    QCOMPARE(event.id, QByteArray("node-1"));
    QCOMPARE(event.type, QStringLiteral("VOLUME_CREATE"));
    QCOMPARE(event.receivedMs, 1468303352001);
    QCOMPARE(event.body, QByteArray("{\"n\":1}"));
}

void TestEventFeed::dropsOldestBeyondCapacityAndCountsMissed() {
    EventFeed feed(5);
    feed.publish(batch(3));
    feed.publish(batch(9, 3)); // 12 in all: 1..7 dropped, 8..12 kept
    QCOMPARE(feed.newestSeq(), 12u);

    EventFeed::Page page = feed.read(0, 100);
    QCOMPARE(seqs(page), (std::vector<quint64>{8, 9, 10, 11, 12}));
    QCOMPARE(page.missed, 7u);
    QCOMPARE(page.events.front().body, QByteArray("{\"n\":7}"));

    page = feed.read(4, 2);
    QCOMPARE(seqs(page), (std::vector<quint64>{8, 9}));
    QCOMPARE(page.missed, 3u);
    QCOMPARE(page.next, 9u);

    page = feed.read(7, 100); // exactly up to the oldest kept: nothing missed
    QCOMPARE(page.missed, 0u);
    QCOMPARE(page.events.size(), size_t(5));

    // A batch larger than the capacity keeps only its newest.
    feed.publish(batch(20, 12));
    page = feed.read(12, 100);
    QCOMPARE(seqs(page), (std::vector<quint64>{28, 29, 30, 31, 32}));
    QCOMPARE(page.missed, 15u);
}

void TestEventFeed::dropsOldestBeyondItsBytesAndCountsMissed() {
    EventFeed feed; // the daemon's bounds: 10,000 events, 16 MiB of bodies
    constexpr qsizetype kBody = 32 * 1024;
    constexpr int kKept = int(EventFeed::kDefaultMaxBytes / kBody); // 512
    QueuedEventBatch big = batch(1000);
    for (QueuedEvent &event : big)
        event.body = QByteArray(kBody, 'x');
    feed.publish(big);
    QCOMPARE(feed.newestSeq(), 1000u);
    QCOMPARE(feed.bytesHeld(), kKept * kBody);

    EventFeed::Page page = feed.read(0, 10'000);
    QCOMPARE(page.events.size(), size_t(kKept));
    QCOMPARE(page.events.front().seq, quint64(1000 - kKept + 1));
    QCOMPARE(page.missed, quint64(1000 - kKept));
    page = feed.read(1000 - kKept, 1); // exactly up to the oldest kept: nothing missed
    QCOMPARE(page.missed, 0u);

    // Small events push out big ones only as far as their own bytes need.
    feed.publish(batch(3, 1000));
    QCOMPARE(feed.newestSeq(), 1003u);
    QVERIFY(feed.bytesHeld() <= EventFeed::kDefaultMaxBytes);
    page = feed.read(0, 10'000);
    QCOMPARE(page.events.size(), size_t(kKept - 1 + 3));
    QCOMPARE(page.missed, quint64(1000 - kKept + 1));
    QCOMPARE(page.events.back().body, QByteArray("{\"n\":1002}"));
}

void TestEventFeed::treatsAfterBeyondNewestAsNewest() {
    EventFeed feed;
    feed.publish(batch(3));
    EventFeed::Page page = feed.read(500, 10);
    QVERIFY(page.events.empty());
    QCOMPARE(page.next, 3u);
    QCOMPARE(page.missed, 0u);

    feed.publish(batch(1, 3));
    page = feed.read(page.next, 10);
    QCOMPARE(seqs(page), (std::vector<quint64>{4}));

    EventFeed empty;
    QCOMPARE(empty.read(42, 10).next, 0u);
}

void TestEventFeed::answersAtOnceWhenEventsExist() {
    EventFeed feed;
    feed.publish(batch(5));
    QObject context;
    Answers answers;
    feed.waitFor(2, 2, 60'000, &context, answers.callback());
    QCOMPARE(answers.calls, 1);
    QCOMPARE(seqs(*answers.page), (std::vector<quint64>{3, 4}));
    QCOMPARE(answers.page->next, 4u);
    QCOMPARE(feed.waiting(), 0);
}

void TestEventFeed::answersWhenALaterPublishComes() {
    EventFeed feed;
    feed.publish(batch(2));
    QObject context;
    Answers answers;
    // A wait far longer than the test may run: only the publish can answer it.
    feed.waitFor(2, 10, 600'000, &context, answers.callback());
    QCOMPARE(answers.calls, 0);
    QCOMPARE(feed.waiting(), 1);

    QTimer::singleShot(10, &feed, [&feed] { feed.publish(batch(3, 2)); });
    QTRY_COMPARE_WITH_TIMEOUT(answers.calls, 1, kPatienceMs);
    QCOMPARE(seqs(*answers.page), (std::vector<quint64>{3, 4, 5}));
    QCOMPARE(answers.page->next, 5u);
    QCOMPARE(feed.waiting(), 0);

    // Answered once: later publishes do not call again.
    feed.publish(batch(1, 5));
    QTest::qWait(50);
    QCOMPARE(answers.calls, 1);
}

void TestEventFeed::answersEmptyAfterWait() {
    EventFeed feed;
    feed.publish(batch(2));
    QObject context;
    Answers answers;
    feed.waitFor(2, 10, 100, &context, answers.callback());
    QCOMPARE(answers.calls, 0);
    QTRY_COMPARE_WITH_TIMEOUT(answers.calls, 1, kPatienceMs);
    QVERIFY(answers.page->events.empty());
    QCOMPARE(answers.page->next, 2u);
    QCOMPARE(answers.page->missed, 0u);
    QCOMPARE(feed.waiting(), 0);

    // Waiters with different waits each expire on their own; no wait at all answers at once.
    Answers shortWait;
    Answers longWait;
    Answers noWait;
    feed.waitFor(2, 10, 600'000, &context, longWait.callback());
    feed.waitFor(2, 10, 50, &context, shortWait.callback());
    feed.waitFor(2, 10, 0, &context, noWait.callback());
    QCOMPARE(noWait.calls, 1);
    QTRY_COMPARE_WITH_TIMEOUT(shortWait.calls, 1, kPatienceMs);
    QCOMPARE(longWait.calls, 0);
    QCOMPARE(feed.waiting(), 1);
}

void TestEventFeed::pollFromBeyondNewestGetsNextPublished() {
    EventFeed feed; // a restarted daemon: the GUI still holds a seq from before
    feed.publish(batch(2));
    QObject context;
    Answers answers;
    feed.waitFor(900, 10, 600'000, &context, answers.callback());
    QCOMPARE(answers.calls, 0);
    feed.publish(batch(1, 2));
    QCOMPARE(answers.calls, 1);
    QCOMPARE(seqs(*answers.page), (std::vector<quint64>{3}));
}

void TestEventFeed::neverCallsBackADestroyedContext() {
    EventFeed feed;
    Answers answers;
    auto context = std::make_unique<QObject>();
    feed.waitFor(0, 10, 100, context.get(), answers.callback());
    auto other = std::make_unique<QObject>();
    feed.waitFor(0, 10, 100, other.get(), answers.callback());
    QCOMPARE(feed.waiting(), 2);
    context.reset();
    QCOMPARE(feed.waiting(), 1);

    // Neither a publish nor the wait running out reaches the destroyed one.
    other.reset();
    QCOMPARE(feed.waiting(), 0);
    feed.publish(batch(1));
    QTest::qWait(300);
    QCOMPARE(answers.calls, 0);

    // A callback that destroys another waiter's context keeps that one from being called.
    auto first = std::make_unique<QObject>();
    auto second = std::make_unique<QObject>();
    feed.waitFor(1, 10, 600'000, first.get(), [&](EventFeed::Page) { second.reset(); });
    feed.waitFor(1, 10, 600'000, second.get(), answers.callback());
    feed.publish(batch(1, 1));
    QVERIFY(!second);
    QCOMPARE(answers.calls, 0);
    QCOMPARE(feed.waiting(), 0);
}

void TestEventFeed::answersOldestWaiterWhenCapExceeded() {
    EventFeed feed;
    QObject context;
    std::vector<Answers> answers(EventFeed::kMaxWaiters + 1);
    for (Answers &waiter : answers)
        feed.waitFor(0, 10, 600'000, &context, waiter.callback());
    QCOMPARE(feed.waiting(), EventFeed::kMaxWaiters);
    QCOMPARE(answers.front().calls, 1);
    QVERIFY(answers.front().page->events.empty());
    QCOMPARE(answers.front().page->next, 0u);
    for (size_t i = 1; i < answers.size(); ++i)
        QCOMPARE(answers[i].calls, 0);

    feed.publish(batch(1));
    QCOMPARE(feed.waiting(), 0);
    for (const Answers &waiter : answers) {
        QCOMPARE(waiter.calls, 1);
    }
    QCOMPARE(seqs(*answers.back().page), (std::vector<quint64>{1}));
}

void TestEventFeed::callbackMayPollAgain() {
    EventFeed feed;
    QObject context;
    std::vector<quint64> seen;
    std::function<void(EventFeed::Page)> poll = [&](EventFeed::Page page) {
        for (const FeedEvent &event : page.events)
            seen.push_back(event.seq);
        if (seen.size() < 6)
            feed.waitFor(page.next, 2, 600'000, &context, poll);
    };
    feed.waitFor(0, 2, 600'000, &context, poll);
    feed.publish(batch(3));    // 1, 2 then at once 3
    feed.publish(batch(3, 3)); // 4, 5 then at once 6
    QCOMPARE(seen, (std::vector<quint64>{1, 2, 3, 4, 5, 6}));
    QCOMPARE(feed.waiting(), 0);
}

void TestEventFeed::destroyedFeedCallsNobody() {
    Answers answers;
    QObject context;
    auto feed = std::make_unique<EventFeed>();
    feed->waitFor(0, 10, 50, &context, answers.callback());
    feed->waitFor(0, 10, 50, nullptr, answers.callback());
    feed.reset();
    QTest::qWait(300);
    QCOMPARE(answers.calls, 0);

    // A callback may destroy the feed; the waiters after it are dropped.
    feed = std::make_unique<EventFeed>();
    feed->waitFor(0, 10, 600'000, &context, [&](EventFeed::Page) { feed.reset(); });
    feed->waitFor(0, 10, 600'000, &context, answers.callback());
    feed->publish(batch(1));
    QVERIFY(!feed);
    QCOMPARE(answers.calls, 0);

    // Also when the callback is answering an expired wait.
    feed = std::make_unique<EventFeed>();
    feed->waitFor(0, 10, 50, &context, [&](EventFeed::Page) { feed.reset(); });
    feed->waitFor(0, 10, 50, &context, answers.callback());
    QTRY_VERIFY_WITH_TIMEOUT(!feed, kPatienceMs);
    QTest::qWait(100);
    QCOMPARE(answers.calls, 0);
}

QTEST_GUILESS_MAIN(TestEventFeed)
#include "tst_eventfeed.moc"

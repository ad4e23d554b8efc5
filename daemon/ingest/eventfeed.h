// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "queuedevent.h"

#include <QDeadlineTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <algorithm>
#include <deque>
#include <functional>
#include <vector>

// One published event as the admin GUI's live view shows it.
struct FeedEvent {
    quint64 seq = 0; // the feed's own position, 1, 2, 3 ... (not the spool's seq)
    QByteArray id;   // the webhook-id header value
    qint64 receivedMs = 0;
    QString type;
    QByteArray body; // the JSON exactly as delivered to webhooks
};

// The bounded in-memory feed of recently published events, read page by page or by long poll.
// Main thread only. Publishing only copies implicitly shared data into a deque and wakes the
// waiters once per batch, so it stays cheap at thousands of events a second.
class EventFeed : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventFeed)

public:
    static constexpr int kDefaultCapacity = 10'000;
    // Bodies held at most, in bytes: with bodies of up to 32 KiB, a count alone would let the
    // feed hold 320 MiB. 16 MiB keeps the full 10,000 events of a usual size (under 1.6 KiB).
    static constexpr qsizetype kDefaultMaxBytes = 16 * 1024 * 1024;
    // Pending long polls beyond this answer the oldest at once (empty), so clients cannot pile up.
    static constexpr int kMaxWaiters = 64;

    struct Page {
        std::vector<FeedEvent> events;
        quint64 next = 0;   // pass as `after` next time
        quint64 missed = 0; // asked for but already dropped
    };

    explicit EventFeed(int capacity = kDefaultCapacity, qsizetype maxBytes = kDefaultMaxBytes,
                       QObject *parent = nullptr);

    // Every accepted event, in order; the oldest are dropped beyond the capacity in events or
    // in bytes of bodies, though the newest event always stays.
    void publish(const std::vector<QueuedEvent> &batch);
    // Events with seq > after, oldest first, at most `max`. An `after` beyond the newest seq (the
    // daemon restarted) counts as the newest seq.
    Page read(quint64 after, int max) const;
    // Calls `done` once with read(after, max): at once if there is an event after `after`, else
    // on the first publish, or with an empty page after `waitMs`. Never called once `context` is
    // destroyed, nor once the feed is. `done` may be called before waitFor returns.
    void waitFor(quint64 after, int max, int waitMs, QObject *context,
                 std::function<void(Page)> done);
    quint64 newestSeq() const { return m_nextSeq - 1; }
    int waiting() const { return int(m_waiters.size()); }
    // The bytes of the bodies held now.
    qsizetype bytesHeld() const { return m_bytes; }

private:
    struct Waiter {
        quint64 id = 0;
        quint64 after = 0; // already limited to the newest seq when the poll began
        int max = 0;
        QDeadlineTimer deadline;
        QPointer<QObject> context; // the feed itself when the caller gave none
        QMetaObject::Connection contextGone;
        std::function<void(Page)> done;
    };

    quint64 clamp(quint64 after) const { return std::min(after, newestSeq()); }
    void removeWaiter(quint64 id);
    void expireWaiters();
    void answer(std::vector<Waiter> waiters);
    void armTimer();

    int m_capacity;
    qsizetype m_maxBytes;
    std::deque<FeedEvent> m_events; // contiguous seqs, front is the oldest
    qsizetype m_bytes = 0;          // the sum of m_events' body sizes
    quint64 m_nextSeq = 1;
    std::vector<Waiter> m_waiters; // oldest first
    quint64 m_nextWaiterId = 1;
    // One timer for every waiter's deadline, owned by the feed: it only looks at waiters still
    // in the list, so nothing fires for a waiter that was answered or whose context is gone.
    QTimer m_timer;
};

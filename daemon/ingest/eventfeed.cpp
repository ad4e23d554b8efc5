// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "eventfeed.h"

#include <limits>

EventFeed::EventFeed(int capacity, qsizetype maxBytes, QObject *parent)
    : QObject(parent)
    , m_capacity(std::max(capacity, 1))
    , m_maxBytes(maxBytes) {
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &EventFeed::expireWaiters);
}

void EventFeed::publish(const std::vector<QueuedEvent> &batch) {
    if (batch.empty())
        return;
    for (const QueuedEvent &event : batch) {
        m_events.push_back({m_nextSeq++, event.id, event.receivedMs, event.type, event.body});
        m_bytes += event.body.size();
        // Oldest first, so that seqs stay contiguous and read() counts what was dropped.
        while (m_events.size() > 1 &&
               (m_events.size() > size_t(m_capacity) || m_bytes > m_maxBytes)) {
            m_bytes -= m_events.front().body.size();
            m_events.pop_front();
        }
    }
    // Every waiter waits for the first event after the newest seq of its time: all are due.
    if (!m_waiters.empty()) {
        std::vector<Waiter> due;
        due.swap(m_waiters);
        m_timer.stop();
        answer(std::move(due));
    }
}

EventFeed::Page EventFeed::read(quint64 after, int max) const {
    Page page;
    after = clamp(after);
    page.next = after;
    const quint64 oldest = m_events.empty() ? m_nextSeq : m_events.front().seq;
    if (after + 1 < oldest)
        page.missed = oldest - (after + 1);
    if (m_events.empty() || max <= 0)
        return page;
    const size_t start = size_t(std::max(after + 1, oldest) - oldest);
    const size_t end = std::min(m_events.size(), start + size_t(max));
    page.events.reserve(end > start ? end - start : 0);
    for (size_t i = start; i < end; ++i)
        page.events.push_back(m_events[i]);
    if (!page.events.empty())
        page.next = page.events.back().seq;
    return page;
}

void EventFeed::waitFor(quint64 after, int max, int waitMs, QObject *context,
                        std::function<void(Page)> done) {
    after = clamp(after);
    if (after < newestSeq() || waitMs <= 0) {
        done(read(after, max));
        return;
    }
    Waiter waiter;
    waiter.id = m_nextWaiterId++;
    waiter.after = after;
    waiter.max = max;
    waiter.deadline = QDeadlineTimer(waitMs);
    waiter.context = context ? context : this;
    waiter.done = std::move(done);
    if (context && context != this) {
        waiter.contextGone = connect(context, &QObject::destroyed, this,
                                     [this, id = waiter.id] { removeWaiter(id); });
    }
    std::vector<Waiter> evicted;
    if (m_waiters.size() >= size_t(kMaxWaiters)) {
        evicted.push_back(std::move(m_waiters.front()));
        m_waiters.erase(m_waiters.begin());
    }
    m_waiters.push_back(std::move(waiter));
    armTimer();
    answer(std::move(evicted));
}

void EventFeed::removeWaiter(quint64 id) {
    const auto it = std::find_if(m_waiters.begin(), m_waiters.end(),
                                 [id](const Waiter &waiter) { return waiter.id == id; });
    if (it == m_waiters.end())
        return;
    disconnect(it->contextGone);
    m_waiters.erase(it);
    armTimer();
}

void EventFeed::expireWaiters() {
    std::vector<Waiter> expired;
    std::vector<Waiter> kept;
    for (Waiter &waiter : m_waiters)
        (waiter.deadline.hasExpired() ? expired : kept).push_back(std::move(waiter));
    m_waiters.swap(kept);
    armTimer();
    answer(std::move(expired));
}

// The waiters are out of m_waiters before any callback runs, so a callback may poll again,
// publish, or destroy another waiter's context or the feed itself.
void EventFeed::answer(std::vector<Waiter> waiters) {
    const QPointer<EventFeed> self(this);
    for (Waiter &waiter : waiters)
        disconnect(waiter.contextGone);
    for (Waiter &waiter : waiters) {
        if (!self)
            return;
        if (waiter.context)
            waiter.done(read(waiter.after, waiter.max));
    }
}

void EventFeed::armTimer() {
    if (m_waiters.empty()) {
        m_timer.stop();
        return;
    }
    qint64 soonest = m_waiters.front().deadline.remainingTime();
    for (const Waiter &waiter : m_waiters)
        soonest = std::min(soonest, waiter.deadline.remainingTime());
    // A coarse timer may fire a little early; expireWaiters() then re-arms for the rest.
    m_timer.start(int(std::clamp<qint64>(soonest, 1, std::numeric_limits<int>::max())));
}

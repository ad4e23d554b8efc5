// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "memoryeventqueue.h"

#include <QDateTime>

#include <algorithm>

MemoryEventQueue::MemoryEventQueue(QByteArray idPrefix)
    : m_idPrefix(std::move(idPrefix)) {
}

void MemoryEventQueue::append(QueuedEventBatch &events) {
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (QueuedEvent &event : events) {
        event.seq = m_nextSeq++;
        // A replayed event keeps the id it was first delivered with.
        const bool derivedId = event.id.isEmpty();
        if (derivedId)
            event.id = idOf(event.seq);
        if (event.receivedMs == 0)
            event.receivedMs = now;
        if (!m_positions.isEmpty()) {
            m_bytes += event.body.size();
            m_events.push_back(event);
            // The queue keeps no id it can derive from the seq again (readAfter does): 64 bytes
            // less for each waiting event. A replay's original id is kept.
            if (derivedId)
                m_events.back().id.clear();
        }
    }
}

QueuedEventBatch MemoryEventQueue::readAfter(quint64 position, int max) const {
    QueuedEventBatch batch;
    if (m_events.empty() || max <= 0)
        return batch;
    const quint64 first = m_events.front().seq;
    const size_t start = position + 1 <= first ? 0 : size_t(position + 1 - first);
    const size_t end = std::min(m_events.size(), start + size_t(max));
    batch.reserve(end > start ? end - start : 0);
    for (size_t i = start; i < end; ++i) {
        batch.push_back(m_events[i]);
        if (batch.back().id.isEmpty())
            batch.back().id = idOf(batch.back().seq);
    }
    return batch;
}

QByteArray MemoryEventQueue::idOf(quint64 seq) const {
    return m_idPrefix + QByteArray::number(seq);
}

void MemoryEventQueue::addConsumer(const QString &consumer, quint64 position) {
    m_positions.insert(consumer, position);
}

void MemoryEventQueue::removeConsumer(const QString &consumer) {
    m_positions.remove(consumer);
    dropDelivered();
}

quint64 MemoryEventQueue::position(const QString &consumer) const {
    return m_positions.value(consumer, lastSeq());
}

void MemoryEventQueue::acknowledge(const QString &consumer, quint64 seq) {
    const auto it = m_positions.find(consumer);
    if (it == m_positions.end() || seq <= it.value())
        return;
    it.value() = seq;
    dropDelivered();
}

void MemoryEventQueue::restore(std::vector<QueuedEvent> events,
                               const QHash<QString, quint64> &positions, quint64 lastSeq) {
    m_positions = positions;
    m_events.assign(std::make_move_iterator(events.begin()), std::make_move_iterator(events.end()));
    m_bytes = 0;
    for (QueuedEvent &event : m_events) {
        m_bytes += event.body.size();
        if (event.id == idOf(event.seq))
            event.id.clear();
    }
    m_nextSeq = std::max(lastSeq, m_events.empty() ? 0 : m_events.back().seq) + 1;
    dropDelivered();
}

quint64 MemoryEventQueue::deliveredToAll() const {
    quint64 lowest = lastSeq();
    for (const quint64 position : std::as_const(m_positions))
        lowest = std::min(lowest, position);
    return lowest;
}

void MemoryEventQueue::dropDelivered() {
    const quint64 lowest = deliveredToAll();
    while (!m_events.empty() && m_events.front().seq <= lowest) {
        m_bytes -= m_events.front().body.size();
        m_events.pop_front();
    }
}

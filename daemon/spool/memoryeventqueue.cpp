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
    m_positions.set(consumer, position);
}

void MemoryEventQueue::removeConsumer(const QString &consumer) {
    m_positions.remove(consumer);
    dropDelivered();
}

quint64 MemoryEventQueue::position(const QString &consumer) const {
    return m_positions.of(consumer, lastSeq());
}

void MemoryEventQueue::acknowledge(const QString &consumer, quint64 seq) {
    if (m_positions.advance(consumer, seq))
        dropDelivered();
}

void MemoryEventQueue::dropDelivered() {
    const quint64 lowest = m_positions.lowest(lastSeq());
    while (!m_events.empty() && m_events.front().seq <= lowest) {
        m_bytes -= m_events.front().body.size();
        m_events.pop_front();
    }
}

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "consumerpositions.h"
#include "eventqueue.h"

#include <deque>

// An EventQueue held in memory only, lost when its owner stops: the queue delivery's unit
// tests run on (the daemon's is SqliteSpool, which dispatch uses the same way).
class MemoryEventQueue final : public EventQueue {
public:
    // `idPrefix` makes event ids unique across restarts and nodes (ids are prefix + seq).
    explicit MemoryEventQueue(QByteArray idPrefix);

    void append(QueuedEventBatch &events) override;
    QueuedEventBatch readAfter(quint64 position, int max) const override;
    quint64 lastSeq() const override { return m_nextSeq - 1; }
    void addConsumer(const QString &consumer, quint64 position) override;
    void removeConsumer(const QString &consumer) override;
    quint64 position(const QString &consumer) const override;
    bool hasConsumer(const QString &consumer) const override {
        return m_positions.contains(consumer);
    }
    QStringList consumers() const override { return m_positions.consumers(); }
    void acknowledge(const QString &consumer, quint64 seq) override;
    qsizetype pendingCount() const override { return qsizetype(m_events.size()); }
    qint64 pendingBytes() const override { return m_bytes; }

private:
    void dropDelivered();

    // The id an event that arrived here gets: the node's prefix and its seq.
    QByteArray idOf(quint64 seq) const;

    QByteArray m_idPrefix;
    std::deque<QueuedEvent> m_events; // contiguous seqs, front is the oldest
    quint64 m_nextSeq = 1;
    ConsumerPositions m_positions;
    qint64 m_bytes = 0; // of the bodies in m_events
};

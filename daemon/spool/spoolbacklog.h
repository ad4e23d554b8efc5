// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "consumerpositions.h"
#include "queuedevent.h"
#include "ratelimitedlog.h"
#include "spooleventreader.h"
#include "spoolpagecache.h"

#include <QHash>
#include <QStringList>

#include <deque>
#include <functional>

// The spool's events as dispatch reads them, with only a bounded window of them in memory: the
// newest (every event the writer has not committed yet, which only memory has, and a few
// thousand more for the webhooks that keep up), and pages of older ones read back from the
// database as webhooks reach them (SpoolPageCache). A receiver down for hours costs disk, not
// memory, and a restart reads positions and counts, not the backlog. What waits is counted
// without being held: added on append, taken off when every webhook has passed a range (from
// memory where the range is held, else by one query). Also keeps each consumer's position and
// the seq counter, as MemoryEventQueue does.
class SpoolBacklog {
public:
    struct Limits {
        qsizetype recentEvents = 4'096;
        qint64 recentBytes = 2 * 1024 * 1024; // as SpoolPageCache::costOf reckons
        SpoolPageCache::Limits pages;
    };
    struct Held {
        qsizetype events = 0;
        qint64 bytes = 0; // as SpoolPageCache::costOf reckons
    };

    // `idPrefix` makes ids unique across restarts and nodes (prefix + seq). Every event up to
    // `committedSeq()` is in the database, where `source` reads it.
    SpoolBacklog(QByteArray idPrefix, Limits limits, SpoolPageCache::Source source,
                 std::function<quint64()> committedSeq);

    // What the database held at start: every consumer's position, the last seq ever given (so
    // seqs are never reused) and what waits for at least one consumer.
    void restore(const QHash<QString, quint64> &positions, quint64 lastSeq,
                 SpoolEventReader::Totals pending);

    // The EventQueue's operations (SqliteSpool adds the writes to the database).
    void append(QueuedEventBatch &events);
    QueuedEventBatch readAfter(quint64 position, int max) const;
    quint64 lastSeq() const { return m_nextSeq - 1; }
    void addConsumer(const QString &consumer, quint64 position);
    void removeConsumer(const QString &consumer);
    quint64 position(const QString &consumer) const;
    bool hasConsumer(const QString &consumer) const { return m_positions.contains(consumer); }
    QStringList consumers() const { return m_positions.consumers(); }
    void acknowledge(const QString &consumer, quint64 seq);
    qsizetype pendingCount() const { return qsizetype(m_pendingCount); }
    qint64 pendingBytes() const { return m_pendingBytes; }

    // Every event up to here is delivered to every consumer, counted off and out of memory.
    quint64 forgotten() const { return m_forgotten; }
    // The events held in memory, once those committed beyond the window are let go.
    Held held();

private:
    // Counts off and lets go of what every consumer has; a failed count is tried again at the
    // next acknowledgement.
    void dropDelivered();
    // Lets go of the oldest committed events beyond the window.
    void trim();
    // The seq of the oldest event held in the window (the next one when none is).
    quint64 recentFirst() const;
    QByteArray idOf(quint64 seq) const;

    QByteArray m_idPrefix;
    Limits m_limits;
    std::function<quint64()> m_committedSeq;
    quint64 m_nextSeq = 1;
    ConsumerPositions m_positions;
    std::deque<QueuedEvent> m_recent; // contiguous seqs, front is the oldest
    qint64 m_recentCost = 0;
    // A cache: reads fill it, so it changes under readAfter.
    mutable SpoolPageCache m_pages;
    mutable RateLimitedLog m_readFailures{3, 60'000};
    qint64 m_pendingCount = 0;
    qint64 m_pendingBytes = 0;
    quint64 m_forgotten = 0;
};

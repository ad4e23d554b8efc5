// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "spoolbacklog.h"

#include "logsink.h"

#include <QDateTime>

#include <algorithm>

SpoolBacklog::SpoolBacklog(QByteArray idPrefix, Limits limits, SpoolPageCache::Source source,
                           std::function<quint64()> committedSeq)
    : m_idPrefix(std::move(idPrefix))
    , m_limits(limits)
    , m_committedSeq(std::move(committedSeq))
    , m_pages(limits.pages, std::move(source)) {
}

void SpoolBacklog::restore(const QHash<QString, quint64> &positions, quint64 lastSeq,
                           SpoolEventReader::Totals pending) {
    m_positions.setAll(positions);
    m_nextSeq = lastSeq + 1;
    m_recent.clear();
    m_recentCost = 0;
    m_pendingCount = pending.events;
    m_pendingBytes = pending.bytes;
    m_forgotten = m_positions.lowest(lastSeq);
    m_pages.forgetUpTo(m_forgotten);
}

void SpoolBacklog::append(QueuedEventBatch &events) {
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (QueuedEvent &event : events) {
        event.seq = m_nextSeq++;
        // A replayed event keeps the id it was first delivered with.
        const bool derivedId = event.id.isEmpty();
        if (derivedId)
            event.id = idOf(event.seq);
        if (event.receivedMs == 0)
            event.receivedMs = now;
        if (m_positions.isEmpty())
            continue; // nobody wants it: only its seq is kept (forgotten below)
        ++m_pendingCount;
        m_pendingBytes += event.body.size();
        // The window's seqs follow on without a gap: readAfter finds an event by its offset.
        Q_ASSERT(m_recent.empty() || m_recent.back().seq + 1 == event.seq);
        m_recent.push_back(event);
        // No id that can be derived from the seq again is kept (readAfter does): 64 bytes less
        // for each event in memory. A replay's original id is kept.
        if (derivedId)
            m_recent.back().id.clear();
        m_recentCost += SpoolPageCache::costOf(m_recent.back());
    }
    if (m_positions.isEmpty())
        m_forgotten = lastSeq();
    trim();
}

QueuedEventBatch SpoolBacklog::readAfter(quint64 position, int max) const {
    QueuedEventBatch batch;
    if (max <= 0)
        return batch;
    // What every consumer had is gone, whatever a consumer added since asks for.
    position = std::max(position, m_forgotten);
    const quint64 first = recentFirst();
    if (position + 1 < first) {
        // Older than the window: committed, so in the database.
        if (const Status read = m_pages.read(position, first - 1, max, &batch); !read) {
            qint64 suppressed = 0;
            if (m_readFailures.admit(&suppressed))
                qCCritical(lcDaemon).noquote()
                    << QStringLiteral("cannot read the backlog from the spool, delivery of it "
                                      "waits: %1")
                           .arg(read.error());
            return batch; // what came before the failure, in order
        }
        if (qsizetype(batch.size()) >= max)
            return batch;
        position = first - 1;
    }
    const size_t start = size_t(position + 1 - first);
    const size_t end = std::min(m_recent.size(), start + size_t(max) - batch.size());
    for (size_t i = start; i < end; ++i) {
        batch.push_back(m_recent[i]);
        if (batch.back().id.isEmpty())
            batch.back().id = idOf(batch.back().seq);
    }
    return batch;
}

void SpoolBacklog::addConsumer(const QString &consumer, quint64 position) {
    m_positions.set(consumer, position);
}

void SpoolBacklog::removeConsumer(const QString &consumer) {
    m_positions.remove(consumer);
    dropDelivered();
}

quint64 SpoolBacklog::position(const QString &consumer) const {
    return m_positions.of(consumer, lastSeq());
}

void SpoolBacklog::acknowledge(const QString &consumer, quint64 seq) {
    if (!m_positions.advance(consumer, seq))
        return;
    dropDelivered();
    trim();
}

SpoolBacklog::Held SpoolBacklog::held() {
    trim();
    return Held{qsizetype(m_recent.size()) + m_pages.events(), m_recentCost + m_pages.cost()};
}

void SpoolBacklog::dropDelivered() {
    if (m_positions.isEmpty()) {
        // Nobody wants anything: all of it goes, with no count to make (one that failed would
        // leave the window behind, and later events would not follow on from it).
        m_recent.clear();
        m_recentCost = 0;
        m_pendingCount = 0;
        m_pendingBytes = 0;
        m_forgotten = lastSeq();
        m_pages.forgetUpTo(m_forgotten);
        return;
    }
    const quint64 lowest = m_positions.lowest(lastSeq());
    if (lowest <= m_forgotten)
        return;
    const quint64 first = recentFirst();
    SpoolEventReader::Totals gone;
    if (m_forgotten + 1 < first) {
        const auto older = m_pages.totals(m_forgotten, std::min(lowest, first - 1));
        if (!older) {
            qint64 suppressed = 0;
            if (m_readFailures.admit(&suppressed))
                qCCritical(lcDaemon).noquote()
                    << QStringLiteral("cannot count the delivered events in the spool: %1")
                           .arg(older.error());
            return;
        }
        gone = *older;
    }
    while (!m_recent.empty() && m_recent.front().seq <= lowest) {
        ++gone.events;
        gone.bytes += m_recent.front().body.size();
        m_recentCost -= SpoolPageCache::costOf(m_recent.front());
        m_recent.pop_front();
    }
    m_pendingCount -= gone.events;
    m_pendingBytes -= gone.bytes;
    m_pages.forgetUpTo(lowest);
    m_forgotten = lowest;
}

void SpoolBacklog::trim() {
    const quint64 committed = m_committedSeq();
    while (!m_recent.empty() && m_recent.front().seq <= committed &&
           (qsizetype(m_recent.size()) > m_limits.recentEvents ||
            m_recentCost > m_limits.recentBytes)) {
        m_recentCost -= SpoolPageCache::costOf(m_recent.front());
        m_recent.pop_front();
    }
}

quint64 SpoolBacklog::recentFirst() const {
    return m_recent.empty() ? m_nextSeq : m_recent.front().seq;
}

QByteArray SpoolBacklog::idOf(quint64 seq) const {
    return m_idPrefix + QByteArray::number(seq);
}

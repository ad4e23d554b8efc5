// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "replaycache.h"

#include <chrono>

ReplayCache::ReplayCache(qint64 windowSeconds, qsizetype maxEntries, MonotonicClock clock)
    : m_windowMs(windowSeconds * 1000)
    , m_maxEntries(qMax<qsizetype>(1, maxEntries))
    , m_clock(std::move(clock)) {
    if (!m_clock) {
        m_clock = [] {
            return qint64(std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now().time_since_epoch())
                              .count());
        };
    }
}

bool ReplayCache::remember(QByteArrayView nonce, qint64 stampSeconds) {
    const qint64 nowMs = m_clock();
    expire(nowMs);
    const QByteArray key = nonce.toByteArray();
    if (m_seen.contains(key))
        return false;
    // Could be a request this cache no longer remembers, played again.
    if (m_forgottenUpTo && stampSeconds <= *m_forgottenUpTo)
        return false;
    while (m_seen.size() >= m_maxEntries) {
        const Entry &oldest = m_order.front();
        m_lastEvictedAt = qMax(m_lastEvictedAt.value_or(oldest.stampSeconds), oldest.stampSeconds);
        forget(oldest);
    }
    m_seen.insert(key);
    m_order.push_back(Entry{key, stampSeconds, nowMs});
    return true;
}

qsizetype ReplayCache::size() const {
    return m_seen.size();
}

void ReplayCache::expire(qint64 nowMs) {
    while (!m_order.empty() && m_order.front().acceptedMs < nowMs - m_windowMs)
        forget(m_order.front());
}

void ReplayCache::forget(const Entry &entry) {
    m_forgottenUpTo = qMax(m_forgottenUpTo.value_or(entry.stampSeconds), entry.stampSeconds);
    m_seen.remove(entry.nonce);
    m_order.pop_front();
}

#include "replaycache.h"

ReplayCache::ReplayCache(qint64 windowSeconds, qsizetype maxEntries)
    : m_windowSeconds(windowSeconds)
    , m_maxEntries(qMax<qsizetype>(1, maxEntries)) {
}

bool ReplayCache::remember(QByteArrayView nonce, qint64 nowSeconds) {
    expire(nowSeconds);
    const QByteArray key = nonce.toByteArray();
    if (m_seen.contains(key))
        return false;
    while (m_seen.size() >= m_maxEntries) {
        const auto &oldest = m_order.front();
        m_lastEvictedAt = qMax(m_lastEvictedAt.value_or(oldest.second), oldest.second);
        m_seen.remove(oldest.first);
        m_order.pop_front();
    }
    m_seen.insert(key, nowSeconds);
    m_order.emplace_back(key, nowSeconds);
    return true;
}

qsizetype ReplayCache::size() const {
    return m_seen.size();
}

void ReplayCache::expire(qint64 nowSeconds) {
    // Entries are in the order remembered; should the clock step back, later entries may be
    // older and stay a little longer than needed, which is harmless.
    while (!m_order.empty() && m_order.front().second < nowSeconds - m_windowSeconds) {
        m_seen.remove(m_order.front().first);
        m_order.pop_front();
    }
}

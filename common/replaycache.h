#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QPair>

#include <deque>
#include <optional>

// Nonces of recently accepted requests, so that a captured request cannot be played again.
//
// An entry lives `windowSeconds` after it was accepted. A request is accepted at most
// ControlEnvelope::kMaxSkewSeconds from its own timestamp and refused as stale afterwards, so a
// window of twice the skew (the default) outlives every request it must block.
//
// Memory is bounded: when `maxEntries` are held, the oldest entry is evicted rather than a new
// request refused. Evicting would reopen a replay window for that request, so lastEvictedAt()
// reports when the newest evicted entry was accepted and the control API refuses as stale every
// request stamped up to that time plus the skew. Only a flood of more than `maxEntries`
// authenticated requests per window gets there; its cost is refusing requests for at most a
// minute, never accepting a replay. Not thread-safe: one cache per control server thread.
class ReplayCache {
public:
    explicit ReplayCache(qint64 windowSeconds = 120, qsizetype maxEntries = 100'000);

    // Records `nonce` as seen at `nowSeconds`; false if it was already there.
    bool remember(QByteArrayView nonce, qint64 nowSeconds);
    qsizetype size() const;
    std::optional<qint64> lastEvictedAt() const { return m_lastEvictedAt; }

private:
    void expire(qint64 nowSeconds);

    qint64 m_windowSeconds;
    qsizetype m_maxEntries;
    QHash<QByteArray, qint64> m_seen;
    std::deque<QPair<QByteArray, qint64>> m_order; // in the order remembered
    std::optional<qint64> m_lastEvictedAt;
};

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QSet>

#include <deque>
#include <functional>
#include <optional>

// Nonces of recently accepted requests, so that a captured request cannot be played again.
//
// An entry lives `windowSeconds` after it was accepted, measured on a monotonic clock: the wall
// clock a request's time stamp is checked against can be stepped either way, and an entry
// forgotten because the clock jumped ahead would make its request new again once the clock is
// set back. A request is accepted at most ControlEnvelope::kMaxSkewSeconds from its own time
// stamp, so a window of twice the skew (the default) outlives every request the skew check
// would still accept while the wall clock runs steadily.
//
// Should the wall clock step back, a request whose entry expired could pass the skew check
// again. So the cache keeps the newest time stamp of every request it forgot (expired, or
// evicted to stay within `maxEntries`) and refuses requests stamped no later than that: a
// replay carries its original stamp. With a steady clock that bound trails the skew check and
// refuses nothing it would accept; after a step back, or a flood of more than `maxEntries`
// authenticated requests per window, it refuses requests for a while, never accepts a replay.
// Not thread-safe: one cache per control server thread.
class ReplayCache {
public:
    // Milliseconds on a clock that never steps; std::chrono::steady_clock unless a test gives
    // its own.
    using MonotonicClock = std::function<qint64()>;

    explicit ReplayCache(qint64 windowSeconds = 120, qsizetype maxEntries = 100'000,
                         MonotonicClock clock = {});

    // Records `nonce`, of a request stamped `stampSeconds` (its own time); false if the nonce is
    // held already, or if the request is stamped no later than one the cache forgot.
    bool remember(QByteArrayView nonce, qint64 stampSeconds);
    qsizetype size() const;
    // The newest stamp among requests evicted to make room.
    std::optional<qint64> lastEvictedAt() const { return m_lastEvictedAt; }
    // The newest stamp among requests forgotten either way: remember() refuses requests stamped
    // up to it.
    std::optional<qint64> forgottenUpTo() const { return m_forgottenUpTo; }

private:
    struct Entry {
        QByteArray nonce;
        qint64 stampSeconds = 0;
        qint64 acceptedMs = 0; // on the monotonic clock
    };

    void expire(qint64 nowMs);
    void forget(const Entry &entry);

    qint64 m_windowMs;
    qsizetype m_maxEntries;
    MonotonicClock m_clock;
    QSet<QByteArray> m_seen;
    std::deque<Entry> m_order; // in the order remembered, so oldest on the clock first
    std::optional<qint64> m_lastEvictedAt;
    std::optional<qint64> m_forgottenUpTo;
};

#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QList>
#include <QPair>
#include <QString>

#include <deque>
#include <optional>

// Nonces of recently accepted requests, so that a captured request cannot be played again.
//
// An entry lives `windowSeconds` after it was accepted. A request is accepted at most
// RequestAuth::kMaxSkewSeconds from its own timestamp and refused as stale afterwards, so a
// window of twice the skew (the default) outlives every request it must block.
//
// Memory is bounded: when `maxEntries` are held, the oldest entry is evicted rather than a new
// request refused. Evicting would reopen a replay window for that request, so lastEvictedAt()
// reports when the newest evicted entry was accepted and RequestAuth refuses as stale every
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

enum class AuthFailure { Missing, Malformed, Stale, Replayed, BadSignature };

struct AuthResult {
    bool ok = false;
    AuthFailure failure = AuthFailure::Missing; // meaningless when ok
    QString reason;                             // short English phrase, empty when ok
    explicit operator bool() const { return ok; }
};

// HMAC-SHA256 authentication of control-API requests (between nodes, and from the CLI and
// GUI) with a key derived from cluster.key (HKDF info "auth v1"). A request carries its time,
// a random nonce and a signature over method, path and query, time, nonce and SHA-256(body);
// a response is signed over its status, the request's nonce and its body, so a client can
// tell a peer that holds another cluster key from one that merely failed.
class RequestAuth {
public:
    static constexpr char kTimeHeader[] = "x-events-time";
    static constexpr char kNonceHeader[] = "x-events-nonce";
    static constexpr char kSignatureHeader[] = "x-events-signature";
    static constexpr qint64 kMaxSkewSeconds = 60;

    explicit RequestAuth(const QByteArray &clusterKey);

    // The three x-events-* headers to send with the request.
    QList<QPair<QByteArray, QByteArray>> signRequest(QByteArrayView method,
                                                     QByteArrayView pathAndQuery,
                                                     QByteArrayView body, qint64 nowSeconds) const;

    // Checks the headers' values (empty when absent). The nonce is remembered in `cache` only
    // once the signature is good, so forged requests cannot fill it or burn a real nonce.
    AuthResult verifyRequest(QByteArrayView method, QByteArrayView pathAndQuery,
                             QByteArrayView body, QByteArrayView time, QByteArrayView nonce,
                             QByteArrayView signature, qint64 nowSeconds, ReplayCache &cache) const;

    // Hex HMAC of a response to the request that carried `requestNonce`.
    QByteArray signResponse(int status, QByteArrayView requestNonce, QByteArrayView body) const;
    bool verifyResponse(int status, QByteArrayView requestNonce, QByteArrayView body,
                        QByteArrayView signature) const;

private:
    QByteArray mac(const QByteArray &message) const;

    QByteArray m_key;
};

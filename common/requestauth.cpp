#include "requestauth.h"

#include "clusterkey.h"
#include "cryptoutil.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QtDebug>

namespace {

constexpr qsizetype kNonceBytes = 16;
constexpr qsizetype kMacHexLength = 64;

QByteArray bodyHash(QByteArrayView body) {
    return QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex();
}

QByteArray requestMessage(QByteArrayView method, QByteArrayView pathAndQuery, QByteArrayView time,
                          QByteArrayView nonce, QByteArrayView body) {
    QByteArray message("v1\n");
    message.append(method).append('\n').append(pathAndQuery).append('\n');
    message.append(time).append('\n').append(nonce).append('\n').append(bodyHash(body));
    return message;
}

QByteArray responseMessage(int status, QByteArrayView requestNonce, QByteArrayView body) {
    QByteArray message("v1 response\n");
    message.append(QByteArray::number(status)).append('\n').append(requestNonce).append('\n');
    message.append(bodyHash(body));
    return message;
}

AuthResult failure(AuthFailure failure, QString reason) {
    return AuthResult{false, failure, std::move(reason)};
}

// Unix seconds as sent: decimal digits only, short enough not to overflow.
std::optional<qint64> parseTime(QByteArrayView text) {
    if (text.isEmpty() || text.size() > 18)
        return std::nullopt;
    qint64 value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

} // namespace

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

RequestAuth::RequestAuth(const QByteArray &clusterKey) {
    // No key yet (a node waiting for its pool's): nothing is accepted, and that is no error.
    if (clusterKey.isEmpty()) {
        m_key = CryptoUtil::randomBytes(ClusterKey::kDerivedKeySize);
        return;
    }
    auto key = ClusterKey::deriveKey(clusterKey, QByteArrayView("auth v1"));
    if (key) {
        m_key = std::move(key).value();
    } else {
        // Fail closed: a key nobody else has signs nothing any peer accepts and verifies nothing.
        qCritical().noquote()
            << QStringLiteral("cannot derive the request key: %1").arg(key.error());
        m_key = CryptoUtil::randomBytes(ClusterKey::kDerivedKeySize);
    }
}

QList<QPair<QByteArray, QByteArray>> RequestAuth::signRequest(QByteArrayView method,
                                                              QByteArrayView pathAndQuery,
                                                              QByteArrayView body,
                                                              qint64 nowSeconds) const {
    const QByteArray time = QByteArray::number(nowSeconds);
    const QByteArray nonce = CryptoUtil::randomBytes(kNonceBytes).toHex();
    const QByteArray signature = mac(requestMessage(method, pathAndQuery, time, nonce, body));
    return {{QByteArray(kTimeHeader), time},
            {QByteArray(kNonceHeader), nonce},
            {QByteArray(kSignatureHeader), signature.toHex()}};
}

AuthResult RequestAuth::verifyRequest(QByteArrayView method, QByteArrayView pathAndQuery,
                                      QByteArrayView body, QByteArrayView time,
                                      QByteArrayView nonce, QByteArrayView signature,
                                      qint64 nowSeconds, ReplayCache &cache) const {
    if (time.isEmpty() || nonce.isEmpty() || signature.isEmpty())
        return failure(AuthFailure::Missing, QStringLiteral("missing authentication"));
    const std::optional<qint64> sentAt = parseTime(time);
    if (!sentAt || !CryptoUtil::isHex(nonce, kNonceBytes * 2) ||
        !CryptoUtil::isHex(signature, kMacHexLength))
        return failure(AuthFailure::Malformed, QStringLiteral("malformed authentication"));
    if (qAbs(nowSeconds - *sentAt) > kMaxSkewSeconds)
        return failure(AuthFailure::Stale, QStringLiteral("stale request (clock skew over 60 s?)"));

    const QByteArray expected = mac(requestMessage(method, pathAndQuery, time, nonce, body));
    const QByteArray given = QByteArray::fromHex(signature.toByteArray());
    if (!CryptoUtil::constantTimeEquals(expected, given))
        return failure(AuthFailure::BadSignature,
                       QStringLiteral("bad signature: cluster key mismatch"));

    // See ReplayCache: requests the cache may have forgotten are refused, never replayed.
    const std::optional<qint64> evicted = cache.lastEvictedAt();
    if (evicted && *sentAt <= *evicted + kMaxSkewSeconds)
        return failure(AuthFailure::Stale, QStringLiteral("stale request (replay cache full)"));
    if (!cache.remember(nonce, nowSeconds))
        return failure(AuthFailure::Replayed, QStringLiteral("replayed request"));
    return AuthResult{true, AuthFailure::Missing, QString()};
}

QByteArray RequestAuth::signResponse(int status, QByteArrayView requestNonce,
                                     QByteArrayView body) const {
    return mac(responseMessage(status, requestNonce, body)).toHex();
}

bool RequestAuth::verifyResponse(int status, QByteArrayView requestNonce, QByteArrayView body,
                                 QByteArrayView signature) const {
    if (!CryptoUtil::isHex(signature, kMacHexLength))
        return false;
    const QByteArray expected = mac(responseMessage(status, requestNonce, body));
    return CryptoUtil::constantTimeEquals(expected, QByteArray::fromHex(signature.toByteArray()));
}

QByteArray RequestAuth::mac(const QByteArray &message) const {
    return QMessageAuthenticationCode::hash(message, m_key, QCryptographicHash::Sha256);
}

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "controlenvelope.h"

#include "clusterkey.h"
#include "cryptoutil.h"
#include "jsoninteger.h"
#include "logtext.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <optional>

namespace {

const QByteArray kRequestData = QByteArrayLiteral("gluster-events request v2");
const QByteArray kResponseData = QByteArrayLiteral("gluster-events response v2\n");

// A body as the sealed JSON carries it, and back; nothing when it is not a base64 string.
QString encodedBody(const QByteArray &body) {
    return QString::fromLatin1(body.toBase64());
}

std::optional<QByteArray> decodedBody(const QJsonValue &value) {
    if (!value.isString())
        return std::nullopt;
    auto decoded = QByteArray::fromBase64Encoding(value.toString().toLatin1(),
                                                  QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return std::move(*decoded);
}

// Method and target are request-line text: printable ASCII, short.
bool isToken(const QByteArray &text, qsizetype maxLength) {
    if (text.isEmpty() || text.size() > maxLength)
        return false;
    return std::all_of(text.cbegin(), text.cend(), [](char c) { return c > 0x20 && c < 0x7f; });
}

} // namespace

namespace ControlEnvelope {

QString upgradeNotice(const QJsonObject &ping) {
    return QStringLiteral("runs glustereventsd %1 without control protocol %2: upgrade it")
        .arg(LogText::quoted(ping.value(QStringLiteral("version")).toString().left(40)))
        .arg(kProtocol);
}

QByteArray freshNonce() {
    return CryptoUtil::randomBytes(16).toHex();
}

Sealer::Sealer(const QByteArray &clusterKey) {
    // Without a key (a node waiting for its pool's) nothing seals anything anyone can open.
    auto key = clusterKey.isEmpty() ? Result<QByteArray>::failure(QString())
                                    : ClusterKey::deriveKey(clusterKey, "transport v2");
    m_key = key ? std::move(key).value() : CryptoUtil::randomBytes(ClusterKey::kDerivedKeySize);
}

QByteArray Sealer::sealRequest(const Request &request) const {
    const QJsonObject inner{{QStringLiteral("method"), QString::fromLatin1(request.method)},
                            {QStringLiteral("target"), QString::fromLatin1(request.target)},
                            {QStringLiteral("body"), encodedBody(request.body)},
                            {QStringLiteral("time"), request.time},
                            {QStringLiteral("nonce"), QString::fromLatin1(request.nonce)},
                            {QStringLiteral("node"), request.node},
                            {QStringLiteral("boot"), request.boot}};
    return CryptoUtil::aeadSeal(m_key, QJsonDocument(inner).toJson(QJsonDocument::Compact),
                                kRequestData)
        .value_or(QByteArray());
}

Result<Request> Sealer::openRequest(QByteArrayView sealed, const QString &nodeId,
                                    const QString &bootId, qint64 nowSeconds, ReplayCache &replays,
                                    Refusal *refusal, QByteArray *openedNonce) const {
    using R = Result<Request>;
    const auto fail = [refusal](Refusal why, const QString &text) {
        *refusal = why;
        return R::failure(text);
    };
    if (sealed.size() > kMaxSealedRequestBytes)
        return fail(
            Refusal::Malformed,
            QStringLiteral("sealed request larger than %1 bytes").arg(kMaxSealedRequestBytes));
    const std::optional<QByteArray> plain = CryptoUtil::aeadOpen(m_key, sealed, kRequestData);
    if (!plain)
        return fail(Refusal::Undecipherable,
                    QStringLiteral("cannot open the request: cluster key mismatch"));
    QJsonParseError error;
    const QJsonObject inner = QJsonDocument::fromJson(*plain, &error).object();
    Request request;
    request.method = inner.value(QStringLiteral("method")).toString().toLatin1();
    request.target = inner.value(QStringLiteral("target")).toString().toLatin1();
    const std::optional<QByteArray> body = decodedBody(inner.value(QStringLiteral("body")));
    request.nonce = inner.value(QStringLiteral("nonce")).toString().toLatin1();
    request.node = inner.value(QStringLiteral("node")).toString();
    request.boot = inner.value(QStringLiteral("boot")).toString();
    const auto time = JsonInteger::read(inner, u"time", 1, JsonInteger::kMaxExact, 0);
    if (error.error != QJsonParseError::NoError || !time || *time == 0 || !body ||
        !isToken(request.method, 16) || !isToken(request.target, 8192) ||
        !request.target.startsWith('/') || !CryptoUtil::isHex(request.nonce, 32))
        return fail(Refusal::Malformed, QStringLiteral("malformed sealed request"));
    request.time = *time;
    request.body = *body;
    if (openedNonce)
        *openedNonce = request.nonce;
    // Named for another node: a request captured on its way there, played to this one.
    if (request.node != nodeId)
        return fail(Refusal::OtherNode, QStringLiteral("the request is meant for node %1, this "
                                                       "is %2")
                                            .arg(request.node.left(36), nodeId));
    // Sealed for an earlier run of this daemon: its nonces were forgotten at the restart.
    if (request.boot != bootId)
        return fail(Refusal::Boot, QStringLiteral("the request is meant for an earlier run of "
                                                  "this daemon: ask /v1/ping for its boot id"));
    const qint64 skew = request.time - nowSeconds;
    if (skew > kMaxSkewSeconds || skew < -kMaxSkewSeconds)
        return fail(Refusal::Stale,
                    QStringLiteral("request time is %1 s away from this node's clock").arg(skew));
    if (!replays.remember(request.nonce, request.time)) {
        const std::optional<qint64> forgotten = replays.forgottenUpTo();
        if (forgotten && request.time <= *forgotten)
            return fail(Refusal::Stale, QStringLiteral("request older than the requests this node "
                                                       "still remembers: ask again"));
        return fail(Refusal::Replayed, QStringLiteral("request replayed"));
    }
    *refusal = Refusal::None;
    return request;
}

QByteArray Sealer::sealResponse(const Response &response, QByteArrayView requestNonce) const {
    const QJsonObject inner{{QStringLiteral("status"), response.status},
                            {QStringLiteral("body"), encodedBody(response.body)}};
    return CryptoUtil::aeadSeal(m_key, QJsonDocument(inner).toJson(QJsonDocument::Compact),
                                QByteArray(kResponseData + requestNonce.toByteArray()))
        .value_or(QByteArray());
}

Result<Response> Sealer::openResponse(QByteArrayView sealed, QByteArrayView requestNonce) const {
    using R = Result<Response>;
    if (sealed.size() > kMaxSealedAnswerBytes)
        return R::failure(QStringLiteral("answer larger than %1 bytes").arg(kMaxSealedAnswerBytes));
    const std::optional<QByteArray> plain =
        CryptoUtil::aeadOpen(m_key, sealed, QByteArray(kResponseData + requestNonce.toByteArray()));
    if (!plain)
        return R::failure(QStringLiteral("cannot open the answer: cluster key mismatch"));
    const QJsonObject inner = QJsonDocument::fromJson(*plain).object();
    const auto status = JsonInteger::read(inner, u"status", 100, 599, 0);
    const std::optional<QByteArray> body = decodedBody(inner.value(QStringLiteral("body")));
    if (!status || *status == 0 || !body)
        return R::failure(QStringLiteral("malformed sealed answer"));
    return Response{int(*status), *body};
}

} // namespace ControlEnvelope

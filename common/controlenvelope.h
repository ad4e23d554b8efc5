// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "replaycache.h"
#include "result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

// Control protocol 2 (decision 019): every request but GET /v1/ping and GET /metrics travels as
// POST /v1/sealed, its method, path and query, body, time, nonce and the node and boot it is
// meant for sealed with AES-256-GCM under a key derived from the cluster key (HKDF info
// "transport v2"); the answer comes back sealed with the request's nonce as associated data.
// Nothing but the length and the endpoint is readable on the wire, a request opens only on the
// node (and the run of its daemon) it names, and an answer only for the request it answers.
//
// The sealed plaintext is a JSON object whose "body" is base64: JSON escaping would make a
// body of quotes, backslashes or control characters up to six times its size, base64 makes any
// body 4/3 of it, so the limits below translate into body sizes that hold whatever the body is.
namespace ControlEnvelope {

inline constexpr int kProtocol = 2;
// How far a request's time may be from the node's clock, either way.
inline constexpr qint64 kMaxSkewSeconds = 60;
inline constexpr char kPath[] = "/v1/sealed";
inline constexpr char kContentType[] = "application/octet-stream";

// What the control server reads of a request body, so the largest sealed request: a request's
// own body (a pushed document) can be about 3/4 of it.
inline constexpr qsizetype kMaxSealedRequestBytes = 1024 * 1024;
// What a client reads of an answer (ControlClient::kMaxReplyBytes): the largest sealed answer.
inline constexpr qsizetype kMaxSealedAnswerBytes = 8 * 1024 * 1024;
// The size of a sealed answer whose body has `bodyBytes`: the AEAD's nonce and tag, the status
// and the JSON around them (under 64 bytes), and the body in base64.
constexpr qsizetype sealedAnswerBytes(qsizetype bodyBytes) {
    return 12 + 16 + 64 + (bodyBytes + 2) / 3 * 4;
}
// The largest body an answer carries within kMaxSealedAnswerBytes.
inline constexpr qsizetype kMaxAnswerBodyBytes = (kMaxSealedAnswerBytes - 12 - 16 - 64) / 4 * 3;
static_assert(sealedAnswerBytes(kMaxAnswerBodyBytes) <= kMaxSealedAnswerBytes);

struct Request {
    QByteArray method;
    QByteArray target; // path and query
    QByteArray body;
    qint64 time = 0;  // seconds since the epoch, when it was sealed
    QByteArray nonce; // 32 hex digits, fresh per request
    QString node;     // the UUID of the node it is meant for
    QString boot;     // that node's boot id, from its /v1/ping
};

struct Response {
    int status = 0;
    QByteArray body;
};

// Why a sealed request is refused. `Boot` tells the client to ask /v1/ping again and retry; it
// is decided once the request opened, and sealed for it like an answer, so only the node can
// say it.
enum class Refusal { None, Undecipherable, Malformed, Stale, Replayed, OtherNode, Boot };

class Sealer {
public:
    explicit Sealer(const QByteArray &clusterKey);

    QByteArray sealRequest(const Request &request) const;
    // Opens and checks a request for `nodeId` in its run `bootId`: time within
    // kMaxSkewSeconds of `nowSeconds` (the wall clock), nonce not seen and time later than
    // any request `replays` forgot (remembered there only once all else holds), node and boot
    // its own. `refusal` says why it failed; `openedNonce`, when given, gets the nonce of a
    // request that opened, refused or not, so that a refusal can be sealed for it.
    Result<Request> openRequest(QByteArrayView sealed, const QString &nodeId, const QString &bootId,
                                qint64 nowSeconds, ReplayCache &replays, Refusal *refusal,
                                QByteArray *openedNonce = nullptr) const;

    QByteArray sealResponse(const Response &response, QByteArrayView requestNonce) const;
    // Refuses an answer over kMaxSealedAnswerBytes unopened.
    Result<Response> openResponse(QByteArrayView sealed, QByteArrayView requestNonce) const;

private:
    QByteArray m_key;
};

// A fresh nonce: 16 random bytes as 32 hex digits.
QByteArray freshNonce();

// What a client says of a node whose /v1/ping shows no control protocol kProtocol: its version
// (escaped: the ping is not sealed) and that it must be upgraded.
QString upgradeNotice(const QJsonObject &ping);

} // namespace ControlEnvelope

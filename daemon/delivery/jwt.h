// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

// Authorization for webhook requests: a bearer token, or an HS256 JWT made from the webhook's
// secret (the original's scheme: iss "gluster", sub event type, iat event ts, exp now + 60 s).
namespace Jwt {

inline constexpr qint64 kLifetimeSeconds = 60;

QByteArray signHs256(const QJsonObject &claims, const QByteArray &secret);

// The Authorization header value, or an empty array when the webhook has neither secret nor
// token. A secret wins over a token, as in the original. Made fresh for every attempt.
QByteArray authorizationHeader(const QString &token, const QString &secret,
                               const QString &eventType, qint64 eventTimestamp, qint64 nowSeconds);

} // namespace Jwt

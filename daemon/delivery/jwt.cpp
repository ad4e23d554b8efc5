// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "jwt.h"

#include <QJsonDocument>
#include <QMessageAuthenticationCode>

namespace {

QByteArray base64Url(const QByteArray &data) {
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

} // namespace

namespace Jwt {

QByteArray signHs256(const QJsonObject &claims, const QByteArray &secret) {
    static const QByteArray kHeader =
        base64Url(QByteArrayLiteral(R"({"alg":"HS256","typ":"JWT"})"));
    const QByteArray signingInput =
        kHeader + '.' + base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    const QByteArray mac =
        QMessageAuthenticationCode::hash(signingInput, secret, QCryptographicHash::Sha256);
    return signingInput + '.' + base64Url(mac);
}

QByteArray authorizationHeader(const QString &token, const QString &secret,
                               const QString &eventType, qint64 eventTimestamp, qint64 nowSeconds) {
    if (!secret.isEmpty()) {
        const QJsonObject claims{{QStringLiteral("iss"), QStringLiteral("gluster")},
                                 {QStringLiteral("sub"), eventType},
                                 {QStringLiteral("iat"), eventTimestamp},
                                 {QStringLiteral("exp"), nowSeconds + kLifetimeSeconds}};
        return QByteArrayLiteral("Bearer ") + signHs256(claims, secret.toUtf8());
    }
    if (!token.isEmpty())
        return QByteArrayLiteral("Bearer ") + token.toUtf8();
    return {};
}

} // namespace Jwt

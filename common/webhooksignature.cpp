#include "webhooksignature.h"

#include <QMessageAuthenticationCode>

namespace WebhookSignature {

Result<QByteArray> parseSecret(const QString &secret) {
    using R = Result<QByteArray>;
    if (!secret.startsWith(u"whsec_"))
        return R::failure(QStringLiteral("a signing secret starts with whsec_ followed by base64"));
    const auto decoded = QByteArray::fromBase64Encoding(secret.mid(6).toLatin1(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() < 24 || decoded.decoded.size() > 64)
        return R::failure(
            QStringLiteral("the signing secret must be whsec_ and 24 to 64 bytes in base64"));
    return decoded.decoded;
}

QByteArray sign(const QByteArray &key, const QByteArray &id, qint64 timestamp,
                const QByteArray &body) {
    const QByteArray content = id + '.' + QByteArray::number(timestamp) + '.' + body;
    return "v1," +
           QMessageAuthenticationCode::hash(content, key, QCryptographicHash::Sha256).toBase64();
}

} // namespace WebhookSignature

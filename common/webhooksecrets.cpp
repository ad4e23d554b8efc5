// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "webhooksecrets.h"

namespace WebhookSecrets {

Result<QByteArray> parseSigningSecret(const QString &secret) {
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

} // namespace WebhookSecrets

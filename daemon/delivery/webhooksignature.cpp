// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "webhooksignature.h"

#include <QMessageAuthenticationCode>
#include <QStringBuilder>

namespace WebhookSignature {

QByteArray sign(const QByteArray &key, const QByteArray &id, qint64 timestamp,
                const QByteArray &body) {
    const QByteArray content = id + '.' + QByteArray::number(timestamp) + '.' + body;
    return "v1," +
           QMessageAuthenticationCode::hash(content, key, QCryptographicHash::Sha256).toBase64();
}

} // namespace WebhookSignature

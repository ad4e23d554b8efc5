// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "webhooklabel.h"

#include <QMessageAuthenticationCode>

namespace WebhookLabel {

QByteArray keyFor(const QByteArray &clusterKey) {
    return QMessageAuthenticationCode::hash(QByteArray(kPurpose), clusterKey,
                                            QCryptographicHash::Sha256);
}

QByteArray of(const QByteArray &labelKey, const QString &url) {
    return QMessageAuthenticationCode::hash(url.toUtf8(), labelKey, QCryptographicHash::Sha256)
        .toHex()
        .left(kHexDigits);
}

} // namespace WebhookLabel

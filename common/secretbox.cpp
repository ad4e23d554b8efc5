// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "secretbox.h"

#include "clusterkey.h"
#include "cryptoutil.h"

#include <QtDebug>

namespace {

QLatin1String prefix() {
    return QLatin1String("enc:v2:");
}

// The version prefix is authenticated too, so a value cannot be relabelled as another format;
// the parts of the place are separated by a byte none of them can hold.
QByteArray associatedData(const SealPlace &place) {
    QByteArray data("enc:v2:");
    data.append(place.document.toUtf8()).append('\0').append(place.entry.toUtf8());
    data.append('\0').append(place.field.toUtf8());
    return data;
}

} // namespace

SecretBox::SecretBox(const QByteArray &clusterKey) {
    // No key yet (a node waiting for its pool's): nothing is accepted, and that is no error.
    if (clusterKey.isEmpty()) {
        m_key = CryptoUtil::randomBytes(ClusterKey::kDerivedKeySize);
        return;
    }
    auto key = ClusterKey::deriveKey(clusterKey, QByteArrayView("secrets v2"));
    if (key) {
        m_key = std::move(key).value();
    } else {
        // Fail closed: what this box seals no peer can open, and it opens nothing.
        qCritical().noquote()
            << QStringLiteral("cannot derive the secrets key: %1").arg(key.error());
        m_key = CryptoUtil::randomBytes(ClusterKey::kDerivedKeySize);
    }
}

QString SecretBox::seal(const QString &plaintext, const SealPlace &place) const {
    if (plaintext.isEmpty())
        return QString();
    const std::optional<QByteArray> sealed =
        CryptoUtil::aeadSeal(m_key, plaintext.toUtf8(), associatedData(place));
    if (!sealed) {
        // Never fall back to clear text: a value that does not open is reported where it lands.
        qCritical().noquote() << QStringLiteral("cannot encrypt a secret: OpenSSL failed");
        return prefix();
    }
    return prefix() + QString::fromLatin1(sealed->toBase64());
}

Result<QString> SecretBox::open(const QString &sealed, const SealPlace &place) const {
    using R = Result<QString>;
    if (sealed.isEmpty())
        return QString();
    if (!isSealed(sealed))
        return R::failure(QStringLiteral("not an encrypted value"));
    const auto decoded = QByteArray::fromBase64Encoding(sealed.mid(prefix().size()).toLatin1(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded ||
        decoded.decoded.size() < CryptoUtil::kAeadNonceSize + CryptoUtil::kAeadTagSize + 1)
        return R::failure(QStringLiteral("cannot decrypt: corrupted value"));
    const std::optional<QByteArray> plaintext =
        CryptoUtil::aeadOpen(m_key, decoded.decoded, associatedData(place));
    if (!plaintext)
        return R::failure(QStringLiteral("cannot decrypt: cluster key mismatch, corrupted value "
                                         "or a value sealed for another place"));
    return QString::fromUtf8(*plaintext);
}

bool SecretBox::isSealed(const QString &value) {
    return value.startsWith(prefix());
}

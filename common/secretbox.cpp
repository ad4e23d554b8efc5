#include "secretbox.h"

#include "clusterkey.h"
#include "cryptoutil.h"

#include <QtDebug>

#include <openssl/err.h>
#include <openssl/evp.h>

#include <algorithm>
#include <climits>
#include <memory>
#include <optional>

namespace {

constexpr qsizetype kNonceSize = 12;
constexpr qsizetype kTagSize = 16;

QLatin1String prefix() {
    return QLatin1String("enc:v1:");
}

// The version prefix is authenticated too, so a value cannot be relabelled as another format.
QByteArray associatedData() {
    return QByteArrayLiteral("enc:v1:");
}

struct CipherCtxFree {
    void operator()(EVP_CIPHER_CTX *ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

unsigned char *bytes(QByteArray &data) {
    return reinterpret_cast<unsigned char *>(data.data());
}
const unsigned char *bytes(const QByteArray &data) {
    return reinterpret_cast<const unsigned char *>(data.constData());
}

// nonce | ciphertext | tag, or nothing if OpenSSL fails.
std::optional<QByteArray> encrypt(const QByteArray &key, const QByteArray &plaintext) {
    if (plaintext.size() > INT_MAX - kNonceSize - kTagSize)
        return std::nullopt;
    const QByteArray nonce = CryptoUtil::randomBytes(kNonceSize);
    const QByteArray aad = associatedData();
    const CipherCtx ctx(EVP_CIPHER_CTX_new());
    QByteArray out(kNonceSize + plaintext.size() + kTagSize, Qt::Uninitialized);
    auto *cipher = bytes(out) + kNonceSize;
    int length = 0;
    int finalLength = 0;
    if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, int(kNonceSize), nullptr) != 1 ||
        EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key), bytes(nonce)) != 1 ||
        EVP_EncryptUpdate(ctx.get(), nullptr, &length, bytes(aad), int(aad.size())) != 1 ||
        EVP_EncryptUpdate(ctx.get(), cipher, &length, bytes(plaintext), int(plaintext.size())) !=
            1 ||
        EVP_EncryptFinal_ex(ctx.get(), cipher + length, &finalLength) != 1 ||
        length + finalLength != plaintext.size() ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, int(kTagSize),
                            cipher + plaintext.size()) != 1) {
        ERR_clear_error();
        return std::nullopt;
    }
    std::copy(nonce.cbegin(), nonce.cend(), out.begin());
    return out;
}

// The plaintext, or nothing when the tag does not match (or OpenSSL fails).
std::optional<QByteArray> decrypt(const QByteArray &key, const QByteArray &sealed) {
    const QByteArray nonce = sealed.left(kNonceSize);
    const QByteArray ciphertext = sealed.mid(kNonceSize, sealed.size() - kNonceSize - kTagSize);
    QByteArray tag = sealed.right(kTagSize);
    const QByteArray aad = associatedData();
    const CipherCtx ctx(EVP_CIPHER_CTX_new());
    // One spare byte so that data() is never null, even for an empty ciphertext.
    QByteArray out(ciphertext.size() + 1, Qt::Uninitialized);
    int length = 0;
    int finalLength = 0;
    if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, int(kNonceSize), nullptr) != 1 ||
        EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key), bytes(nonce)) != 1 ||
        EVP_DecryptUpdate(ctx.get(), nullptr, &length, bytes(aad), int(aad.size())) != 1 ||
        EVP_DecryptUpdate(ctx.get(), bytes(out), &length, bytes(ciphertext),
                          int(ciphertext.size())) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, int(kTagSize), bytes(tag)) != 1 ||
        EVP_DecryptFinal_ex(ctx.get(), bytes(out) + length, &finalLength) != 1) {
        ERR_clear_error();
        return std::nullopt;
    }
    out.truncate(length + finalLength);
    return out;
}

} // namespace

SecretBox::SecretBox(const QByteArray &clusterKey) {
    // No key yet (a node waiting for its pool's): nothing is accepted, and that is no error.
    if (clusterKey.isEmpty()) {
        m_key = CryptoUtil::randomBytes(ClusterKey::kDerivedKeySize);
        return;
    }
    auto key = ClusterKey::deriveKey(clusterKey, QByteArrayView("secrets v1"));
    if (key) {
        m_key = std::move(key).value();
    } else {
        // Fail closed: what this box seals no peer can open, and it opens nothing.
        qCritical().noquote()
            << QStringLiteral("cannot derive the secrets key: %1").arg(key.error());
        m_key = CryptoUtil::randomBytes(ClusterKey::kDerivedKeySize);
    }
}

QString SecretBox::seal(const QString &plaintext) const {
    if (plaintext.isEmpty())
        return QString();
    const std::optional<QByteArray> sealed = encrypt(m_key, plaintext.toUtf8());
    if (!sealed) {
        // Never fall back to clear text: a value that does not open is reported where it lands.
        qCritical().noquote() << QStringLiteral("cannot encrypt a secret: OpenSSL failed");
        return prefix();
    }
    return prefix() + QString::fromLatin1(sealed->toBase64());
}

Result<QString> SecretBox::open(const QString &sealed) const {
    using R = Result<QString>;
    if (sealed.isEmpty())
        return QString();
    if (!isSealed(sealed))
        return R::failure(QStringLiteral("not an encrypted value"));
    const auto decoded = QByteArray::fromBase64Encoding(sealed.mid(prefix().size()).toLatin1(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() < kNonceSize + kTagSize + 1)
        return R::failure(QStringLiteral("cannot decrypt: corrupted value"));
    const std::optional<QByteArray> plaintext = decrypt(m_key, decoded.decoded);
    if (!plaintext)
        return R::failure(
            QStringLiteral("cannot decrypt: cluster key mismatch or corrupted value"));
    return QString::fromUtf8(*plaintext);
}

bool SecretBox::isSealed(const QString &value) {
    return value.startsWith(prefix());
}

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "cryptoutil.h"

#include <QRandomGenerator>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>

#include <algorithm>
#include <climits>
#include <memory>

namespace {

struct CipherCtxFree {
    void operator()(EVP_CIPHER_CTX *ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

unsigned char *bytes(QByteArray &data) {
    return reinterpret_cast<unsigned char *>(data.data());
}
const unsigned char *bytes(QByteArrayView data) {
    return reinterpret_cast<const unsigned char *>(data.data());
}

struct PkeyCtxFree {
    void operator()(EVP_PKEY_CTX *ctx) const { EVP_PKEY_CTX_free(ctx); }
};

QString openSslError(const char *what) {
    char buffer[256] = {};
    ERR_error_string_n(ERR_get_error(), buffer, sizeof buffer);
    ERR_clear_error();
    return QStringLiteral("%1 failed: %2")
        .arg(QString::fromLatin1(what), QString::fromLatin1(buffer));
}

bool fitsInt(QByteArrayView data) {
    return data.size() <= INT_MAX;
}

} // namespace

namespace CryptoUtil {

Result<QByteArray> hkdfSha256(QByteArrayView inputKey, QByteArrayView salt, QByteArrayView info,
                              qsizetype length) {
    using R = Result<QByteArray>;
    if (!fitsInt(inputKey) || !fitsInt(salt) || !fitsInt(info) || length <= 0 || length > 255 * 32)
        return R::failure(QStringLiteral("HKDF: parameter out of range"));
    const std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(
        EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, nullptr));
    if (!ctx)
        return R::failure(openSslError("EVP_PKEY_CTX_new_id(HKDF)"));
    if (EVP_PKEY_derive_init(ctx.get()) <= 0 ||
        EVP_PKEY_CTX_set_hkdf_md(ctx.get(), EVP_sha256()) <= 0 ||
        EVP_PKEY_CTX_set1_hkdf_salt(ctx.get(), bytes(salt), int(salt.size())) <= 0 ||
        EVP_PKEY_CTX_set1_hkdf_key(ctx.get(), bytes(inputKey), int(inputKey.size())) <= 0 ||
        EVP_PKEY_CTX_add1_hkdf_info(ctx.get(), bytes(info), int(info.size())) <= 0)
        return R::failure(openSslError("HKDF setup"));
    QByteArray out(length, Qt::Uninitialized);
    size_t outLength = size_t(length);
    if (EVP_PKEY_derive(ctx.get(), reinterpret_cast<unsigned char *>(out.data()), &outLength) <=
            0 ||
        outLength != size_t(length))
        return R::failure(openSslError("HKDF derive"));
    return out;
}

std::optional<QByteArray> aeadSeal(const QByteArray &key, QByteArrayView plaintext,
                                   QByteArrayView associatedData) {
    if (key.size() != 32 || plaintext.size() > INT_MAX - kAeadNonceSize - kAeadTagSize ||
        !fitsInt(associatedData))
        return std::nullopt;
    const QByteArray nonce = randomBytes(kAeadNonceSize);
    const CipherCtx ctx(EVP_CIPHER_CTX_new());
    QByteArray out(kAeadNonceSize + plaintext.size() + kAeadTagSize, Qt::Uninitialized);
    std::copy(nonce.cbegin(), nonce.cend(), out.begin());
    unsigned char *cipher = bytes(out) + kAeadNonceSize;
    int length = 0;
    int finalLength = 0;
    if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, int(kAeadNonceSize), nullptr) != 1 ||
        EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key), bytes(nonce)) != 1 ||
        EVP_EncryptUpdate(ctx.get(), nullptr, &length, bytes(associatedData),
                          int(associatedData.size())) != 1 ||
        EVP_EncryptUpdate(ctx.get(), cipher, &length, bytes(plaintext), int(plaintext.size())) !=
            1 ||
        EVP_EncryptFinal_ex(ctx.get(), cipher + length, &finalLength) != 1 ||
        length + finalLength != plaintext.size() ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, int(kAeadTagSize),
                            cipher + plaintext.size()) != 1) {
        ERR_clear_error();
        return std::nullopt;
    }
    return out;
}

std::optional<QByteArray> aeadOpen(const QByteArray &key, QByteArrayView sealed,
                                   QByteArrayView associatedData) {
    if (key.size() != 32 || sealed.size() < kAeadNonceSize + kAeadTagSize || !fitsInt(sealed) ||
        !fitsInt(associatedData))
        return std::nullopt;
    const QByteArrayView nonce = sealed.first(kAeadNonceSize);
    const QByteArrayView ciphertext =
        sealed.sliced(kAeadNonceSize, sealed.size() - kAeadNonceSize - kAeadTagSize);
    QByteArray tag = sealed.last(kAeadTagSize).toByteArray();
    const CipherCtx ctx(EVP_CIPHER_CTX_new());
    // One spare byte so that data() is never null, even for an empty ciphertext.
    QByteArray out(ciphertext.size() + 1, Qt::Uninitialized);
    int length = 0;
    int finalLength = 0;
    if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, int(kAeadNonceSize), nullptr) != 1 ||
        EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key), bytes(nonce)) != 1 ||
        EVP_DecryptUpdate(ctx.get(), nullptr, &length, bytes(associatedData),
                          int(associatedData.size())) != 1 ||
        EVP_DecryptUpdate(ctx.get(), bytes(out), &length, bytes(ciphertext),
                          int(ciphertext.size())) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, int(kAeadTagSize), bytes(tag)) != 1 ||
        EVP_DecryptFinal_ex(ctx.get(), bytes(out) + length, &finalLength) != 1) {
        ERR_clear_error();
        return std::nullopt;
    }
    out.truncate(length + finalLength);
    return out;
}

QByteArray randomBytes(qsizetype count) {
    QByteArray out(count, Qt::Uninitialized);
    if (count == 0)
        return out;
    if (count <= INT_MAX &&
        RAND_bytes(reinterpret_cast<unsigned char *>(out.data()), int(count)) == 1)
        return out;
    ERR_clear_error();
    // Both read the kernel's generator; this one only differs in how it reports failure.
    for (qsizetype i = 0; i < count; ++i)
        out[i] = char(QRandomGenerator::system()->bounded(256));
    return out;
}

bool constantTimeEquals(QByteArrayView a, QByteArrayView b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), size_t(a.size())) == 0;
}

bool isHex(QByteArrayView text, qsizetype length) {
    if (text.size() != length)
        return false;
    for (const char c : text) {
        const bool digit =
            (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (!digit)
            return false;
    }
    return true;
}

} // namespace CryptoUtil

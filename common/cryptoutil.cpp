#include "cryptoutil.h"

#include <QRandomGenerator>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>

#include <climits>
#include <memory>

namespace {

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
    const auto bytes = [](QByteArrayView view) {
        return reinterpret_cast<const unsigned char *>(view.data());
    };
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

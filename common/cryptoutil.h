// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "result.h"

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

// The few OpenSSL primitives the cluster's cryptography is built from, behind Qt types so that
// no other file needs OpenSSL's headers.
namespace CryptoUtil {

// HKDF-SHA256 (RFC 5869). Fails only when OpenSSL itself does.
Result<QByteArray> hkdfSha256(QByteArrayView inputKey, QByteArrayView salt, QByteArrayView info,
                              qsizetype length);

// AES-256-GCM: nonce (12 random bytes) | ciphertext | tag (16 bytes), with `associatedData`
// authenticated but not carried. Nothing when OpenSSL fails or the input is too large.
inline constexpr qsizetype kAeadNonceSize = 12;
inline constexpr qsizetype kAeadTagSize = 16;
std::optional<QByteArray> aeadSeal(const QByteArray &key, QByteArrayView plaintext,
                                   QByteArrayView associatedData);
// The plaintext, or nothing when the tag does not match (other key, other associated data,
// any byte changed) or the input is too short.
std::optional<QByteArray> aeadOpen(const QByteArray &key, QByteArrayView sealed,
                                   QByteArrayView associatedData);

// `count` bytes from OpenSSL's CSPRNG, or from the system generator should OpenSSL's fail.
QByteArray randomBytes(qsizetype count);

// Compares in time that depends only on the length, so a MAC check leaks nothing.
bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

// True when `text` is exactly `length` hexadecimal digits (either case).
bool isHex(QByteArrayView text, qsizetype length);

} // namespace CryptoUtil

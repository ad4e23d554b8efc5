#pragma once

#include "result.h"

#include <QByteArray>
#include <QByteArrayView>

// The few OpenSSL primitives the cluster's cryptography is built from, behind Qt types so that
// no other file needs OpenSSL's headers.
namespace CryptoUtil {

// HKDF-SHA256 (RFC 5869). Fails only when OpenSSL itself does.
Result<QByteArray> hkdfSha256(QByteArrayView inputKey, QByteArrayView salt, QByteArrayView info,
                              qsizetype length);

// `count` bytes from OpenSSL's CSPRNG, or from the system generator should OpenSSL's fail.
QByteArray randomBytes(qsizetype count);

// Compares in time that depends only on the length, so a MAC check leaks nothing.
bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

// True when `text` is exactly `length` hexadecimal digits (either case).
bool isHex(QByteArrayView text, qsizetype length);

} // namespace CryptoUtil

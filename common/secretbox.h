#pragma once

#include "result.h"

#include <QByteArray>
#include <QString>

// Encryption of the secrets (webhook tokens and secrets) that cross the network between nodes:
// AES-256-GCM with a key derived from cluster.key (HKDF info "secrets v1"). A sealed value is
// "enc:v1:" + base64(12-byte random nonce | ciphertext | 16-byte tag); the empty string, meaning
// "no secret", stays empty so that its absence is still visible.
class SecretBox {
public:
    explicit SecretBox(const QByteArray &clusterKey);

    QString seal(const QString &plaintext) const;
    // Errors: "not an encrypted value" (no enc:v1: prefix), "cannot decrypt: corrupted value"
    // (not base64 or too short), "cannot decrypt: cluster key mismatch or corrupted value".
    Result<QString> open(const QString &sealed) const;
    static bool isSealed(const QString &value);

private:
    QByteArray m_key;
};

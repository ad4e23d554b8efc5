// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "operationtable.h"
#include "result.h"

#include <QByteArray>
#include <QString>

// Where a sealed value belongs: the document or request it is part of, the entry (a webhook's
// URL) and the field. It is authenticated with the value, so a sealed token copied into another
// webhook's entry, another field or another kind of message does not open.
struct SealPlace {
    QString document; // "webhooks", an operation's name, "op " + an operation's name, …
    QString entry;    // the webhook's URL
    QString field;    // "token", "secret", "signing_secret"
};

// The places of the secrets a message carries: webhook-test's, and a GUI operation's.
inline SealPlace testPlace(const QString &url, const char *field) {
    return SealPlace{Operations::name(Operation::WebhookTest), url, QLatin1String(field)};
}
inline SealPlace operationPlace(const QString &op, const QString &url, const char *field) {
    return SealPlace{QStringLiteral("op ") + op, url, QLatin1String(field)};
}

// Encryption of the secrets (webhook tokens and secrets) inside what crosses the network
// between nodes: AES-256-GCM with a key derived from cluster.key (HKDF info "secrets v2"), the
// associated data "enc:v2:" and the SealPlace. A sealed value is "enc:v2:" + base64(12-byte
// random nonce | ciphertext | 16-byte tag); the empty string, meaning "no secret", stays empty
// so that its absence is still visible.
class SecretBox {
public:
    explicit SecretBox(const QByteArray &clusterKey);

    QString seal(const QString &plaintext, const SealPlace &place) const;
    // Errors: "not an encrypted value" (no enc:v2: prefix), "cannot decrypt: corrupted value"
    // (not base64 or too short), "cannot decrypt: cluster key mismatch, corrupted value or a
    // value sealed for another place".
    Result<QString> open(const QString &sealed, const SealPlace &place) const;
    static bool isSealed(const QString &value);

private:
    QByteArray m_key;
};

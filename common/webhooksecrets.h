// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "result.h"

#include <QByteArray>
#include <QString>

// What a webhook's secrets must look like. ClusterOperations checks them before webhook-add and
// webhook-mod change anything (the CLI's commands, and the GUI's run by a daemon); the daemon
// signs with them (Jwt, WebhookSignature in daemon/delivery).
namespace WebhookSecrets {

// HS256 wants a key of at least the hash's size (RFC 7518 §3.2). A shorter JWT secret is still
// accepted, as the original daemon did, but webhook-add and webhook-mod warn about it: anyone
// who sees one signed request can guess a short secret offline.
inline constexpr qsizetype kMinimumJwtSecretBytes = 32;

// The key inside a Standard Webhooks signing secret "whsec_<base64 key>", or why the secret is
// not usable.
Result<QByteArray> parseSigningSecret(const QString &secret);

} // namespace WebhookSecrets

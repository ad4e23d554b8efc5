// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include <QByteArray>

// Standard Webhooks signatures: with a signing secret "whsec_<base64 key>", each request
// carries webhook-id, webhook-timestamp and webhook-signature "v1,<base64 HMAC-SHA256 of
// id.timestamp.body>", which receivers verify with any Standard Webhooks library. The key comes
// from WebhookSecrets::parseSigningSecret.
namespace WebhookSignature {

QByteArray sign(const QByteArray &key, const QByteArray &id, qint64 timestamp,
                const QByteArray &body);

} // namespace WebhookSignature

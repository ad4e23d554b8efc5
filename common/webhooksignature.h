#pragma once

#include "result.h"

#include <QByteArray>
#include <QString>

// Standard Webhooks signatures: with a signing secret "whsec_<base64 key>", each request
// carries webhook-id, webhook-timestamp and webhook-signature "v1,<base64 HMAC-SHA256 of
// id.timestamp.body>", which receivers verify with any Standard Webhooks library.
namespace WebhookSignature {

// The key inside a "whsec_..." secret, or why the secret is not usable.
Result<QByteArray> parseSecret(const QString &secret);

QByteArray sign(const QByteArray &key, const QByteArray &id, qint64 timestamp,
                const QByteArray &body);

} // namespace WebhookSignature

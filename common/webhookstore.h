#pragma once

#include "result.h"
#include "webhook.h"

// webhooks.json in the original's format: {"<url>": {"token": "...", "secret": "..."}}, where a
// bare string value is a token. Both fields are always written; other fields are kept.
namespace WebhookStore {

// A missing file is no webhooks; anything else wrong with it is an error naming the problem.
Result<WebhookMap> load(const QString &path);
Result<WebhookMap> fromJson(const QJsonObject &document, const QString &origin);
QJsonObject toJson(const WebhookMap &webhooks);
Status save(const QString &path, const WebhookMap &webhooks);

// Only absolute http(s) URLs with a host can receive events.
Status validateUrl(const QString &url);

} // namespace WebhookStore

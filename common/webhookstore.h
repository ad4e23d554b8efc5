// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "result.h"
#include "settingsproblem.h"
#include "webhook.h"

// webhooks.json in the original's format: {"<url>": {"token": "...", "secret": "..."}}, where a
// bare string value is a token. Both fields are always written; other fields are kept.
namespace WebhookStore {

// A local webhooks.json as read: the webhooks that can receive events, and the entries that
// cannot (an ftp:// URL, a token that is not a string), which are skipped for delivery but kept
// as they are, so that a rewrite of the file (webhook-add, a sync) does not lose them.
struct WebhookFile {
    WebhookMap webhooks;
    QJsonObject skipped;             // URL -> the entry's value, exactly as the file holds it
    QList<SettingsProblem> problems; // one per skipped entry, in the order of `skipped`
};

// A missing file is no webhooks; a file that cannot be read or holds no JSON object is an error
// naming the problem. Entries that cannot be used are skipped, never an error.
Result<WebhookFile> load(const QString &path);
WebhookFile read(const QJsonObject &document, const QString &path);
// Strict, for what comes from elsewhere (a peer): any entry that cannot be used is an error.
Result<WebhookMap> fromJson(const QJsonObject &document, const QString &origin);
// The file's content: the webhooks in their normal form, and the skipped entries as they were.
QJsonObject toJson(const WebhookMap &webhooks, const QJsonObject &skipped = {});
Status save(const QString &path, const WebhookMap &webhooks);

// Only absolute http(s) URLs with a host can receive events.
Status validateUrl(const QString &url);

// A URL as logs and tables show it: never its password (a URL in a file may carry one, though
// webhook-add refuses it).
QString shownUrl(const QString &url);
// Why the entry `url`: `value` cannot be used, in a few words ("not an http:// or https://
// URL"); empty when it can.
QString whyUnusable(const QString &url, const QJsonValue &value);

} // namespace WebhookStore

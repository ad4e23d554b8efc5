// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "webhookstore.h"

#include "jsonfile.h"
#include "logtext.h"

#include <QUrl>

#include <optional>

namespace {

const QString kToken = QStringLiteral("token");
const QString kSecret = QStringLiteral("secret");

enum class UrlFault { None, Invalid, NotHttp, NoHost };

UrlFault urlFault(const QString &url) {
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid())
        return UrlFault::Invalid;
    const QString scheme = parsed.scheme().toLower();
    if (scheme != u"http" && scheme != u"https")
        return UrlFault::NotHttp;
    if (parsed.host().isEmpty())
        return UrlFault::NoHost;
    return UrlFault::None;
}

bool isStringOrAbsent(const QJsonValue &value) {
    return value.isString() || value.isNull() || value.isUndefined();
}

// The entry as a webhook; nullopt when its value has no usable form (the URL is checked apart).
std::optional<Webhook> parseValue(const QString &url, const QJsonValue &value) {
    Webhook webhook;
    webhook.url = url;
    if (value.isString()) {
        webhook.token = value.toString();
        return webhook;
    }
    if (!value.isObject())
        return std::nullopt;
    QJsonObject fields = value.toObject();
    const QJsonValue token = fields.take(kToken);
    const QJsonValue secret = fields.take(kSecret);
    if (!isStringOrAbsent(token) || !isStringOrAbsent(secret))
        return std::nullopt;
    webhook.token = token.toString();
    webhook.secret = secret.toString();
    webhook.extra = fields;
    return webhook;
}

} // namespace

namespace WebhookStore {

QString shownUrl(const QString &url) {
    const QUrl parsed(url);
    const QString shown = parsed.isValid() && !parsed.password().isEmpty()
                              ? parsed.toDisplayString(QUrl::RemovePassword)
                              : url;
    return shown;
}

Status validateUrl(const QString &url) {
    switch (urlFault(url)) {
    case UrlFault::None:
        return Status::success();
    case UrlFault::Invalid:
        return Status::failure(QStringLiteral("'%1' is not a valid URL").arg(url.left(200)));
    case UrlFault::NotHttp:
        return Status::failure(
            QStringLiteral("'%1' is not an http:// or https:// URL").arg(url.left(200)));
    case UrlFault::NoHost:
        return Status::failure(QStringLiteral("'%1' has no host").arg(url.left(200)));
    }
    return Status::failure(QStringLiteral("'%1' is not a valid URL").arg(url.left(200)));
}

QString whyUnusable(const QString &url, const QJsonValue &value) {
    switch (urlFault(url)) {
    case UrlFault::None:
        break;
    case UrlFault::Invalid:
        return QStringLiteral("not a valid URL");
    case UrlFault::NotHttp:
        return QStringLiteral("not an http:// or https:// URL");
    case UrlFault::NoHost:
        return QStringLiteral("no host in the URL");
    }
    if (value.isObject() || value.isString())
        return parseValue(url, value) ? QString() : QStringLiteral("token or secret not a string");
    return QStringLiteral("value neither an object nor a token string");
}

Result<WebhookMap> fromJson(const QJsonObject &document, const QString &origin) {
    using R = Result<WebhookMap>;
    WebhookMap webhooks;
    for (auto it = document.begin(); it != document.end(); ++it) {
        if (const Status valid = validateUrl(it.key()); !valid)
            return R::failure(QStringLiteral("%1: %2").arg(origin, valid.error()));
        const auto webhook = parseValue(it.key(), it.value());
        if (!webhook && it->isObject())
            return R::failure(
                QStringLiteral("%1: token and secret of %2 must be strings").arg(origin, it.key()));
        if (!webhook)
            return R::failure(
                QStringLiteral("%1: the value for %2 must be an object or a token string")
                    .arg(origin, it.key()));
        webhooks.insert(webhook->url, *webhook);
    }
    return webhooks;
}

WebhookFile read(const QJsonObject &document, const QString &path) {
    WebhookFile file;
    for (auto it = document.begin(); it != document.end(); ++it) {
        const auto webhook =
            urlFault(it.key()) == UrlFault::None ? parseValue(it.key(), it.value()) : std::nullopt;
        if (webhook) {
            file.webhooks.insert(webhook->url, *webhook);
            continue;
        }
        const QString why = whyUnusable(it.key(), it.value());
        // The original kept such an entry (and failed at each event); dropping it from the
        // file would lose what the admin wrote, and refusing the file would stop every event.
        file.skipped.insert(it.key(), it.value());
        file.problems.append(SettingsProblem{
            SettingsProblem::Kind::WebhookEntry, path,
            LogText::quoted(QStringLiteral("%1: entry '%2' skipped (%3); it gets no events until "
                                           "it is fixed, or removed with webhook-del")
                                .arg(path, shownUrl(it.key()).left(200), why))});
    }
    return file;
}

Result<WebhookFile> load(const QString &path) {
    // As with config.json, a file that is not JSON at all stays an error: the original could
    // not read it either, and the caller keeps the last good webhooks on a reload.
    const auto document = JsonFile::readObject(path, JsonFile::IfMissing::Empty);
    if (!document)
        return Result<WebhookFile>::failure(document.error());
    return read(*document, path);
}

QJsonObject toJson(const WebhookMap &webhooks, const QJsonObject &skipped) {
    QJsonObject document = skipped;
    for (const Webhook &webhook : webhooks) {
        QJsonObject fields = webhook.extra;
        fields.insert(kToken, webhook.token);
        fields.insert(kSecret, webhook.secret);
        document.insert(webhook.url, fields);
    }
    return document;
}

Status save(const QString &path, const WebhookMap &webhooks) {
    return JsonFile::writeObject(path, toJson(webhooks));
}

} // namespace WebhookStore

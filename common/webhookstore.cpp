#include "webhookstore.h"

#include "jsonfile.h"

#include <QUrl>

namespace {

const QString kToken = QStringLiteral("token");
const QString kSecret = QStringLiteral("secret");

} // namespace

namespace WebhookStore {

Status validateUrl(const QString &url) {
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid())
        return Status::failure(QStringLiteral("'%1' is not a valid URL").arg(url.left(200)));
    const QString scheme = parsed.scheme().toLower();
    if (scheme != u"http" && scheme != u"https")
        return Status::failure(
            QStringLiteral("'%1' is not an http:// or https:// URL").arg(url.left(200)));
    if (parsed.host().isEmpty())
        return Status::failure(QStringLiteral("'%1' has no host").arg(url.left(200)));
    return Status::success();
}

Result<WebhookMap> fromJson(const QJsonObject &document, const QString &origin) {
    using R = Result<WebhookMap>;
    WebhookMap webhooks;
    for (auto it = document.begin(); it != document.end(); ++it) {
        if (const Status valid = validateUrl(it.key()); !valid)
            return R::failure(QStringLiteral("%1: %2").arg(origin, valid.error()));
        Webhook webhook;
        webhook.url = it.key();
        if (it->isString()) {
            webhook.token = it->toString();
        } else if (it->isObject()) {
            QJsonObject fields = it->toObject();
            const QJsonValue token = fields.take(kToken);
            const QJsonValue secret = fields.take(kSecret);
            if (!(token.isString() || token.isNull() || token.isUndefined()) ||
                !(secret.isString() || secret.isNull() || secret.isUndefined()))
                return R::failure(QStringLiteral("%1: token and secret of %2 must be strings")
                                      .arg(origin, it.key()));
            webhook.token = token.toString();
            webhook.secret = secret.toString();
            webhook.extra = fields;
        } else {
            return R::failure(
                QStringLiteral("%1: the value for %2 must be an object or a token string")
                    .arg(origin, it.key()));
        }
        webhooks.insert(webhook.url, webhook);
    }
    return webhooks;
}

Result<WebhookMap> load(const QString &path) {
    const auto document = JsonFile::readObject(path, JsonFile::IfMissing::Empty);
    if (!document)
        return Result<WebhookMap>::failure(document.error());
    return fromJson(*document, path);
}

QJsonObject toJson(const WebhookMap &webhooks) {
    QJsonObject document;
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

#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

// One registered webhook as webhooks.json holds it.
struct Webhook {
    QString url;
    QString token;     // sent as "Authorization: Bearer <token>"
    QString secret;    // when set, a fresh HS256 JWT is sent instead of the token
    QJsonObject extra; // fields beside token and secret (later features); kept as they are

    // The event types it wants (extra field "events"); empty means every event.
    QStringList eventFilter() const;

    bool operator==(const Webhook &other) const {
        return url == other.url && token == other.token && secret == other.secret &&
               extra == other.extra;
    }
    bool operator!=(const Webhook &other) const { return !(*this == other); }
};

inline QStringList Webhook::eventFilter() const {
    QStringList patterns;
    for (const auto &pattern : extra.value(QLatin1StringView("events")).toArray())
        patterns.append(pattern.toString());
    return patterns;
}

// Keyed by URL, as the file is.
using WebhookMap = QMap<QString, Webhook>;

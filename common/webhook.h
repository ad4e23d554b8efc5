// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

#include <algorithm>

// One registered webhook as webhooks.json holds it.
struct Webhook {
    static constexpr int kMaxParallel = 64;

    QString url;
    QString token;     // sent as "Authorization: Bearer <token>"
    QString secret;    // when set, a fresh HS256 JWT is sent instead of the token
    QJsonObject extra; // fields beside token and secret (later features); kept as they are

    // The event types it wants (extra field "events"); empty means every event.
    QStringList eventFilter() const;
    // Requests at once (extra "parallel"): 1 is strict order, the default.
    int parallel() const;
    // PEM of the CA(s) that its HTTPS certificate must chain to (extra "ca_cert"); empty means
    // the system CAs.
    QByteArray caCertificates() const {
        return extra.value(QLatin1StringView("ca_cert")).toString().toUtf8();
    }
    // The admin chose to skip certificate verification (extra "insecure").
    bool insecure() const { return extra.value(QLatin1StringView("insecure")).toBool(); }
    // Why deliveries stopped (extra "disabled", set when the receiver answered 410 Gone); empty
    // while it is enabled.
    QString disabledReason() const { return extra.value(QLatin1StringView("disabled")).toString(); }
    // What status shows after the URL: filter, parallel, TLS choices, disabled; empty if none.
    QString notes() const;

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

inline int Webhook::parallel() const {
    const int wanted = extra.value(QLatin1StringView("parallel")).toInt(1);
    return std::clamp(wanted, 1, kMaxParallel);
}

inline QString Webhook::notes() const {
    QStringList parts;
    if (const QStringList patterns = eventFilter(); !patterns.isEmpty())
        parts.append(QStringLiteral("events: %1").arg(patterns.join(u',')));
    if (parallel() > 1)
        parts.append(QStringLiteral("parallel: %1").arg(parallel()));
    if (!caCertificates().isEmpty())
        parts.append(QStringLiteral("private CA"));
    if (insecure())
        parts.append(QStringLiteral("insecure: certificate not verified"));
    if (const QString why = disabledReason(); !why.isEmpty())
        parts.append(QStringLiteral("disabled: %1").arg(why));
    return parts.join(QStringLiteral("; "));
}

// Keyed by URL, as the file is.
using WebhookMap = QMap<QString, Webhook>;

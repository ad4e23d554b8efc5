// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "webhooktester.h"

#include "jwt.h"
#include "payload.h"
#include "webhookrequest.h"

#include <QDateTime>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>
#include <QUrl>

WebhookTester::WebhookTester(QNetworkAccessManager &network, QObject *parent)
    : QObject(parent)
    , m_network(network) {
}

void WebhookTester::test(const Webhook &webhook, Done done) {
    QNetworkRequest request = WebhookRequest::make(webhook);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QByteArray authorization =
        Jwt::authorizationHeader(webhook.token, webhook.secret, QStringLiteral("TEST"), now, now);
    if (!authorization.isEmpty())
        request.setRawHeader(QByteArrayLiteral("Authorization"), authorization);
    // A webhook's own TLS choice must not meet a connection cached for another (see
    // WebhookSender): such a test gets a manager of its own.
    QNetworkAccessManager *own = nullptr;
    if (!webhook.caCertificates().isEmpty() || webhook.insecure())
        own = new QNetworkAccessManager(this);
    QNetworkReply *reply =
        WebhookRequest::post(own ? *own : m_network, request, Payload::testBody());
    connect(reply, &QNetworkReply::finished, this, [reply, own, done = std::move(done)] {
        reply->deleteLater();
        if (own)
            own->deleteLater();
        const WebhookRequest::Outcome outcome = WebhookRequest::outcomeOf(*reply);
        done(outcome.delivered, outcome.why);
    });
}

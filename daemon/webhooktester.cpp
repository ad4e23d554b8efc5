#include "webhooktester.h"

#include "jwt.h"
#include "payload.h"
#include "webhooksender.h"

#include <QDateTime>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>
#include <QUrl>

WebhookTester::WebhookTester(QNetworkAccessManager &network, QObject *parent)
    : QObject(parent)
    , m_network(network) {
}

void WebhookTester::test(const QString &url, const QString &token, const QString &secret,
                         Done done) {
    QNetworkRequest request(QUrl(url, QUrl::StrictMode));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(WebhookSender::kRequestTimeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QByteArray authorization =
        Jwt::authorizationHeader(token, secret, QStringLiteral("TEST"), now, now);
    if (!authorization.isEmpty())
        request.setRawHeader(QByteArrayLiteral("Authorization"), authorization);
    QNetworkReply *reply = m_network.post(request, Payload::testBody());
    QTimer::singleShot(WebhookSender::kRequestTimeoutMs, reply, [reply] { reply->abort(); });
    connect(reply, &QNetworkReply::finished, this, [reply, done = std::move(done)] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status >= 200 && status <= 299)
            done(true, QString());
        else if (status > 0)
            done(false, QStringLiteral("HTTP %1").arg(status));
        else
            done(false, reply->errorString());
    });
}

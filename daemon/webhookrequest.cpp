#include "webhookrequest.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTimer>
#include <QUrl>

namespace WebhookRequest {

QNetworkRequest make(const Webhook &webhook) {
    QNetworkRequest request(QUrl(webhook.url, QUrl::StrictMode));
    if (!webhook.caCertificates().isEmpty() || webhook.insecure()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        if (!webhook.caCertificates().isEmpty())
            tls.setCaCertificates(QSslCertificate::fromData(webhook.caCertificates(), QSsl::Pem));
        if (webhook.insecure())
            tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        request.setSslConfiguration(tls);
    }
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(kTimeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    return request;
}

QNetworkReply *post(QNetworkAccessManager &network, const QNetworkRequest &request,
                    const QByteArray &body) {
    QNetworkReply *reply = network.post(request, body);
    QTimer::singleShot(kTimeoutMs, reply, [reply] { reply->abort(); });
    return reply;
}

} // namespace WebhookRequest

#include "webhookrequest.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>
#include <QUrl>

namespace WebhookRequest {

QNetworkRequest make(const QString &url) {
    QNetworkRequest request(QUrl(url, QUrl::StrictMode));
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

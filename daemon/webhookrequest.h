#pragma once

#include <QByteArray>
#include <QNetworkRequest>

class QNetworkAccessManager;
class QNetworkReply;

// How every request to a webhook is made, for deliveries and webhook-test alike.
namespace WebhookRequest {

inline constexpr int kTimeoutMs = 10'000;

// JSON body, no redirects followed (a 3xx is a failure), a timeout for silence.
QNetworkRequest make(const QString &url);
// POSTs with an overall deadline: the transfer timeout alone does not stop a receiver that
// trickles a byte every few seconds.
QNetworkReply *post(QNetworkAccessManager &network, const QNetworkRequest &request,
                    const QByteArray &body);

} // namespace WebhookRequest

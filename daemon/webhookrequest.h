#pragma once

#include <QByteArray>
#include <QNetworkRequest>

#include "webhook.h"

class QNetworkAccessManager;
class QNetworkReply;

// How every request to a webhook is made, for deliveries and webhook-test alike.
namespace WebhookRequest {

inline constexpr int kTimeoutMs = 10'000;

// JSON body, no redirects followed (a 3xx is a failure), and the
// webhook's TLS choice: its private CA instead of the system's, or no verification when the
// admin said --insecure (never otherwise).
QNetworkRequest make(const Webhook &webhook);
// POSTs with an overall deadline: the transfer timeout alone does not stop a receiver that
// trickles a byte every few seconds. For a one-off request (webhook-test): its timer lives for
// the whole deadline, so the sender, which makes thousands, sweeps its deadlines itself.
QNetworkReply *post(QNetworkAccessManager &network, const QNetworkRequest &request,
                    const QByteArray &body);

// What a finished reply means: delivered only when the receiver answered 2xx and the answer
// arrived whole (a 2xx cut off, or stopped at the deadline, is tried again).
struct Outcome {
    int status = 0; // 0 when no HTTP answer came
    bool delivered = false;
    QString why; // empty when delivered
};
Outcome outcomeOf(const QNetworkReply &reply);

} // namespace WebhookRequest

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include <QByteArray>
#include <QNetworkRequest>

#include "webhook.h"

class QNetworkAccessManager;
class QNetworkReply;

// How every request to a webhook is made, for deliveries and webhook-test alike.
namespace WebhookRequest {

inline constexpr int kTimeoutMs = 10'000;
// How much of a receiver's answer is read. Nothing in it is used, but Qt keeps an unread body
// in memory until the reply is deleted: a receiver (or anyone on the path of an http:// one)
// could push 10 s of data into the daemon per request. The rest is not read: the request is
// stopped once more than this has arrived.
inline constexpr qint64 kMaxResponseBytes = 64 * 1024;

// JSON body, no redirects followed (a 3xx is a failure), and the
// webhook's TLS choice: its private CA instead of the system's, or no verification when the
// admin said --insecure (never otherwise).
QNetworkRequest make(const Webhook &webhook);
// POSTs with an overall deadline: the transfer timeout alone does not stop a receiver that
// trickles a byte every few seconds. For a one-off request (webhook-test): its timer lives for
// the whole deadline, so the sender, which makes thousands, sweeps its deadlines itself.
QNetworkReply *post(QNetworkAccessManager &network, const QNetworkRequest &request,
                    const QByteArray &body);
// Discards the answer's body as it arrives and stops the request once more than
// kMaxResponseBytes came (post() does this itself; the sender, which posts on its own, calls it).
void limitResponse(QNetworkReply *reply);

// What a finished reply means: delivered when the receiver answered 2xx and the answer arrived
// whole, or when its body was stopped for being longer than kMaxResponseBytes: the status line
// is the receiver's verdict, and retrying would only fetch the same long body again. A 2xx cut
// off by the receiver or by the deadline is tried again.
struct Outcome {
    int status = 0; // 0 when no HTTP answer came
    bool delivered = false;
    QString why; // empty when delivered
};
Outcome outcomeOf(const QNetworkReply &reply);

} // namespace WebhookRequest

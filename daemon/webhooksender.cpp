#include "webhooksender.h"

#include "eventfilter.h"
#include "eventqueue.h"
#include "jwt.h"
#include "logsink.h"
#include "webhookrequest.h"
#include "webhooksignature.h"

#include <QDateTime>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>

namespace {

const QByteArray kAuthorization = QByteArrayLiteral("Authorization");
const QByteArray kWebhookId = QByteArrayLiteral("webhook-id");

// The key of the webhook's signing secret; empty when it has none (or an unusable one, which
// webhook-add refuses, so only a hand edit can bring one: that is logged).
QByteArray signingKeyOf(const Webhook &webhook) {
    const QString secret = webhook.extra.value(QLatin1StringView("signing_secret")).toString();
    if (secret.isEmpty())
        return {};
    const auto key = WebhookSignature::parseSecret(secret);
    if (!key) {
        qCWarning(lcDispatch).noquote()
            << QStringLiteral("webhook %1: %2; sending unsigned").arg(webhook.url, key.error());
        return {};
    }
    return *key;
}

// Retry-After as seconds or an HTTP date; 0 when absent or unreadable.
qint64 retryAfterOf(QNetworkReply *reply) {
    const QByteArray value = reply->rawHeader(QByteArrayLiteral("Retry-After")).trimmed();
    if (value.isEmpty())
        return 0;
    bool isNumber = false;
    const qint64 seconds = value.toLongLong(&isNumber);
    if (isNumber)
        return seconds > 0 ? seconds * 1000 : 0;
    const QDateTime when = QDateTime::fromString(QString::fromLatin1(value), Qt::RFC2822Date);
    return when.isValid() ? std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(when)) : 0;
}

} // namespace

WebhookSender::WebhookSender(const Webhook &webhook, EventQueue &queue,
                             QNetworkAccessManager &network, QObject *parent)
    : QObject(parent)
    , m_webhook(webhook)
    , m_queue(queue)
    , m_network(network)
    , m_filter(webhook.eventFilter())
    , m_signingKey(signingKeyOf(webhook))
    , m_requestTemplate(WebhookRequest::make(webhook.url)) {
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &WebhookSender::sendNext);
}

WebhookSender::~WebhookSender() {
    if (m_inFlight) {
        m_inFlight->disconnect(this);
        m_inFlight->abort();
        m_inFlight->deleteLater();
    }
}

void WebhookSender::setWebhook(const Webhook &webhook) {
    m_webhook = webhook;
}

void WebhookSender::setMaxRetryInterval(int milliseconds) {
    m_maxRetryMs = std::max(1'000, milliseconds);
    m_retryDelayMs = std::min(m_retryDelayMs, m_maxRetryMs);
}

void WebhookSender::wake() {
    if (!m_inFlight && !m_retryTimer.isActive())
        sendNext();
}

void WebhookSender::sendNext() {
    for (;;) {
        const quint64 position = m_queue.position(m_webhook.url);
        // Without a filter the next event is the one to send; with one, look further ahead.
        const QueuedEventBatch next =
            m_queue.readAfter(position, m_filter.isEmpty() ? 1 : kFilterScan);
        if (next.empty())
            return;
        for (const QueuedEvent &event : next) {
            if (EventFilter::matches(m_filter, event.type)) {
                // Everything before it was filtered out: that much is done for this webhook.
                if (event.seq > position + 1)
                    m_queue.acknowledge(m_webhook.url, event.seq - 1);
                send(event);
                return;
            }
        }
        m_queue.acknowledge(m_webhook.url, next.back().seq);
    }
}

void WebhookSender::send(const QueuedEvent &event) {
    QNetworkRequest request = m_requestTemplate;
    // Made fresh for every attempt: a JWT's exp counts from now, not from the first try.
    const QByteArray authorization =
        Jwt::authorizationHeader(m_webhook.token, m_webhook.secret, event.type, event.timestamp,
                                 QDateTime::currentSecsSinceEpoch());
    if (!authorization.isEmpty())
        request.setRawHeader(kAuthorization, authorization);
    request.setRawHeader(kWebhookId, event.id);
    if (!m_signingKey.isEmpty()) {
        // Standard Webhooks: the timestamp is the attempt's, so each retry is signed afresh.
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        request.setRawHeader(QByteArrayLiteral("webhook-timestamp"), QByteArray::number(now));
        request.setRawHeader(QByteArrayLiteral("webhook-signature"),
                             WebhookSignature::sign(m_signingKey, event.id, now, event.body));
    }
    if (event.id == m_lastAttemptedId)
        ++m_stats.retries;
    m_lastAttemptedId = event.id;
    m_attemptTimer.start();
    m_inFlight = WebhookRequest::post(m_network, request, event.body);
    const quint64 seq = event.seq;
    const QByteArray id = event.id;
    QNetworkReply *reply = m_inFlight;
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, seq, id] { onFinished(reply, seq, id); });
}

void WebhookSender::onFinished(QNetworkReply *reply, quint64 seq, const QByteArray &eventId) {
    m_inFlight = nullptr;
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 200 && status <= 299) {
        m_retryDelayMs = kFirstRetryMs;
        ++m_stats.delivered;
        m_stats.observeLatency(m_attemptTimer.nsecsElapsed() / 1e9);
        m_queue.acknowledge(m_webhook.url, seq);
        qCDebug(lcDispatch).noquote() << QStringLiteral("delivered event %1 to %2 (HTTP %3)")
                                             .arg(QString::fromLatin1(eventId), m_webhook.url)
                                             .arg(status);
        Q_EMIT eventDelivered(seq);
        sendNext();
        return;
    }

    ++m_stats.failedAttempts;
    const QString why = status > 0 ? QStringLiteral("HTTP %1").arg(status) : reply->errorString();
    // Full jitter on the upper half keeps many nodes from retrying a recovered receiver at once.
    // Full jitter on the upper half keeps many nodes from retrying a recovered receiver at once.
    const int backoff = std::min(m_retryDelayMs, m_maxRetryMs);
    int delay = backoff / 2 + int(QRandomGenerator::global()->bounded(backoff / 2 + 1));
    // A receiver that says when to come back is believed, up to an hour.
    if (const qint64 retryAfterMs = retryAfterOf(reply); retryAfterMs > delay)
        delay = int(std::min<qint64>(retryAfterMs, kMaxRetryAfterMs));
    qCWarning(lcDispatch).noquote()
        << QStringLiteral("delivery of event %1 to %2 failed (%3); next try in %4 ms")
               .arg(QString::fromLatin1(eventId), m_webhook.url, why)
               .arg(delay);
    m_retryDelayMs = std::min(m_retryDelayMs * 2, m_maxRetryMs);
    m_retryTimer.start(delay);
}

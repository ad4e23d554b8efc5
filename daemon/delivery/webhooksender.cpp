// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "webhooksender.h"

#include "deliveryclock.h"
#include "deliveryjournal.h"
#include "eventfilter.h"
#include "eventqueue.h"
#include "jwt.h"
#include "logsink.h"
#include "webhookrequest.h"
#include "webhooksecrets.h"
#include "webhooksignature.h"

#include <QDateTime>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace {

const QByteArray kAuthorization = QByteArrayLiteral("Authorization");
const QByteArray kWebhookId = QByteArrayLiteral("webhook-id");

// The key of the webhook's signing secret; empty when it has none (or an unusable one, which
// webhook-add refuses, so only a hand edit can bring one: that is logged).
QByteArray signingKeyOf(const Webhook &webhook) {
    const QString secret = webhook.extra.value(QLatin1StringView("signing_secret")).toString();
    if (secret.isEmpty())
        return {};
    const auto key = WebhookSecrets::parseSigningSecret(secret);
    if (!key) {
        qCWarning(lcDispatch).noquote()
            << QStringLiteral("webhook %1: %2; sending unsigned").arg(webhook.url, key.error());
        return {};
    }
    return *key;
}

// Retry-After as seconds or an HTTP date (against `nowMs`); 0 when absent or unreadable.
qint64 retryAfterOf(QNetworkReply *reply, qint64 nowMs) {
    const QByteArray value = reply->rawHeader(QByteArrayLiteral("Retry-After")).trimmed();
    if (value.isEmpty())
        return 0;
    bool isNumber = false;
    const qint64 seconds = value.toLongLong(&isNumber);
    if (isNumber)
        return seconds > 0 ? seconds * 1000 : 0;
    // An HTTP date names its zone "GMT" (IMF-fixdate, the form RFC 9110 has senders use), which
    // Qt's RFC 2822 parser does not take: it is +0000.
    QString date = QString::fromLatin1(value);
    if (date.endsWith(QLatin1StringView(" GMT")))
        date = date.chopped(3) + QStringLiteral("+0000");
    const QDateTime when = QDateTime::fromString(date, Qt::RFC2822Date);
    return when.isValid() ? std::max<qint64>(0, when.toMSecsSinceEpoch() - nowMs) : 0;
}

} // namespace

WebhookSender::WebhookSender(const Webhook &webhook, EventQueue &queue, DeliveryJournal &journal,
                             QNetworkAccessManager &network, DeliveryClock &clock,
                             NetworkFactory makeOwnNetwork, QObject *parent)
    : QObject(parent)
    , m_queue(queue)
    , m_journal(journal)
    , m_network(network)
    , m_clock(clock)
    , m_makeOwnNetwork(std::move(makeOwnNetwork))
    , m_taken(queue.position(webhook.url))
    , m_done(m_taken) {
    setWebhook(webhook);
}

void WebhookSender::watchDeadlines() {
    // One coarse sweep for every request's overall deadline, not a timer per request: Qt keeps
    // a main thread's timers in a list it searches linearly, and a timer per request (alive for
    // the whole deadline) made every request pay for thousands of them.
    if (m_sweepDue)
        return;
    m_sweepDue = true;
    m_clock.callLater(kDeadlineSweepMs, this, [this] {
        m_sweepDue = false;
        abortOverdue();
    });
}

void WebhookSender::abortOverdue() {
    // The transfer timeout alone does not stop a receiver that trickles a byte every few seconds.
    QList<QNetworkReply *> overdue;
    const qint64 nowNs = m_clock.monotonicNs();
    for (const auto &entry : m_slots) {
        if (entry.second.reply &&
            (nowNs - entry.second.sentNs) / 1'000'000 > WebhookRequest::kTimeoutMs)
            overdue.append(entry.second.reply);
    }
    // abort() finishes the reply at once, which changes m_slots: collect first.
    for (QNetworkReply *reply : overdue)
        reply->abort();
    const bool anyInFlight = std::any_of(m_slots.begin(), m_slots.end(),
                                         [](const auto &entry) { return entry.second.reply; });
    if (anyInFlight)
        watchDeadlines();
}

WebhookSender::~WebhookSender() {
    stopAll();
}

void WebhookSender::stopAll() {
    for (auto &[seq, slot] : m_slots) {
        if (slot.reply) {
            slot.reply->disconnect(this);
            slot.reply->abort();
            slot.reply->deleteLater();
            slot.reply = nullptr;
        }
    }
}

void WebhookSender::setWebhook(const Webhook &webhook) {
    const bool tlsChanged = webhook.url != m_webhook.url ||
                            webhook.caCertificates() != m_webhook.caCertificates() ||
                            webhook.insecure() != m_webhook.insecure();
    m_webhook = webhook;
    m_filter = webhook.eventFilter();
    m_signingKey = signingKeyOf(webhook);
    m_parallel = webhook.parallel();
    // A parallel webhook gets its own connections too: Qt keeps at most 6 per host and port
    // per manager, and queued requests would spend the deadlines of other webhooks' requests.
    const bool wantsOwnNetwork =
        !webhook.caCertificates().isEmpty() || webhook.insecure() || m_parallel > 1;
    if (tlsChanged || m_requestTemplate.url().isEmpty() || wantsOwnNetwork != bool(m_ownNetwork)) {
        m_requestTemplate = WebhookRequest::make(webhook);
        // Requests under the old TLS choice are stopped and sent again under the new one.
        stopAll();
        m_ownNetwork.reset();
        if (wantsOwnNetwork)
            m_ownNetwork =
                m_makeOwnNetwork ? m_makeOwnNetwork() : std::make_unique<QNetworkAccessManager>();
        for (auto &entry : m_slots) {
            if (!m_gone)
                send(entry.second);
        }
    }
    fill();
}

qsizetype WebhookSender::shedBacklog(const QString &why) {
    stopAll();
    m_slots.clear();
    m_doneAhead.clear();
    qsizetype shed = 0;
    for (;;) {
        const QueuedEventBatch backlog = m_queue.readAfter(m_done, 1024);
        if (backlog.empty())
            break;
        for (const QueuedEvent &event : backlog) {
            if (wanted(event)) {
                m_journal.deadLetter(m_webhook.url, event, why);
                ++shed;
            }
        }
        m_done = backlog.back().seq;
    }
    m_taken = m_done;
    m_stats.dead += quint64(shed);
    m_queue.acknowledge(m_webhook.url, m_done);
    return shed;
}

void WebhookSender::setMaxRetryInterval(int milliseconds) {
    m_maxRetryMs = std::max(1'000, milliseconds);
    for (auto &entry : m_slots)
        entry.second.retryDelayMs = std::min(entry.second.retryDelayMs, m_maxRetryMs);
}

bool WebhookSender::wanted(const QueuedEvent &event) const {
    return (event.target.isEmpty() || event.target == m_webhook.url) &&
           EventFilter::matches(m_filter, event.type);
}

void WebhookSender::fill() {
    int expired = 0;
    while (!m_gone && qsizetype(m_slots.size()) < m_parallel) {
        // Without a filter the next events are the ones to send; with one, look further ahead.
        const int room = m_parallel - int(m_slots.size());
        const QueuedEventBatch next =
            m_queue.readAfter(m_taken, m_filter.isEmpty() ? room : kFilterScan);
        if (next.empty())
            break;
        for (const QueuedEvent &event : next) {
            if (qsizetype(m_slots.size()) >= m_parallel)
                break;
            m_taken = event.seq;
            if (!wanted(event)) {
                finish(event.seq);
                continue;
            }
            // While the receiver keeps failing, an event already past the max age is given up
            // without another attempt: a receiver that times out must not take 10 s per event
            // to work through a day of backlog.
            if (m_failing && m_clock.wallMs() - event.receivedMs >= m_maxAgeMs) {
                ++m_stats.dead;
                m_journal.deadLetter(m_webhook.url, event,
                                     QStringLiteral("expired while the receiver was failing (%1)")
                                         .arg(m_stats.lastError));
                finish(event.seq);
                ++expired;
                continue;
            }
            Slot &slot = m_slots[event.seq];
            slot.event = event;
            send(slot);
        }
    }
    if (expired > 0)
        qCWarning(lcDispatch).noquote()
            << QStringLiteral("gave up on %1 events for %2 that expired while it kept failing; "
                              "they are in the dead-letter list: replay %2 --dead sends them "
                              "again")
                   .arg(expired)
                   .arg(m_webhook.url);
    // Positions advance once per pass, not per event.
    if (m_done > m_queue.position(m_webhook.url))
        m_queue.acknowledge(m_webhook.url, m_done);
}

void WebhookSender::finish(quint64 seq) {
    if (seq != m_done + 1) {
        m_doneAhead.insert(seq);
        return;
    }
    m_done = seq;
    while (!m_doneAhead.empty() && *m_doneAhead.begin() == m_done + 1) {
        m_done = *m_doneAhead.begin();
        m_doneAhead.erase(m_doneAhead.begin());
    }
}

void WebhookSender::send(Slot &slot) {
    const QueuedEvent &event = slot.event;
    QNetworkRequest request = m_requestTemplate;
    // Made fresh for every attempt: a JWT's exp counts from now, not from the first try.
    const qint64 now = m_clock.wallMs() / 1000;
    const QByteArray authorization = Jwt::authorizationHeader(m_webhook.token, m_webhook.secret,
                                                              event.type, event.timestamp, now);
    if (!authorization.isEmpty())
        request.setRawHeader(kAuthorization, authorization);
    request.setRawHeader(kWebhookId, event.id);
    if (!m_signingKey.isEmpty()) {
        // Standard Webhooks: the timestamp is the attempt's, so each retry is signed afresh.
        request.setRawHeader(QByteArrayLiteral("webhook-timestamp"), QByteArray::number(now));
        request.setRawHeader(QByteArrayLiteral("webhook-signature"),
                             WebhookSignature::sign(m_signingKey, event.id, now, event.body));
    }
    if (slot.attempts++ > 0)
        ++m_stats.retries;
    slot.sentNs = m_clock.monotonicNs();
    QNetworkReply *reply = network().post(request, event.body);
    WebhookRequest::limitResponse(reply);
    slot.reply = reply;
    watchDeadlines();
    const quint64 seq = event.seq;
    connect(reply, &QNetworkReply::finished, this, [this, seq, reply] { onFinished(seq, reply); });
}

void WebhookSender::onFinished(quint64 seq, QNetworkReply *reply) {
    reply->deleteLater();
    const auto it = m_slots.find(seq);
    if (it == m_slots.end() || it->second.reply != reply)
        return;
    Slot &slot = it->second;
    slot.reply = nullptr;
    const qint64 latencyNs = m_clock.monotonicNs() - slot.sentNs;
    const auto [status, delivered, why] = WebhookRequest::outcomeOf(*reply);
    const qint64 nowMs = m_clock.wallMs();
    m_journal.recordAttempt(DeliveryAttempt{nowMs, m_webhook.url, slot.event.id, slot.event.type,
                                            status, latencyNs / 1'000'000, why});
    m_failing = !delivered;
    if (delivered) {
        ++m_stats.delivered;
        m_stats.lastDeliveredMs = nowMs;
        m_stats.observeLatency(double(latencyNs) / 1e9);
        qCDebug(lcDispatch).noquote() << QStringLiteral("delivered event %1 to %2 (HTTP %3)")
                                             .arg(QString::fromLatin1(slot.event.id), m_webhook.url)
                                             .arg(status);
        m_slots.erase(it);
        finish(seq);
        fill();
        return;
    }

    ++m_stats.failedAttempts;
    m_stats.lastFailureMs = nowMs;
    m_stats.lastError = why;
    if (status == 410) {
        // The receiver says it is gone for good: stop here rather than retry for a day.
        const QString reason =
            QStringLiteral("HTTP 410 Gone at %1")
                .arg(QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC).toString(Qt::ISODate));
        qCWarning(lcDispatch).noquote()
            << QStringLiteral("%1 answered 410 Gone to event %2: disabling the webhook on every "
                              "node; webhook-mod re-enables it")
                   .arg(m_webhook.url, QString::fromLatin1(slot.event.id));
        ++m_stats.dead;
        m_journal.deadLetter(m_webhook.url, slot.event, why);
        m_slots.erase(it);
        m_gone = true;
        stopAll();
        Q_EMIT gone(m_webhook.url, reason);
        return;
    }
    const qint64 age = nowMs - slot.event.receivedMs;
    if (age >= m_maxAgeMs) {
        qCWarning(lcDispatch).noquote()
            << QStringLiteral("gave up on event %1 for %2 after %3 attempts over %4 s (%5); it "
                              "is in the dead-letter list: replay %2 --dead sends it again")
                   .arg(QString::fromLatin1(slot.event.id), m_webhook.url)
                   .arg(slot.attempts)
                   .arg(age / 1000)
                   .arg(why);
        ++m_stats.dead;
        m_journal.deadLetter(m_webhook.url, slot.event, why);
        m_slots.erase(it);
        finish(seq);
        fill();
        return;
    }
    retryLater(slot, reply, why);
}

void WebhookSender::retryLater(Slot &slot, QNetworkReply *reply, const QString &why) {
    // Full jitter on the upper half keeps many nodes from retrying a recovered receiver at once.
    const int backoff = std::min(slot.retryDelayMs, m_maxRetryMs);
    int delay = backoff / 2 + m_clock.random(backoff / 2 + 1);
    // A receiver that says when to come back is believed, up to an hour.
    if (const qint64 retryAfterMs = retryAfterOf(reply, m_clock.wallMs()); retryAfterMs > delay)
        delay = int(std::min<qint64>(retryAfterMs, kMaxRetryAfterMs));
    qCWarning(lcDispatch).noquote()
        << QStringLiteral("delivery of event %1 to %2 failed (%3); next try in %4 ms")
               .arg(QString::fromLatin1(slot.event.id), m_webhook.url, why)
               .arg(delay);
    slot.retryDelayMs = std::min(slot.retryDelayMs * 2, m_maxRetryMs);
    const quint64 seq = slot.event.seq;
    m_clock.callLater(delay, this, [this, seq] {
        const auto it = m_slots.find(seq);
        if (it != m_slots.end() && !it->second.reply && !m_gone)
            send(it->second);
    });
}

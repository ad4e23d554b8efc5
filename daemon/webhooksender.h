#pragma once

#include "deliverystats.h"
#include "webhook.h"

#include <QElapsedTimer>
#include <QNetworkRequest>
#include <QObject>
#include <QTimer>

class EventQueue;
class QNetworkAccessManager;
class QNetworkReply;
struct QueuedEvent;

// Delivers the queue's events to one webhook: one request in flight, strictly in order, as the
// original. A failed event is retried with capped exponential backoff and holds the ones
// behind it; other webhooks have their own sender, so a dead receiver delays only itself.
class WebhookSender : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebhookSender)

public:
    static constexpr int kFirstRetryMs = 1'000;
    static constexpr int kMaxRetryMs = 60'000; // config retry_max_interval overrides it
    static constexpr qint64 kMaxRetryAfterMs = 3'600'000;
    // How many queued events one look for the next wanted one reads at a time.
    static constexpr int kFilterScan = 256;

    WebhookSender(const Webhook &webhook, EventQueue &queue, QNetworkAccessManager &network,
                  QObject *parent = nullptr);
    ~WebhookSender() override;

    // New credentials apply from the next attempt; the position in the queue is kept.
    void setWebhook(const Webhook &webhook);
    // The longest wait between two tries (config retry_max_interval).
    void setMaxRetryInterval(int milliseconds);
    // New events may be waiting: send the next one unless busy or backing off.
    void wake();

    const DeliveryStats &stats() const { return m_stats; }

Q_SIGNALS:
    void eventDelivered(quint64 seq);

private:
    void sendNext();
    void send(const QueuedEvent &event);
    void onFinished(QNetworkReply *reply, quint64 seq, const QByteArray &eventId);

    Webhook m_webhook;
    EventQueue &m_queue;
    QNetworkAccessManager &m_network;
    QStringList m_filter;    // the webhook's event filter, parsed once per change
    QByteArray m_signingKey; // Standard Webhooks key, empty when unsigned
    QNetworkRequest m_requestTemplate;
    QNetworkReply *m_inFlight = nullptr;
    QTimer m_retryTimer;
    int m_retryDelayMs = kFirstRetryMs;
    int m_maxRetryMs = kMaxRetryMs;
    DeliveryStats m_stats;
    QElapsedTimer m_attemptTimer;
    QByteArray m_lastAttemptedId; // a second attempt at the same event is a retry
};

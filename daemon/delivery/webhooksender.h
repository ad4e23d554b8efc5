// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "deliverystats.h"
#include "queuedevent.h"
#include "webhook.h"

#include <QNetworkRequest>
#include <QObject>

#include <functional>
#include <map>
#include <memory>
#include <set>

class DeliveryClock;
class DeliveryJournal;
class EventQueue;
class QNetworkAccessManager;
class QNetworkReply;

// Delivers the queue's events to one webhook. With parallel 1 (the default) one request is in
// flight and order is strict: a failing event holds the ones behind it until it is delivered
// or dead-lettered. With parallel N, N events are in flight at once and each retries on its
// own, so order is not kept. A failing event is retried with capped exponential backoff; once
// it is older than the max age it goes to the dead-letter list. 410 Gone stops the sender and
// says so (the daemon disables the webhook on every node). Other webhooks have their own
// sender, so a dead receiver delays only itself. Time, timers and jitter come from the
// DeliveryClock it is given.
class WebhookSender : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebhookSender)

public:
    static constexpr int kFirstRetryMs = 1'000;
    static constexpr int kMaxRetryMs = 60'000; // config retry_max_interval overrides it
    static constexpr qint64 kMaxRetryAfterMs = 3'600'000;
    static constexpr qint64 kMaxAgeMs = 86'400'000; // config dead_letter_after overrides it
    // How many queued events one look for the next wanted one reads at a time.
    static constexpr int kFilterScan = 256;
    // How often requests past their overall deadline are looked for.
    static constexpr int kDeadlineSweepMs = 1'000;

    // Makes the manager of a webhook that needs connections of its own (see m_ownNetwork); an
    // empty one makes a plain QNetworkAccessManager.
    using NetworkFactory = std::function<std::unique_ptr<QNetworkAccessManager>()>;

    WebhookSender(const Webhook &webhook, EventQueue &queue, DeliveryJournal &journal,
                  QNetworkAccessManager &network, DeliveryClock &clock,
                  NetworkFactory makeOwnNetwork = {}, QObject *parent = nullptr);
    ~WebhookSender() override;

    // New credentials, filter, TLS and parallelism apply from the next attempt; the position
    // in the queue is kept.
    void setWebhook(const Webhook &webhook);
    // The longest wait between two tries (config retry_max_interval).
    void setMaxRetryInterval(int milliseconds);
    // How long after it arrived a failing event is given up on (config dead_letter_after).
    void setMaxAge(qint64 milliseconds) { m_maxAgeMs = milliseconds; }
    // New events may be waiting: send them if there is room.
    void wake() { fill(); }
    // The spool is full and this webhook holds the oldest events: everything it still owes goes
    // to the dead-letter list (with `why`), in-flight requests are stopped, and it carries on
    // with new events. Returns how many events it gave up.
    qsizetype shedBacklog(const QString &why);
    const QString &url() const { return m_webhook.url; }

    const DeliveryStats &stats() const { return m_stats; }
    // Events taken but not finished: in flight or waiting to be retried.
    qsizetype inFlight() const { return qsizetype(m_slots.size()); }

Q_SIGNALS:
    // The receiver answered 410 Gone: nothing more is sent until the webhook is changed.
    void gone(const QString &url, const QString &why);

private:
    struct Slot {
        QueuedEvent event;
        QNetworkReply *reply = nullptr; // null while waiting for a retry
        int attempts = 0;
        int retryDelayMs = kFirstRetryMs;
        qint64 sentNs = 0; // the clock's monotonic time of the attempt in flight
    };

    void fill();
    bool wanted(const QueuedEvent &event) const;
    void send(Slot &slot);
    void onFinished(quint64 seq, QNetworkReply *reply);
    void retryLater(Slot &slot, QNetworkReply *reply, const QString &why);
    // The event needs nothing more (delivered, filtered out or dead-lettered).
    void finish(quint64 seq);
    void stopAll();
    void abortOverdue();
    // Sweeps for overdue requests kDeadlineSweepMs from now, unless a sweep is already due.
    void watchDeadlines();
    QNetworkAccessManager &network() { return m_ownNetwork ? *m_ownNetwork : m_network; }

    Webhook m_webhook;
    EventQueue &m_queue;
    DeliveryJournal &m_journal;
    QNetworkAccessManager &m_network;
    DeliveryClock &m_clock;
    NetworkFactory m_makeOwnNetwork;
    // A webhook with its own TLS choice or parallel requests gets its own manager: Qt reuses a
    // connection per host and port whatever TLS configuration a later request asks for, and
    // keeps at most 6 of them per manager.
    std::unique_ptr<QNetworkAccessManager> m_ownNetwork;
    QStringList m_filter;    // the webhook's event filter, parsed once per change
    QByteArray m_signingKey; // Standard Webhooks key, empty when unsigned
    QNetworkRequest m_requestTemplate;
    bool m_sweepDue = false;
    int m_parallel = 1;
    int m_maxRetryMs = kMaxRetryMs;
    qint64 m_maxAgeMs = kMaxAgeMs;
    std::map<quint64, Slot> m_slots; // by seq
    quint64 m_taken = 0;             // the newest seq sent or skipped
    quint64 m_done = 0;              // every seq up to here needs nothing more
    std::set<quint64> m_doneAhead;   // finished out of order, beyond m_done (parallel)
    bool m_gone = false;
    bool m_failing = false; // the last answer was a failure
    DeliveryStats m_stats;
};

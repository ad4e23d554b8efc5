// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "deliveryclock.h"
#include "metrics.h"
#include "webhook.h"
#include "webhooksender.h"

#include <QObject>

#include <map>
#include <memory>
#include <optional>

class DeliveryJournal;
class EventQueue;
class QNetworkAccessManager;

// Keeps one sender per registered webhook and tells them when events arrive. Reloading the
// webhooks keeps every unchanged webhook's position, so no event already received is dropped.
// Its senders keep time with the clock it is given.
class Dispatcher : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Dispatcher)

public:
    Dispatcher(EventQueue &queue, DeliveryJournal &journal, QNetworkAccessManager &network,
               std::unique_ptr<DeliveryClock> clock,
               WebhookSender::NetworkFactory makeOwnNetwork = {}, QObject *parent = nullptr);
    ~Dispatcher() override;

    // Adds senders for new webhooks (they start with the events that arrive from now on),
    // updates changed ones in place, and removes those no longer registered or disabled.
    void setWebhooks(const WebhookMap &webhooks);
    void eventsAppended();
    void setMaxRetryInterval(int milliseconds);
    void setMaxAge(qint64 milliseconds);
    // Frees the spool down to below `limitBytes` by moving the backlog of the webhooks that
    // are furthest behind, one at a time, to the dead-letter list. Returns what it did, one
    // line per webhook, for the log.
    QStringList relieveSpool(qint64 limitBytes);

    qsizetype webhookCount() const { return qsizetype(m_senders.size()); }
    QList<WebhookMetrics> webhookMetrics() const;
    // One webhook's; none when it has no sender (unknown or disabled).
    std::optional<WebhookMetrics> webhookMetrics(const QString &url) const;

Q_SIGNALS:
    // A receiver answered 410 Gone; its sender has stopped.
    void webhookGone(const QString &url, const QString &why);

private:
    EventQueue &m_queue;
    DeliveryJournal &m_journal;
    QNetworkAccessManager &m_network;
    std::unique_ptr<DeliveryClock> m_clock;
    WebhookSender::NetworkFactory m_makeOwnNetwork;
    std::map<QString, std::unique_ptr<WebhookSender>> m_senders;
    int m_maxRetryMs = WebhookSender::kMaxRetryMs;
    qint64 m_maxAgeMs = WebhookSender::kMaxAgeMs;
};

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "dispatcher.h"

#include "eventqueue.h"
#include "webhooksender.h"

Dispatcher::Dispatcher(EventQueue &queue, DeliveryJournal &journal, QNetworkAccessManager &network,
                       std::unique_ptr<DeliveryClock> clock,
                       WebhookSender::NetworkFactory makeOwnNetwork, QObject *parent)
    : QObject(parent)
    , m_queue(queue)
    , m_journal(journal)
    , m_network(network)
    , m_clock(std::move(clock))
    , m_makeOwnNetwork(std::move(makeOwnNetwork)) {
}

Dispatcher::~Dispatcher() = default;

void Dispatcher::setWebhooks(const WebhookMap &registered) {
    // A disabled webhook (410 Gone) is not sent to, and keeps no events, until it is changed.
    WebhookMap webhooks;
    for (const Webhook &webhook : registered) {
        if (webhook.disabledReason().isEmpty())
            webhooks.insert(webhook.url, webhook);
    }
    // Positions kept for webhooks deleted while the daemon was down would pin events forever.
    for (const QString &consumer : m_queue.consumers()) {
        if (!webhooks.contains(consumer) && m_senders.find(consumer) == m_senders.end())
            m_queue.removeConsumer(consumer);
    }
    for (auto it = m_senders.begin(); it != m_senders.end();) {
        if (webhooks.contains(it->first)) {
            ++it;
            continue;
        }
        m_queue.removeConsumer(it->first);
        it = m_senders.erase(it);
    }
    for (const Webhook &webhook : webhooks) {
        const auto existing = m_senders.find(webhook.url);
        if (existing != m_senders.end()) {
            existing->second->setWebhook(webhook);
            continue;
        }
        // A webhook the queue already knows (a durable queue after a restart) resumes where it
        // stopped; a new one starts with the events that arrive from now on.
        if (!m_queue.hasConsumer(webhook.url))
            m_queue.addConsumer(webhook.url, m_queue.lastSeq());
        auto sender = std::make_unique<WebhookSender>(webhook, m_queue, m_journal, m_network,
                                                      *m_clock, m_makeOwnNetwork);
        sender->setMaxRetryInterval(m_maxRetryMs);
        sender->setMaxAge(m_maxAgeMs);
        connect(sender.get(), &WebhookSender::gone, this, &Dispatcher::webhookGone);
        // A resumed webhook may have a backlog waiting in the spool.
        sender->wake();
        m_senders.emplace(webhook.url, std::move(sender));
    }
}

void Dispatcher::eventsAppended() {
    for (auto &entry : m_senders)
        entry.second->wake();
}

QList<WebhookMetrics> Dispatcher::webhookMetrics() const {
    QList<WebhookMetrics> result;
    for (const auto &entry : m_senders)
        result.append(*webhookMetrics(entry.first));
    return result;
}

std::optional<WebhookMetrics> Dispatcher::webhookMetrics(const QString &url) const {
    const auto sender = m_senders.find(url);
    if (sender == m_senders.end())
        return std::nullopt;
    return WebhookMetrics{url, m_queue.lastSeq() - m_queue.position(url), sender->second->stats()};
}

void Dispatcher::setMaxRetryInterval(int milliseconds) {
    m_maxRetryMs = milliseconds;
    for (auto &entry : m_senders)
        entry.second->setMaxRetryInterval(milliseconds);
}

void Dispatcher::setMaxAge(qint64 milliseconds) {
    m_maxAgeMs = milliseconds;
    for (auto &entry : m_senders)
        entry.second->setMaxAge(milliseconds);
}

QStringList Dispatcher::relieveSpool(qint64 limitBytes) {
    QStringList shed;
    while (m_queue.pendingBytes() >= limitBytes) {
        WebhookSender *furthestBehind = nullptr;
        quint64 lowest = m_queue.lastSeq();
        for (const auto &[url, sender] : m_senders) {
            if (m_queue.position(url) < lowest) {
                lowest = m_queue.position(url);
                furthestBehind = sender.get();
            }
        }
        if (!furthestBehind)
            break;
        const qsizetype count = furthestBehind->shedBacklog(
            QStringLiteral("spool full (spool_limit_mb) while this webhook was behind"));
        shed.append(QStringLiteral("%1: %2 events").arg(furthestBehind->url()).arg(count));
    }
    return shed;
}

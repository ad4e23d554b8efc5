#include "dispatcher.h"

#include "eventqueue.h"
#include "webhooksender.h"

Dispatcher::Dispatcher(EventQueue &queue, QNetworkAccessManager &network, QObject *parent)
    : QObject(parent)
    , m_queue(queue)
    , m_network(network) {
}

Dispatcher::~Dispatcher() = default;

void Dispatcher::setWebhooks(const WebhookMap &webhooks) {
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
        m_queue.addConsumer(webhook.url, m_queue.lastSeq());
        m_senders.emplace(webhook.url,
                          std::make_unique<WebhookSender>(webhook, m_queue, m_network));
    }
}

void Dispatcher::eventsAppended() {
    for (auto &entry : m_senders)
        entry.second->wake();
}

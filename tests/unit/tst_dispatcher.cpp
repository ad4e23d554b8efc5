// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// The Dispatcher in this process, with a clock the test moves and a scripted network: which
// senders a reload adds, updates and removes, that every position survives it, and which
// backlog a full spool gives up first.
#include "dispatcher.h"
#include "manualdeliveryclock.h"
#include "memorydeliveryjournal.h"
#include "memoryeventqueue.h"
#include "scriptednetwork.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

namespace {

const QString kUrlA = QStringLiteral("http://a.test/listen");
const QString kUrlB = QStringLiteral("http://b.test/listen");
const QString kUrlC = QStringLiteral("http://c.test/listen");
constexpr qint64 kBodyBytes = 100;

Webhook webhookTo(const QString &url, const QString &token = {}, const QJsonObject &extra = {}) {
    Webhook webhook;
    webhook.url = url;
    webhook.token = token;
    webhook.extra = extra;
    return webhook;
}

WebhookMap mapOf(const QList<Webhook> &webhooks) {
    WebhookMap map;
    for (const Webhook &webhook : webhooks)
        map.insert(webhook.url, webhook);
    return map;
}

ScriptedNetwork::Answer status(int code) {
    ScriptedNetwork::Answer answer;
    answer.status = code;
    return answer;
}

} // namespace

class TestDispatcher : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void newWebhookStartsWithTheEventsThatArriveFromNowOn();
    void changedWebhookIsUpdatedInPlaceKeepingItsPosition();
    void removedOrDisabledWebhookLosesItsSenderAndItsPosition();
    void knownConsumerResumesWhereItStoppedAndUnknownOnesAreDropped();
    void relieveSpoolShedsTheFurthestBehindBacklogFirst();
    void goneReceiverIsReported();

private:
    // Queues `count` events of kBodyBytes each, received now, and tells the dispatcher.
    void append(int count);
    // The webhook-ids sent to `url`, in order.
    QList<QByteArray> idsSentTo(const QString &url) const;

    ManualDeliveryClock *m_clock = nullptr; // owned by the dispatcher
    std::unique_ptr<ScriptedNetwork> m_network;
    std::unique_ptr<MemoryEventQueue> m_queue;
    std::unique_ptr<MemoryDeliveryJournal> m_journal;
    std::unique_ptr<Dispatcher> m_dispatcher;
};

void TestDispatcher::init() {
    auto clock = std::make_unique<ManualDeliveryClock>();
    m_clock = clock.get();
    m_network = std::make_unique<ScriptedNetwork>([this] { return m_clock->elapsedMs(); });
    m_queue = std::make_unique<MemoryEventQueue>("t-");
    m_journal = std::make_unique<MemoryDeliveryJournal>();
    m_dispatcher = std::make_unique<Dispatcher>(*m_queue, *m_journal, *m_network, std::move(clock));
}

void TestDispatcher::cleanup() {
    m_dispatcher.reset();
    m_clock = nullptr;
    m_journal.reset();
    m_queue.reset();
    m_network.reset();
}

void TestDispatcher::append(int count) {
    QueuedEventBatch batch;
    for (int i = 0; i < count; ++i) {
        QueuedEvent event;
        event.type = QStringLiteral("VOLUME_START");
        event.body = QByteArray(kBodyBytes, 'x');
        event.receivedMs = m_clock->wallMs();
        batch.push_back(event);
    }
    m_queue->append(batch);
    m_dispatcher->eventsAppended();
}

QList<QByteArray> TestDispatcher::idsSentTo(const QString &url) const {
    QList<QByteArray> ids;
    for (const ScriptedNetwork::Request &request : m_network->requests()) {
        if (request.request.url() == QUrl(url))
            ids.append(request.header("webhook-id"));
    }
    return ids;
}

void TestDispatcher::newWebhookStartsWithTheEventsThatArriveFromNowOn() {
    m_dispatcher->setWebhooks(mapOf({webhookTo(kUrlA)}));
    append(2);
    m_clock->advance(0);
    QCOMPARE(idsSentTo(kUrlA), (QList<QByteArray>{"t-1", "t-2"}));

    m_dispatcher->setWebhooks(mapOf({webhookTo(kUrlA), webhookTo(kUrlB)}));
    QCOMPARE(m_dispatcher->webhookCount(), 2);
    QCOMPARE(m_queue->position(kUrlB), quint64(2));
    append(1);
    m_clock->advance(0);
    // The reload sent A nothing again; B got only what arrived after it was added.
    QCOMPARE(idsSentTo(kUrlA), (QList<QByteArray>{"t-1", "t-2", "t-3"}));
    QCOMPARE(idsSentTo(kUrlB), QList<QByteArray>{"t-3"});
}

void TestDispatcher::changedWebhookIsUpdatedInPlaceKeepingItsPosition() {
    m_network->setResponder([](const ScriptedNetwork::Request &request) {
        return status(request.header("webhook-id") == "t-1" ? 200 : 500);
    });
    m_dispatcher->setWebhooks(mapOf({webhookTo(kUrlA, QStringLiteral("old-token"))}));
    append(2);
    m_clock->advance(0);
    QCOMPARE(idsSentTo(kUrlA), (QList<QByteArray>{"t-1", "t-2"}));
    QCOMPARE(m_queue->position(kUrlA), quint64(1));

    m_dispatcher->setWebhooks(mapOf({webhookTo(kUrlA, QStringLiteral("new-token"))}));
    QCOMPARE(m_dispatcher->webhookCount(), 1);
    QCOMPARE(m_queue->position(kUrlA), quint64(1));
    // The failing event's next try carries the new token; nothing delivered is sent again.
    m_clock->advance(1'000);
    QCOMPARE(idsSentTo(kUrlA), (QList<QByteArray>{"t-1", "t-2", "t-2"}));
    QCOMPARE(m_network->requests().last().header("Authorization"), QByteArray("Bearer new-token"));
    QCOMPARE(m_network->requests().first().header("Authorization"), QByteArray("Bearer old-token"));
}

void TestDispatcher::removedOrDisabledWebhookLosesItsSenderAndItsPosition() {
    m_network->setResponder([](const ScriptedNetwork::Request &request) {
        return status(request.request.url() == QUrl(kUrlB) ? 500 : 200);
    });
    m_dispatcher->setWebhooks(mapOf({webhookTo(kUrlA), webhookTo(kUrlB), webhookTo(kUrlC)}));
    append(1);
    m_clock->advance(0);
    QCOMPARE(idsSentTo(kUrlB), QList<QByteArray>{"t-1"});

    // B removed while its event waits for a retry; C disabled by a 410 Gone.
    const Webhook disabledC =
        webhookTo(kUrlC, {}, {{QStringLiteral("disabled"), QStringLiteral("HTTP 410 Gone")}});
    m_dispatcher->setWebhooks(mapOf({webhookTo(kUrlA), disabledC}));
    QCOMPARE(m_dispatcher->webhookCount(), 1);
    QVERIFY(!m_queue->hasConsumer(kUrlB));
    QVERIFY(!m_queue->hasConsumer(kUrlC));
    QVERIFY(!m_dispatcher->webhookMetrics(kUrlB));
    // With only A left, nothing is kept for the others.
    QCOMPARE(m_queue->pendingCount(), 0);

    append(1);
    m_clock->advance(3'600'000);
    QCOMPARE(idsSentTo(kUrlA), (QList<QByteArray>{"t-1", "t-2"}));
    QCOMPARE(idsSentTo(kUrlB), QList<QByteArray>{"t-1"});
    QCOMPARE(idsSentTo(kUrlC), QList<QByteArray>{"t-1"});
}

void TestDispatcher::knownConsumerResumesWhereItStoppedAndUnknownOnesAreDropped() {
    // A durable queue after a restart: A had delivered t-1; a webhook deleted while the daemon
    // was down had delivered nothing.
    const QString deleted = QStringLiteral("http://deleted.test/listen");
    m_queue->addConsumer(kUrlA, 0);
    m_queue->addConsumer(deleted, 0);
    QueuedEventBatch batch(3);
    for (QueuedEvent &event : batch) {
        event.type = QStringLiteral("VOLUME_START");
        event.receivedMs = m_clock->wallMs();
    }
    m_queue->append(batch);
    m_queue->acknowledge(kUrlA, 1);

    m_dispatcher->setWebhooks(mapOf({webhookTo(kUrlA)}));
    m_clock->advance(0);
    QCOMPARE(idsSentTo(kUrlA), (QList<QByteArray>{"t-2", "t-3"}));
    QVERIFY(!m_queue->hasConsumer(deleted));
    QCOMPARE(m_queue->pendingCount(), 0);
}

void TestDispatcher::relieveSpoolShedsTheFurthestBehindBacklogFirst() {
    // A delivers everything; B fails from its first event, C from its third.
    m_network->setResponder([](const ScriptedNetwork::Request &request) {
        const QUrl url = request.request.url();
        const QByteArray id = request.header("webhook-id");
        if (url == QUrl(kUrlB) || (url == QUrl(kUrlC) && id != "t-1" && id != "t-2"))
            return status(500);
        return status(200);
    });
    m_dispatcher->setWebhooks(mapOf({webhookTo(kUrlA), webhookTo(kUrlB), webhookTo(kUrlC)}));
    append(5);
    m_clock->advance(0);
    QCOMPARE(m_queue->position(kUrlA), quint64(5));
    QCOMPARE(m_queue->position(kUrlB), quint64(0));
    QCOMPARE(m_queue->position(kUrlC), quint64(2));
    QCOMPARE(m_queue->pendingBytes(), 5 * kBodyBytes);

    // B is furthest behind: giving up its backlog leaves C's three events, under the limit.
    QCOMPARE(m_dispatcher->relieveSpool(3 * kBodyBytes + 1),
             QStringList{QStringLiteral("%1: 5 events").arg(kUrlB)});
    QCOMPARE(m_queue->position(kUrlB), quint64(5));
    QCOMPARE(m_queue->position(kUrlC), quint64(2));
    QCOMPARE(m_queue->pendingBytes(), 3 * kBodyBytes);
    QCOMPARE(m_journal->deadLetters().size(), 5);
    for (const MemoryDeliveryJournal::DeadLetter &dead : m_journal->deadLetters()) {
        QCOMPARE(dead.webhook, kUrlB);
        QCOMPARE(dead.why,
                 QStringLiteral("spool full (spool_limit_mb) while this webhook was behind"));
    }
    QCOMPARE(m_dispatcher->webhookMetrics(kUrlB)->stats.dead, quint64(5));

    // A lower limit takes C's backlog too.
    QCOMPARE(m_dispatcher->relieveSpool(kBodyBytes),
             QStringList{QStringLiteral("%1: 3 events").arg(kUrlC)});
    QCOMPARE(m_queue->pendingBytes(), 0);

    // Both carry on with new events.
    append(1);
    m_clock->advance(0);
    QCOMPARE(idsSentTo(kUrlB).last(), QByteArray("t-6"));
    QCOMPARE(idsSentTo(kUrlC).last(), QByteArray("t-6"));
}

void TestDispatcher::goneReceiverIsReported() {
    m_network->setResponder([](const ScriptedNetwork::Request &) { return status(410); });
    QSignalSpy gone(m_dispatcher.get(), &Dispatcher::webhookGone);
    m_dispatcher->setWebhooks(mapOf({webhookTo(kUrlA)}));
    append(1);
    m_clock->advance(0);
    QCOMPARE(gone.size(), 1);
    QCOMPARE(gone.first().at(0).toString(), kUrlA);
}

QTEST_GUILESS_MAIN(TestDispatcher)
#include "tst_dispatcher.moc"

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// WebhookSender in this process, with a clock the test moves (ManualDeliveryClock), a network
// that answers as scripted (ScriptedNetwork), the in-memory queue and a journal in memory: every
// retry, Retry-After and deadline is seen at its exact time, and none is waited for.
// tests/integration/tst_delivery checks the same sender against real receivers in real time.
#include "manualdeliveryclock.h"
#include "memorydeliveryjournal.h"
#include "memoryeventqueue.h"
#include "scriptednetwork.h"
#include "webhookrequest.h"
#include "webhooksender.h"

#include <QJsonArray>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

#include <functional>
#include <memory>

namespace {

const QString kUrl = QStringLiteral("http://receiver.test/listen");

Webhook webhookTo(const QString &url, const QJsonObject &extra = {}) {
    Webhook webhook;
    webhook.url = url;
    webhook.extra = extra;
    return webhook;
}

// An answer with only a status.
ScriptedNetwork::Answer status(int code) {
    ScriptedNetwork::Answer answer;
    answer.status = code;
    return answer;
}

// The date `ms` names, as HTTP writes dates (IMF-fixdate, RFC 9110: "GMT") or with a numeric
// zone as RFC 2822 allows.
QByteArray httpDate(qint64 ms, const QString &zone) {
    return QLocale::c()
        .toString(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC),
                  QStringLiteral("ddd, dd MMM yyyy hh:mm:ss '%1'").arg(zone))
        .toLatin1();
}

} // namespace

class TestWebhookSender : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void retriesBackOffExponentiallyWithJitterInTheUpperHalfUpToTheMaxInterval_data();
    void retriesBackOffExponentiallyWithJitterInTheUpperHalfUpToTheMaxInterval();
    void retryAfterInSecondsIsBelievedUpToAnHour_data();
    void retryAfterInSecondsIsBelievedUpToAnHour();
    void retryAfterAsHttpDateIsBelievedUpToAnHour_data();
    void retryAfterAsHttpDateIsBelievedUpToAnHour();
    void goneStopsTheSenderDeadLettersTheEventAndSaysSo();
    void overallDeadlineAbortsAHungOrTricklingRequest_data();
    void overallDeadlineAbortsAHungOrTricklingRequest();
    void eventPastTheMaxAgeIsDeadLettered();
    void eventsExpiredBehindAFailingOneAreGivenUpWithoutAnAttempt();
    void parallelOneKeepsStrictOrderAndAFailingEventHoldsTheRest();
    void parallelSendsSeveralAtOnceAndEachRetriesOnItsOwn();
    void filterSkipsUnwantedEventsAndThoseForOtherWebhooks();

private:
    // Every request gets what `responder` says, on the shared network and on any of a sender's own.
    void answerWith(const ScriptedNetwork::Responder &responder);
    // The receiver answers the first try with `firstStatus` and the Retry-After header
    // `retryAfter()` makes, then 200; the second try must come exactly `wait` ms later.
    void expectSecondTryAfter(int firstStatus, const std::function<QByteArray()> &retryAfter,
                              int wait);
    std::unique_ptr<WebhookSender> makeSender(const Webhook &webhook);
    // Queues one event of each type, received now.
    void append(const QStringList &types, const QString &target = {});
    // The webhook-id of every request on `network`, in the order they were sent.
    static QList<QByteArray> idsSentOn(const ScriptedNetwork &network);
    // How many requests carried `id` so far (one per attempt).
    static int attemptsOf(const ScriptedNetwork &network, const QByteArray &id);

    std::unique_ptr<ManualDeliveryClock> m_clock;
    std::unique_ptr<ScriptedNetwork> m_network;
    std::unique_ptr<MemoryEventQueue> m_queue;
    std::unique_ptr<MemoryDeliveryJournal> m_journal;
    ScriptedNetwork::Responder m_responder;
    QList<QPointer<ScriptedNetwork>> m_ownNetworks; // made for a sender, owned by it
};

void TestWebhookSender::init() {
    m_clock = std::make_unique<ManualDeliveryClock>();
    m_network = std::make_unique<ScriptedNetwork>([this] { return m_clock->elapsedMs(); });
    m_queue = std::make_unique<MemoryEventQueue>("t-");
    m_journal = std::make_unique<MemoryDeliveryJournal>();
    m_responder = nullptr;
    m_ownNetworks.clear();
}

void TestWebhookSender::cleanup() {
    m_journal.reset();
    m_queue.reset();
    m_network.reset();
    m_clock.reset();
}

void TestWebhookSender::answerWith(const ScriptedNetwork::Responder &responder) {
    m_responder = responder;
    m_network->setResponder(responder);
}

void TestWebhookSender::expectSecondTryAfter(int firstStatus,
                                             const std::function<QByteArray()> &retryAfter,
                                             int wait) {
    int answered = 0;
    answerWith([&answered, firstStatus, retryAfter](const ScriptedNetwork::Request &) {
        ScriptedNetwork::Answer answer = status(++answered == 1 ? firstStatus : 200);
        if (answered == 1)
            answer.headers = {{"Retry-After", retryAfter()}};
        return answer;
    });
    const auto sender = makeSender(webhookTo(kUrl));
    append({QStringLiteral("VOLUME_START")});
    sender->wake();
    m_clock->advance(0);
    QCOMPARE(m_network->requests().size(), 1);

    m_clock->advance(wait - 1);
    QCOMPARE(m_network->requests().size(), 1);
    m_clock->advance(1);
    QCOMPARE(m_network->requests().size(), 2);
    QCOMPARE(m_network->requests().last().atMs, qint64(wait));
    QCOMPARE(sender->stats().delivered, quint64(1));
}

std::unique_ptr<WebhookSender> TestWebhookSender::makeSender(const Webhook &webhook) {
    if (!m_queue->hasConsumer(webhook.url))
        m_queue->addConsumer(webhook.url, m_queue->lastSeq());
    return std::make_unique<WebhookSender>(webhook, *m_queue, *m_journal, *m_network, *m_clock,
                                           [this]() -> std::unique_ptr<QNetworkAccessManager> {
                                               auto own = std::make_unique<ScriptedNetwork>(
                                                   [this] { return m_clock->elapsedMs(); });
                                               own->setResponder(m_responder);
                                               m_ownNetworks.append(own.get());
                                               return own;
                                           });
}

void TestWebhookSender::append(const QStringList &types, const QString &target) {
    QueuedEventBatch batch;
    for (const QString &type : types) {
        QueuedEvent event;
        event.type = type;
        event.timestamp = m_clock->wallMs() / 1000;
        event.body = R"({"event":")" + type.toUtf8() + R"("})";
        event.receivedMs = m_clock->wallMs();
        event.target = target;
        batch.push_back(event);
    }
    m_queue->append(batch);
}

QList<QByteArray> TestWebhookSender::idsSentOn(const ScriptedNetwork &network) {
    QList<QByteArray> ids;
    for (const ScriptedNetwork::Request &request : network.requests())
        ids.append(request.header("webhook-id"));
    return ids;
}

int TestWebhookSender::attemptsOf(const ScriptedNetwork &network, const QByteArray &id) {
    return int(idsSentOn(network).count(id));
}

void TestWebhookSender::
    retriesBackOffExponentiallyWithJitterInTheUpperHalfUpToTheMaxInterval_data() {
    QTest::addColumn<double>("jitter");
    QTest::addColumn<QList<int>>("waits");
    // Backoff 1, 2, 4, 8, 8, 8 s with retry_max_interval 8 s; the wait is drawn from its upper
    // half, so the lowest draw waits half of it and the highest all of it.
    QTest::newRow("lowest draw") << 0.0 << QList<int>{500, 1'000, 2'000, 4'000, 4'000, 4'000};
    QTest::newRow("highest draw") << 1.0 << QList<int>{1'000, 2'000, 4'000, 8'000, 8'000, 8'000};
}

void TestWebhookSender::retriesBackOffExponentiallyWithJitterInTheUpperHalfUpToTheMaxInterval() {
    QFETCH(double, jitter);
    QFETCH(QList<int>, waits);
    m_clock->setRandomPosition(jitter);
    answerWith([](const ScriptedNetwork::Request &) { return status(503); });
    const auto sender = makeSender(webhookTo(kUrl));
    sender->setMaxRetryInterval(8'000);
    append({QStringLiteral("VOLUME_START")});
    sender->wake();
    m_clock->advance(0);
    QCOMPARE(m_network->requests().size(), 1);

    qint64 last = 0;
    for (const int wait : waits) {
        const qsizetype before = m_network->requests().size();
        m_clock->advance(wait - 1);
        QCOMPARE(m_network->requests().size(), before); // not a millisecond early
        m_clock->advance(1);
        QCOMPARE(m_network->requests().size(), before + 1);
        QCOMPARE(m_network->requests().last().atMs - last, qint64(wait));
        last = m_network->requests().last().atMs;
    }
    // Each draw was from 0 to half the backoff: the wait lies in [backoff / 2, backoff].
    QCOMPARE(m_clock->randomBounds(), (QList<int>{501, 1'001, 2'001, 4'001, 4'001, 4'001, 4'001}));
    QCOMPARE(attemptsOf(*m_network, "t-1"), int(waits.size()) + 1);
    QCOMPARE(sender->stats().retries, quint64(waits.size()));
    QCOMPARE(m_journal->attempts().size(), waits.size() + 1);
    QCOMPARE(m_journal->attempts().first().status, 503);
    QCOMPARE(m_journal->attempts().first().error, QStringLiteral("HTTP 503"));
}

void TestWebhookSender::retryAfterInSecondsIsBelievedUpToAnHour_data() {
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<int>("wait");
    QTest::newRow("two minutes") << QByteArray("120") << 120'000;
    QTest::newRow("two hours, capped") << QByteArray("7200") << 3'600'000;
    // Sooner than the backoff, or unreadable: the backoff (1 s with the highest draw) stands.
    QTest::newRow("zero") << QByteArray("0") << 1'000;
    QTest::newRow("not a number") << QByteArray("soon") << 1'000;
}

void TestWebhookSender::retryAfterInSecondsIsBelievedUpToAnHour() {
    QFETCH(QByteArray, retryAfter);
    QFETCH(int, wait);
    expectSecondTryAfter(
        503, [retryAfter] { return retryAfter; }, wait);
}

void TestWebhookSender::retryAfterAsHttpDateIsBelievedUpToAnHour_data() {
    QTest::addColumn<QString>("zone");
    QTest::addColumn<qint64>("dateAfterMs");
    QTest::addColumn<int>("wait");
    const QString gmt = QStringLiteral("GMT");
    QTest::newRow("in 90 s") << gmt << qint64(90'000) << 90'000;
    QTest::newRow("in 90 s, numeric zone") << QStringLiteral("+0000") << qint64(90'000) << 90'000;
    QTest::newRow("in a day, capped") << gmt << qint64(86'400'000) << 3'600'000;
    // Past: the backoff (1 s with the highest draw) stands.
    QTest::newRow("in the past") << gmt << qint64(-60'000) << 1'000;
}

void TestWebhookSender::retryAfterAsHttpDateIsBelievedUpToAnHour() {
    QFETCH(QString, zone);
    QFETCH(qint64, dateAfterMs);
    QFETCH(int, wait);
    expectSecondTryAfter(
        429, [this, zone, dateAfterMs] { return httpDate(m_clock->wallMs() + dateAfterMs, zone); },
        wait);
}

void TestWebhookSender::goneStopsTheSenderDeadLettersTheEventAndSaysSo() {
    answerWith([](const ScriptedNetwork::Request &) { return status(410); });
    const auto sender = makeSender(webhookTo(kUrl));
    QSignalSpy gone(sender.get(), &WebhookSender::gone);
    append({QStringLiteral("VOLUME_START"), QStringLiteral("VOLUME_STOP")});
    sender->wake();
    m_clock->advance(0);

    QCOMPARE(gone.size(), 1);
    QCOMPARE(gone.first().at(0).toString(), kUrl);
    QCOMPARE(gone.first().at(1).toString(),
             QStringLiteral("HTTP 410 Gone at 2023-11-14T22:13:20Z"));
    QCOMPARE(m_journal->deadLetters().size(), 1);
    QCOMPARE(m_journal->deadLetters().first().webhook, kUrl);
    QCOMPARE(m_journal->deadLetters().first().event.id, QByteArray("t-1"));
    QCOMPARE(m_journal->deadLetters().first().why, QStringLiteral("HTTP 410"));
    QCOMPARE(sender->stats().dead, quint64(1));

    // Nothing more is sent, neither the event behind nor new ones, however long it waits.
    append({QStringLiteral("VOLUME_DELETE")});
    sender->wake();
    m_clock->advance(86'400'000);
    QCOMPARE(idsSentOn(*m_network), QList<QByteArray>{"t-1"});
    QCOMPARE(sender->inFlight(), 0);
    QCOMPARE(gone.size(), 1);
}

void TestWebhookSender::overallDeadlineAbortsAHungOrTricklingRequest_data() {
    QTest::addColumn<bool>("trickle");
    QTest::addColumn<int>("statusSeen");
    QTest::newRow("hung: nothing comes") << false << 0;
    QTest::newRow("trickling: a byte a second") << true << 200;
}

void TestWebhookSender::overallDeadlineAbortsAHungOrTricklingRequest() {
    QFETCH(bool, trickle);
    QFETCH(int, statusSeen);
    int answered = 0;
    answerWith([&answered, trickle](const ScriptedNetwork::Request &) {
        if (++answered > 1)
            return status(200);
        ScriptedNetwork::Answer first;
        first.finish = false;
        first.status = trickle ? 200 : 0;
        if (trickle) {
            first.headers = {{"Content-Length", "1000"}};
            first.body = "x";
        }
        return first;
    });
    const auto sender = makeSender(webhookTo(kUrl));
    append({QStringLiteral("VOLUME_START")});
    sender->wake();
    m_clock->advance(0);
    QCOMPARE(m_network->requests().size(), 1);
    const QPointer<ScriptedReply> reply = m_network->requests().first().reply;

    // Never silent for long, never finished: the deadline alone ends it.
    for (int second = 1; second <= WebhookRequest::kTimeoutMs / 1000; ++second) {
        m_clock->advance(1'000);
        if (trickle && reply)
            reply->receive("x");
    }
    QVERIFY(m_journal->attempts().isEmpty());
    QCOMPARE(m_network->inFlight(), 1);
    // The sweep after the deadline passed (it looks once a second) stops it.
    m_clock->advance(WebhookSender::kDeadlineSweepMs);
    QCOMPARE(m_network->inFlight(), 0);
    QCOMPARE(m_journal->attempts().size(), 1);
    QCOMPARE(m_journal->attempts().first().status, statusSeen);
    QCOMPARE(m_journal->attempts().first().error, QStringLiteral("Operation canceled"));
    QCOMPARE(m_journal->attempts().first().latencyMs, qint64(11'000));

    // And it is tried again like any failure.
    m_clock->advance(1'000);
    QCOMPARE(attemptsOf(*m_network, "t-1"), 2);
    QCOMPARE(sender->stats().delivered, quint64(1));
}

void TestWebhookSender::eventPastTheMaxAgeIsDeadLettered() {
    answerWith([](const ScriptedNetwork::Request &) { return status(500); });
    const auto sender = makeSender(webhookTo(kUrl));
    sender->setMaxAge(60'000);
    append({QStringLiteral("VOLUME_START")});
    sender->wake();
    // Tries at 0, 1, 3, 7, 15, 31 s (backoff 1, 2, 4, 8, 16 s), then at 63 s, past the age.
    m_clock->advance(62'999);
    QCOMPARE(attemptsOf(*m_network, "t-1"), 6);
    QVERIFY(m_journal->deadLetters().isEmpty());
    m_clock->advance(1);
    QCOMPARE(attemptsOf(*m_network, "t-1"), 7);
    QCOMPARE(m_journal->deadLetters().size(), 1);
    QCOMPARE(m_journal->deadLetters().first().event.id, QByteArray("t-1"));
    QCOMPARE(m_journal->deadLetters().first().why, QStringLiteral("HTTP 500"));
    QCOMPARE(sender->stats().dead, quint64(1));
    QCOMPARE(m_queue->position(kUrl), quint64(1));

    // Given up: no further try.
    m_clock->advance(3'600'000);
    QCOMPARE(attemptsOf(*m_network, "t-1"), 7);
    QCOMPARE(sender->inFlight(), 0);
}

void TestWebhookSender::eventsExpiredBehindAFailingOneAreGivenUpWithoutAnAttempt() {
    answerWith([](const ScriptedNetwork::Request &) { return status(500); });
    const auto sender = makeSender(webhookTo(kUrl));
    sender->setMaxAge(60'000);
    append({QStringLiteral("VOLUME_START"), QStringLiteral("VOLUME_STOP"),
            QStringLiteral("VOLUME_DELETE")});
    sender->wake();
    m_clock->advance(63'000);

    // The first failed until it expired; the two behind it, as old, go with it untried.
    QCOMPARE(idsSentOn(*m_network), QList<QByteArray>(7, "t-1"));
    QCOMPARE(m_journal->deadLetters().size(), 3);
    QCOMPARE(m_journal->deadLetters().at(1).event.id, QByteArray("t-2"));
    QCOMPARE(m_journal->deadLetters().at(1).why,
             QStringLiteral("expired while the receiver was failing (HTTP 500)"));
    QCOMPARE(m_journal->deadLetters().at(2).event.id, QByteArray("t-3"));
    QCOMPARE(m_queue->position(kUrl), quint64(3));

    // A fresh event is still tried.
    append({QStringLiteral("PEER_ATTACH")});
    sender->wake();
    m_clock->advance(0);
    QCOMPARE(idsSentOn(*m_network).last(), QByteArray("t-4"));
}

void TestWebhookSender::parallelOneKeepsStrictOrderAndAFailingEventHoldsTheRest() {
    int firstEventTries = 0;
    answerWith([&firstEventTries](const ScriptedNetwork::Request &request) {
        if (request.header("webhook-id") == "t-1" && ++firstEventTries <= 2)
            return status(500);
        return status(200);
    });
    const auto sender = makeSender(webhookTo(kUrl));
    append({QStringLiteral("VOLUME_START"), QStringLiteral("VOLUME_STOP"),
            QStringLiteral("VOLUME_DELETE")});
    sender->wake();
    m_clock->advance(0);
    // While the first fails, nothing behind it is sent, and the position stays before it.
    QCOMPARE(idsSentOn(*m_network), QList<QByteArray>{"t-1"});
    QCOMPARE(m_queue->position(kUrl), quint64(0));
    m_clock->advance(1'000);
    QCOMPARE(idsSentOn(*m_network), (QList<QByteArray>{"t-1", "t-1"}));
    QCOMPARE(m_queue->position(kUrl), quint64(0));
    m_clock->advance(2'000);

    QCOMPARE(idsSentOn(*m_network), (QList<QByteArray>{"t-1", "t-1", "t-1", "t-2", "t-3"}));
    QCOMPARE(m_network->maxInFlight(), 1);
    QCOMPARE(m_queue->position(kUrl), quint64(3));
    QCOMPARE(sender->stats().delivered, quint64(3));
}

void TestWebhookSender::parallelSendsSeveralAtOnceAndEachRetriesOnItsOwn() {
    // t-2 fails twice, t-4 once; everything else is delivered at once.
    QHash<QByteArray, int> failuresLeft{{"t-2", 2}, {"t-4", 1}};
    answerWith([&failuresLeft](const ScriptedNetwork::Request &request) {
        int &left = failuresLeft[request.header("webhook-id")];
        return status(left-- > 0 ? 500 : 200);
    });
    const auto sender = makeSender(webhookTo(kUrl, {{QStringLiteral("parallel"), 3}}));
    append({QStringLiteral("E1"), QStringLiteral("E2"), QStringLiteral("E3"), QStringLiteral("E4"),
            QStringLiteral("E5")});
    sender->wake();

    // Its own connections, from the factory it was given: three requests out before any answer.
    QCOMPARE(m_ownNetworks.size(), 1);
    ScriptedNetwork &own = *m_ownNetworks.first();
    QCOMPARE(own.inFlight(), 3);
    QCOMPARE(sender->inFlight(), 3);
    QVERIFY(m_network->requests().isEmpty());

    m_clock->advance(0);
    // t-1 and t-3 were delivered and made room for t-4 and t-5; the failed t-2 held nothing
    // back but the position.
    QCOMPARE(idsSentOn(own), (QList<QByteArray>{"t-1", "t-2", "t-3", "t-4", "t-5"}));
    QCOMPARE(m_queue->position(kUrl), quint64(1));
    // Each retries on its own schedule: t-2 at 1 s and 3 s, t-4 at 1 s.
    m_clock->advance(1'000);
    QCOMPARE(idsSentOn(own).mid(5), (QList<QByteArray>{"t-2", "t-4"}));
    QCOMPARE(m_queue->position(kUrl), quint64(1));
    m_clock->advance(2'000);
    QCOMPARE(idsSentOn(own).mid(7), QList<QByteArray>{"t-2"});
    QCOMPARE(own.requests().last().atMs, qint64(3'000));
    QCOMPARE(m_queue->position(kUrl), quint64(5));
    QCOMPARE(sender->stats().delivered, quint64(5));
    QCOMPARE(own.maxInFlight(), 3);
}

void TestWebhookSender::filterSkipsUnwantedEventsAndThoseForOtherWebhooks() {
    const auto sender = makeSender(
        webhookTo(kUrl, {{QStringLiteral("events"), QJsonArray{QStringLiteral("VOLUME_*")}}}));
    append({QStringLiteral("VOLUME_START"), QStringLiteral("PEER_ATTACH")});
    // A replay for another webhook.
    append({QStringLiteral("VOLUME_SET")}, QStringLiteral("http://other.test/listen"));
    append({QStringLiteral("VOLUME_STOP")});
    sender->wake();
    m_clock->advance(0);

    QCOMPARE(idsSentOn(*m_network), (QList<QByteArray>{"t-1", "t-4"}));
    QCOMPARE(m_network->requests().last().body, QByteArray(R"({"event":"VOLUME_STOP"})"));
    // The skipped ones need nothing more: the position passes them.
    QCOMPARE(m_queue->position(kUrl), quint64(4));
    QCOMPARE(sender->stats().delivered, quint64(2));
}

QTEST_GUILESS_MAIN(TestWebhookSender)
#include "tst_webhooksender.moc"

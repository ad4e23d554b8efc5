// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// The control API's numeric fields (SECURITY.md): a number that is not a whole number within the
// field's range (1e300, -1, 2^64, a fraction, a string) is refused with 400 before anything
// runs, on every endpoint that takes one and in every GUI operation; a number in range reaches
// the handler unchanged.
#include "controlapi.h"
#include "eventfeed.h"
#include "httpmessage.h"
#include "httpresponder.h"
#include "operationrunner.h"
#include "sealedrequest.h"
#include "secretbox.h"
#include "testworkdir.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QTest>

#include <memory>
#include <optional>

namespace {

const QByteArray kClusterKey = QByteArrayLiteral("tst-controlapi-key-0123456789abcdef0123456789");
// Generous: the CI box is slow and busy; only an upper bound, never a tight timing.
constexpr int kPatienceMs = 30'000;

} // namespace

class TestControlApi : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void refusesOutOfRangeNumbers_data();
    void refusesOutOfRangeNumbers();
    void passesNumbersInRangeToTheHandler();
    void sealedTokenMovedToAnotherWebhookIsRefused();
    void requestSealedForAnotherNodeOrRunIsRefused();
    void answerLargerThanClientsReadIsRefusedSayingSo();
    void laterAnswerIsSealedWithTheKeyItsRequestCameWith();

private:
    QString webhooksFile() const;
    // The status the API answered with, waiting (bounded) for an asynchronous answer.
    int statusOf(const QByteArray &path, const QByteArray &body);

    std::unique_ptr<TestWorkdir> m_dir;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<EventFeed> m_feed;
    std::unique_ptr<OperationRunner> m_runner;
    std::unique_ptr<ControlApi> m_api;
    QString m_nodeId;
    std::optional<int> m_limit;
    std::optional<qint64> m_sinceMs;
};

void TestControlApi::init() {
    m_dir = std::make_unique<TestWorkdir>();
    QVERIFY(m_dir->isValid());
    const EventsPaths &paths = m_dir->paths();
    const QString nodeId = QStringLiteral("5b0e8c4a-1d2f-4e3a-9b8c-7d6e5f4a3b2c");
    m_network = std::make_unique<QNetworkAccessManager>();
    m_feed = std::make_unique<EventFeed>();
    ClusterContext context;
    context.paths = paths;
    context.nodeId = nodeId;
    context.clusterKey = kClusterKey;
    context.self = NodeAddress{QStringLiteral("127.0.0.1"), 9};
    context.selfHost = QStringLiteral("127.0.0.1");
    context.port = 9;
    m_runner = std::make_unique<OperationRunner>(context, *m_network, nullptr);
    m_nodeId = nodeId;
    m_api = std::make_unique<ControlApi>(paths, nodeId, QStringLiteral("0.1.0"), *m_network);
    m_api->setClusterKey(kClusterKey);
    m_api->setEventFeed(m_feed.get());
    m_api->setRunner([this](const QJsonObject &request, auto answer) {
        m_runner->run(request, std::move(answer));
    });
    m_limit.reset();
    m_sinceMs.reset();
    m_api->setHistory(ControlApi::History{
        [this](const QString &, bool, int limit) -> Result<QJsonArray> {
            m_limit = limit;
            return QJsonArray();
        },
        [this](const QString &, qint64 sinceMs, bool, const QByteArray &) -> Result<int> {
            m_sinceMs = sinceMs;
            return 0;
        },
        nullptr, nullptr});
}

void TestControlApi::cleanup() {
    m_api.reset();
    m_runner.reset();
    m_feed.reset();
    m_network.reset();
    m_dir.reset();
}

int TestControlApi::statusOf(const QByteArray &path, const QByteArray &body) {
    HttpResponder responder;
    const SealedRequest::Exchange exchange = SealedRequest::seal(
        kClusterKey, m_nodeId, SealedRequest::bootOf(*m_api), "POST", path, body);
    m_api->handle(exchange.request, &responder);
    // Operations that pass the check go on to other nodes; the check itself answers at once.
    if (!QTest::qWaitFor([&] { return responder.recorded().status != 0; }, kPatienceMs))
        return 0;
    return SealedRequest::open(kClusterKey, responder.recorded(), exchange.nonce).status;
}

void TestControlApi::refusesOutOfRangeNumbers_data() {
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("body");
    const QList<QByteArray> bad{"1e300", "-1e300", "-1",   "18446744073709551616",
                                "0.5",   "\"7\"",  "true", "9007199254740993"};
    const QList<std::pair<QByteArray, QByteArray>> fields{{"/v1/deliveries", "limit"},
                                                          {"/v1/replay", "since_ms"},
                                                          {"/v1/events", "after"},
                                                          {"/v1/events", "wait_ms"},
                                                          {"/v1/events", "max"}};
    for (const auto &[path, field] : fields) {
        for (const QByteArray &value : bad) {
            QTest::addRow("%s %s=%s", path.constData(), field.constData(), value.constData())
                << path << "{\"" + field + "\":" + value + '}';
        }
    }
    const QList<std::pair<QByteArray, QByteArray>> operations{{"deliveries", "limit"},
                                                              {"replay", "since_ms"},
                                                              {"webhook-add", "parallel"},
                                                              {"webhook-mod", "parallel"}};
    for (const auto &[op, field] : operations) {
        for (const QByteArray &value : bad) {
            QTest::addRow("run %s %s=%s", op.constData(), field.constData(), value.constData())
                << QByteArray("/v1/run")
                << "{\"op\":\"" + op + "\",\"url\":\"http://127.0.0.1:9/x\",\"" + field +
                       "\":" + value + '}';
        }
    }
    // Beyond each field's own range, though a valid integer.
    QTest::newRow("limit above 10000")
        << QByteArray("/v1/deliveries") << QByteArray("{\"limit\":10001}");
    QTest::newRow("limit zero") << QByteArray("/v1/deliveries") << QByteArray("{\"limit\":0}");
    QTest::newRow("max above 5000") << QByteArray("/v1/events") << QByteArray("{\"max\":5001}");
    QTest::newRow("wait_ms above 25 s")
        << QByteArray("/v1/events") << QByteArray("{\"wait_ms\":25001}");
    QTest::newRow("run parallel 65")
        << QByteArray("/v1/run")
        << QByteArray("{\"op\":\"webhook-add\",\"url\":\"http://127.0.0.1:9/x\",\"parallel\":65}");
}

void TestControlApi::refusesOutOfRangeNumbers() {
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, body);
    QCOMPARE(statusOf(path, body), 400);
    QVERIFY(!m_limit);
    QVERIFY(!m_sinceMs);
}

void TestControlApi::passesNumbersInRangeToTheHandler() {
    QCOMPARE(statusOf("/v1/deliveries", "{\"limit\":10000}"), 200);
    QCOMPARE(m_limit, std::optional<int>(10'000));
    QCOMPARE(statusOf("/v1/deliveries", "{}"), 200);
    QCOMPARE(m_limit, std::optional<int>(100));
    QCOMPARE(statusOf("/v1/replay", "{\"since_ms\":1468303352000}"), 200);
    QCOMPARE(m_sinceMs, std::optional<qint64>(1468303352000));
    // The clients' "from now on": beyond any seq, and exact in JSON.
    QCOMPARE(statusOf("/v1/events", "{\"after\":4503599627370496,\"wait_ms\":0,\"max\":5000}"),
             200);
}

QString TestControlApi::webhooksFile() const {
    return m_dir->paths().webhooks;
}

void TestControlApi::sealedTokenMovedToAnotherWebhookIsRefused() {
    // A token sealed for one webhook's entry, pasted into another's (by someone between two
    // nodes, or a broken peer): the push is refused, and names what did not open.
    const SecretBox box(kClusterKey);
    const QString moved =
        box.seal(QStringLiteral("token-of-a"),
                 SealPlace{QStringLiteral("webhooks"), QStringLiteral("http://127.0.0.1:9/a"),
                           QStringLiteral("token")});
    const QJsonObject documents{
        {QStringLiteral("webhooks"),
         QJsonObject{{QStringLiteral("http://127.0.0.1:9/b"),
                      QJsonObject{{QStringLiteral("counter"), 5},
                                  {QStringLiteral("node"), QStringLiteral("x")},
                                  {QStringLiteral("value"),
                                   QJsonObject{{QStringLiteral("token"), moved},
                                               {QStringLiteral("secret"), QString()}}}}}}}};
    HttpResponder responder;
    const SealedRequest::Exchange exchange = SealedRequest::seal(
        kClusterKey, m_nodeId, SealedRequest::bootOf(*m_api), "POST", "/v1/documents",
        QJsonDocument(documents).toJson(QJsonDocument::Compact));
    m_api->handle(exchange.request, &responder);
    const HttpResponse answer =
        SealedRequest::open(kClusterKey, responder.recorded(), exchange.nonce);
    QCOMPARE(answer.status, 400);
    QVERIFY2(answer.body.contains("token of webhook http://127.0.0.1:9/b") &&
                 answer.body.contains("sealed for another place"),
             answer.body.constData());
    QVERIFY(!QFile::exists(webhooksFile()));
    // Sealed for its own entry, the same token is taken.
    QJsonObject fixed = documents;
    QJsonObject webhooks = fixed.value(QStringLiteral("webhooks")).toObject();
    QJsonObject entry = webhooks.value(QStringLiteral("http://127.0.0.1:9/b")).toObject();
    entry.insert(QStringLiteral("value"),
                 QJsonObject{{QStringLiteral("token"),
                              box.seal(QStringLiteral("token-of-a"),
                                       SealPlace{QStringLiteral("webhooks"),
                                                 QStringLiteral("http://127.0.0.1:9/b"),
                                                 QStringLiteral("token")})},
                             {QStringLiteral("secret"), QString()}});
    webhooks.insert(QStringLiteral("http://127.0.0.1:9/b"), entry);
    fixed.insert(QStringLiteral("webhooks"), webhooks);
    HttpResponder accepted;
    const SealedRequest::Exchange again =
        SealedRequest::seal(kClusterKey, m_nodeId, SealedRequest::bootOf(*m_api), "POST",
                            "/v1/documents", QJsonDocument(fixed).toJson(QJsonDocument::Compact));
    m_api->handle(again.request, &accepted);
    QCOMPARE(SealedRequest::open(kClusterKey, accepted.recorded(), again.nonce).status, 200);
    QFile file(webhooksFile());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().contains("token-of-a"));
}

void TestControlApi::requestSealedForAnotherNodeOrRunIsRefused() {
    const QString boot = SealedRequest::bootOf(*m_api);
    for (const auto &[node, run] :
         {std::pair{QStringLiteral("00000000-0000-4000-8000-000000000000"), boot},
          std::pair{m_nodeId, QStringLiteral("an earlier run")}}) {
        HttpResponder responder;
        const SealedRequest::Exchange exchange =
            SealedRequest::seal(kClusterKey, node, run, "POST", "/v1/deliveries", "{}");
        m_api->handle(exchange.request, &responder);
        const HttpResponse answer =
            SealedRequest::open(kClusterKey, responder.recorded(), exchange.nonce);
        QCOMPARE(answer.status, 401);
        QVERIFY(!m_limit); // nothing ran
        // Another run is said sealed for the request, so that no one else can say it and have
        // the client send the request again; another node is not.
        const bool earlierRun = node == m_nodeId;
        QCOMPARE(responder.recorded().status, earlierRun ? 200 : 401);
        QCOMPARE(QJsonDocument::fromJson(answer.body)[QStringLiteral("refusal")].toString(),
                 earlierRun ? QStringLiteral("boot") : QString());
    }
    // A control protocol 1 request, signed in clear, is refused as such.
    HttpRequest old;
    old.method = "POST";
    old.path = "/v1/deliveries";
    old.version = "HTTP/1.1";
    old.headers = {{"x-events-signature", "00"}};
    HttpResponder responder;
    m_api->handle(old, &responder);
    QCOMPARE(responder.recorded().status, 426);
    QVERIFY(!m_limit);
}

void TestControlApi::answerLargerThanClientsReadIsRefusedSayingSo() {
    // A history too large for one answer: the client would cut it off and learn nothing.
    m_api->setHistory(ControlApi::History{[](const QString &, bool, int) -> Result<QJsonArray> {
                                              return QJsonArray{QString(
                                                  ControlEnvelope::kMaxAnswerBodyBytes, u'x')};
                                          },
                                          nullptr, nullptr, nullptr});
    HttpResponder responder;
    const SealedRequest::Exchange exchange = SealedRequest::seal(
        kClusterKey, m_nodeId, SealedRequest::bootOf(*m_api), "POST", "/v1/deliveries", "{}");
    m_api->handle(exchange.request, &responder);
    QVERIFY(responder.recorded().body.size() <= ControlEnvelope::kMaxSealedAnswerBytes);
    const HttpResponse answer =
        SealedRequest::open(kClusterKey, responder.recorded(), exchange.nonce);
    QCOMPARE(answer.status, 500);
    QVERIFY2(answer.body.contains("larger than"), answer.body.constData());
}

void TestControlApi::laterAnswerIsSealedWithTheKeyItsRequestCameWith() {
    // Long polls wait for an event; the node's key changes, or goes, before it comes. The answer
    // is still for the client that asked, with the key it asked with, and never in clear.
    for (const QByteArray &next :
         {QByteArrayLiteral("tst-controlapi-another-key-0123456789abcdef"), QByteArray()}) {
        HttpResponder responder;
        const SealedRequest::Exchange exchange =
            SealedRequest::seal(kClusterKey, m_nodeId, SealedRequest::bootOf(*m_api), "POST",
                                "/v1/events", "{\"after\":4503599627370496,\"wait_ms\":25000}");
        m_api->handle(exchange.request, &responder);
        QCOMPARE(responder.recorded().status, 0);
        m_api->setClusterKey(next);
        QueuedEvent event;
        event.id = "e1";
        event.type = QStringLiteral("VOLUME_CREATE");
        event.body = "{\"event\":\"EVENTSECRET\"}";
        m_feed->publish({event});
        QVERIFY(QTest::qWaitFor([&] { return responder.recorded().status != 0; }, kPatienceMs));
        QVERIFY(!responder.recorded().body.contains("EVENTSECRET"));
        const HttpResponse answer =
            SealedRequest::open(kClusterKey, responder.recorded(), exchange.nonce);
        QCOMPARE(answer.status, 200);
        QVERIFY(answer.body.contains("EVENTSECRET"));
        m_api->setClusterKey(kClusterKey);
    }
}

QTEST_MAIN(TestControlApi)
#include "tst_controlapi.moc"

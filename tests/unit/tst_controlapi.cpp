// The control API's numeric fields (SECURITY.md): a number that is not a whole number within the
// field's range (1e300, -1, 2^64, a fraction, a string) is refused with 400 before anything
// runs, on every endpoint that takes one and in every GUI operation; a number in range reaches
// the handler unchanged.
#include "controlapi.h"
#include "eventfeed.h"
#include "httpmessage.h"
#include "httpresponder.h"
#include "operationrunner.h"
#include "requestauth.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

namespace {

const QByteArray kClusterKey = QByteArrayLiteral("tst-controlapi-key-0123456789abcdef0123456789");
// Generous: the CI box is slow and busy; only an upper bound, never a tight timing.
constexpr int kPatienceMs = 30'000;

HttpRequest signedPost(const QByteArray &path, const QByteArray &body) {
    HttpRequest request;
    request.method = "POST";
    request.path = path;
    request.version = "HTTP/1.1";
    request.body = body;
    request.headers = RequestAuth(kClusterKey)
                          .signRequest("POST", path, body, QDateTime::currentSecsSinceEpoch());
    return request;
}

} // namespace

class TestControlApi : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void refusesOutOfRangeNumbers_data();
    void refusesOutOfRangeNumbers();
    void passesNumbersInRangeToTheHandler();

private:
    // The status the API answered with, waiting (bounded) for an asynchronous answer.
    int statusOf(const QByteArray &path, const QByteArray &body);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<EventFeed> m_feed;
    std::unique_ptr<OperationRunner> m_runner;
    std::unique_ptr<ControlApi> m_api;
    std::optional<int> m_limit;
    std::optional<qint64> m_sinceMs;
};

void TestControlApi::init() {
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const EventsPaths paths(m_dir->path());
    QVERIFY(QDir().mkpath(paths.eventsDir));
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
    m_api->handle(signedPost(path, body), &responder);
    // Operations that pass the check go on to other nodes; the check itself answers at once.
    if (!QTest::qWaitFor([&] { return responder.recorded().status != 0; }, kPatienceMs))
        return 0;
    return responder.recorded().status;
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

QTEST_MAIN(TestControlApi)
#include "tst_controlapi.moc"

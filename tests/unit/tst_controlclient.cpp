// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// ControlClient against a node in this process: a real ControlApi behind a real ControlServer on
// 127.0.0.1, or a fake one that answers what a hostile or broken node would. What the client
// accepts, what it reports, and when it sends a request again.
#include "controlapi.h"
#include "controlclient.h"
#include "controlserver.h"
#include "eventfeed.h"
#include "httpresponder.h"
#include "testworkdir.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <optional>

namespace {

const QByteArray kClusterKey = QByteArrayLiteral("tst-controlclient-key-0123456789abcdef012345");
const QString kNodeId = QStringLiteral("7c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f");
// Generous: the CI box is slow and busy; only an upper bound, never a tight timing.
constexpr int kPatienceMs = 60'000;

// A daemon's control side: the API behind the server, on a free port of 127.0.0.1, counting
// what it is asked and how often it queued events again (replay is not idempotent).
// `intercept`, when set, sees every request first and answers it itself by returning true.
struct Node {
    Node()
        : server([this](const HttpRequest &request,
                        HttpResponder *responder) { handle(request, responder); },
                 ControlServer::Limits{}) {
        restart();
        listening = server.listen({QHostAddress(QHostAddress::LocalHost)}, 0).ok();
    }
    // A new run of the daemon: another boot id.
    void restart() {
        api = std::make_unique<ControlApi>(workdir.paths(), kNodeId, QStringLiteral("0.1.0"),
                                           network);
        api->setClusterKey(kClusterKey);
        api->setEventFeed(&feed);
        api->setHistory(ControlApi::History{
            [](const QString &, bool, int) -> Result<QJsonArray> { return QJsonArray(); },
            [this](const QString &, qint64, bool, const QByteArray &) -> Result<int> {
                return ++replays;
            },
            nullptr, nullptr});
    }
    NodeAddress address() const {
        return NodeAddress{QStringLiteral("127.0.0.1"), server.port(), kNodeId};
    }
    void handle(const HttpRequest &request, HttpResponder *responder) {
        pings += request.path == "/v1/ping" ? 1 : 0;
        sealed += request.path == ControlEnvelope::kPath ? 1 : 0;
        if (!intercept || !intercept(request, responder))
            api->handle(request, responder);
    }

    TestWorkdir workdir;
    QNetworkAccessManager network;
    EventFeed feed;
    std::unique_ptr<ControlApi> api;
    ControlServer server;
    std::function<bool(const HttpRequest &, HttpResponder *)> intercept;
    bool listening = false;
    int pings = 0;
    int sealed = 0;
    int replays = 0;
};

// Something on a port that answers every request with a 200 of `size` bytes, sent as fast as
// the client reads: a node, or whatever stands in its place, that sends far too much.
class Flood : public QObject {
public:
    explicit Flood(qint64 size)
        : m_size(size) {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    if (!socket->readAll().contains("\r\n\r\n") ||
                        socket->property("sent").toBool())
                        return;
                    socket->setProperty("sent", true);
                    socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                  "Content-Length: " +
                                  QByteArray::number(m_size) + "\r\n\r\n");
                    pump(socket);
                });
                connect(socket, &QTcpSocket::bytesWritten, socket,
                        [this, socket] { pump(socket); });
            }
        });
    }
    bool listen() { return m_server.listen(QHostAddress(QHostAddress::LocalHost)); }
    quint16 port() const { return m_server.serverPort(); }

private:
    void pump(QTcpSocket *socket) {
        qint64 sent = socket->property("bytes").toLongLong();
        while (sent < m_size && socket->bytesToWrite() < 256 * 1024) {
            const qint64 chunk = qMin<qint64>(64 * 1024, m_size - sent);
            socket->write(QByteArray(chunk, ' '));
            sent += chunk;
        }
        socket->setProperty("bytes", sent);
    }

    QTcpServer m_server;
    qint64 m_size;
};

// The reply to one request, waiting (bounded) for it.
std::optional<ControlReply> ask(ControlClient &client, const NodeAddress &node,
                                const QByteArray &method, const QString &path,
                                const QJsonObject &body = {}) {
    std::optional<ControlReply> reply;
    client.send(node, method, path, body, [&reply](const ControlReply &got) { reply = got; });
    if (!QTest::qWaitFor([&reply] { return reply.has_value(); }, kPatienceMs))
        return std::nullopt;
    return reply;
}

} // namespace

class TestControlClient : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void eventPagesOfEscapedBodiesOpen();
    void answerOverTheLimitIsItsOwnError();
    void requestOverTheLimitIsNotSent();
    void requestToARestartedNodeIsSentAgainOnce();
    void refusalForAnEarlierRunIsRetriedOnlyOnce();
    void forgedRefusalForAnEarlierRunIsNotRetried();
    void textOfUnauthenticatedAnswersIsEscaped();
    void clientWithoutAKeyYetSendsNoSealedRequest();
};

void TestControlClient::eventPagesOfEscapedBodiesOpen() {
    // Events whose bodies JSON has to escape, every byte of them: a page is measured as it is
    // sent, so it fits what the client accepts however its bodies grow.
    Node node;
    QVERIFY(node.listening);
    const QList<QByteArray> bodies{QByteArray(32 * 1024, '"'), QByteArray(32 * 1024, '\\'),
                                   QByteArray(32 * 1024, '\x01'), QByteArray(32 * 1024, '\x1f')};
    std::vector<QueuedEvent> batch(200);
    for (size_t i = 0; i < batch.size(); ++i) {
        batch[i].id = QByteArray::number(qulonglong(i));
        batch[i].type = QStringLiteral("VOLUME_CREATE");
        batch[i].body = bodies[qsizetype(i % 4)];
        batch[i].receivedMs = qint64(i);
    }
    node.feed.publish(batch);

    QNetworkAccessManager network;
    ControlClient client(network, kClusterKey, kPatienceMs);
    qint64 after = 0;
    int pages = 0;
    while (after < qint64(batch.size())) {
        const auto reply = ask(client, node.address(), "POST", QStringLiteral("/v1/events"),
                               {{QStringLiteral("after"), after}, {QStringLiteral("wait_ms"), 0}});
        QVERIFY(reply);
        QVERIFY2(reply->outcome == ControlReply::Outcome::Ok, qPrintable(reply->error));
        const QJsonArray events = reply->body.value(QStringLiteral("events")).toArray();
        QVERIFY(!events.isEmpty());
        for (const QJsonValue &event : events) {
            const qint64 seq = event[QStringLiteral("seq")].toInteger();
            QCOMPARE(seq, after + 1);
            QCOMPARE(event[QStringLiteral("body")].toString().toUtf8(),
                     bodies[qsizetype((seq - 1) % 4)]);
            after = seq;
        }
        QCOMPARE(reply->body.value(QStringLiteral("next")).toInteger(), after);
        ++pages;
    }
    QVERIFY(pages > 1); // pages stopped at their byte limit
}

void TestControlClient::answerOverTheLimitIsItsOwnError() {
    Flood flood(ControlClient::kMaxReplyBytes + 1024 * 1024);
    QVERIFY(flood.listen());
    QNetworkAccessManager network;
    ControlClient client(network, std::nullopt, kPatienceMs);
    const auto reply = ask(client, NodeAddress{QStringLiteral("127.0.0.1"), flood.port()}, "GET",
                           QStringLiteral("/v1/ping"));
    QVERIFY(reply);
    QCOMPARE(reply->outcome, ControlReply::Outcome::Failed);
    QCOMPARE(reply->error,
             QStringLiteral("answer larger than %1 bytes").arg(ControlClient::kMaxReplyBytes));
    QVERIFY(reply->nodeUp());
}

void TestControlClient::requestOverTheLimitIsNotSent() {
    Node node;
    QVERIFY(node.listening);
    QNetworkAccessManager network;
    ControlClient client(network, kClusterKey, kPatienceMs);
    // A document whose base64 is over the node's limit.
    const auto reply = ask(
        client, node.address(), "POST", QStringLiteral("/v1/documents"),
        {{QStringLiteral("x"), QString(ControlEnvelope::kMaxSealedRequestBytes * 3 / 4, u'a')}});
    QVERIFY(reply);
    QCOMPARE(reply->outcome, ControlReply::Outcome::Failed);
    QCOMPARE(reply->error, QStringLiteral("request larger than %1 bytes once sealed")
                               .arg(ControlEnvelope::kMaxSealedRequestBytes));
    QCOMPARE(node.sealed, 0);
}

void TestControlClient::requestToARestartedNodeIsSentAgainOnce() {
    Node node;
    QVERIFY(node.listening);
    QNetworkAccessManager network;
    ControlClient client(network, kClusterKey, kPatienceMs);
    const auto first = ask(client, node.address(), "POST", QStringLiteral("/v1/replay"));
    QVERIFY(first && first->outcome == ControlReply::Outcome::Ok);
    QCOMPARE(node.pings, 1);
    node.restart();
    // The client still has the earlier run's boot id: refused, pinged again, sent again.
    const auto second = ask(client, node.address(), "POST", QStringLiteral("/v1/replay"));
    QVERIFY(second);
    QVERIFY2(second->outcome == ControlReply::Outcome::Ok, qPrintable(second->error));
    QCOMPARE(node.pings, 2);
    QCOMPARE(node.sealed, 3);
    QCOMPARE(node.replays, 2);
}

void TestControlClient::refusalForAnEarlierRunIsRetriedOnlyOnce() {
    // A node that restarts before every sealed request it is sent.
    Node node;
    QVERIFY(node.listening);
    QNetworkAccessManager network;
    ControlClient client(network, kClusterKey, kPatienceMs);
    QVERIFY(ask(client, node.address(), "POST", QStringLiteral("/v1/deliveries")));
    node.intercept = [&node](const HttpRequest &request, HttpResponder *) {
        if (request.path == ControlEnvelope::kPath)
            node.restart();
        return false;
    };
    const auto reply = ask(client, node.address(), "POST", QStringLiteral("/v1/replay"));
    QVERIFY(reply);
    QCOMPARE(reply->outcome, ControlReply::Outcome::Unauthorized);
    QVERIFY2(reply->error.contains(u"earlier run"), qPrintable(reply->error));
    QCOMPARE(node.pings, 2);
    QCOMPARE(node.sealed, 3);
    QCOMPARE(node.replays, 0);
}

void TestControlClient::forgedRefusalForAnEarlierRunIsNotRetried() {
    // Someone between client and node passes the request on, so that the node runs it, and
    // answers in its place that it was meant for an earlier run.
    Node node;
    QVERIFY(node.listening);
    QNetworkAccessManager network;
    ControlClient client(network, kClusterKey, kPatienceMs);
    QVERIFY(ask(client, node.address(), "POST", QStringLiteral("/v1/deliveries")));
    node.intercept = [&node](const HttpRequest &request, HttpResponder *responder) {
        if (request.path != ControlEnvelope::kPath)
            return false;
        HttpResponder dropped;
        node.api->handle(request, &dropped);
        responder->send(HttpResponse::json(
            401, {{QStringLiteral("error"), QStringLiteral("meant for an earlier run")},
                  {QStringLiteral("refusal"), QStringLiteral("boot")}}));
        return true;
    };
    const auto reply = ask(client, node.address(), "POST", QStringLiteral("/v1/replay"));
    QVERIFY(reply);
    QCOMPARE(reply->outcome, ControlReply::Outcome::Unauthorized);
    QCOMPARE(node.replays, 1);
    QCOMPARE(node.sealed, 2);
    QCOMPARE(node.pings, 1);
}

void TestControlClient::textOfUnauthenticatedAnswersIsEscaped() {
    // What anyone on the network can answer in a node's place goes to terminals and tables:
    // nothing in it may clear a screen or turn text around.
    const QString hostile = QString::fromUtf8("\x1b[2J\xe2\x80\xae");
    const QString shown = QStringLiteral("\\x1b[2J\\u202e");
    Node node;
    QVERIFY(node.listening);
    QJsonObject ping;
    QJsonObject refusal;
    node.intercept = [&](const HttpRequest &request, HttpResponder *responder) {
        if (request.path == "/v1/ping" && !ping.isEmpty())
            responder->send(HttpResponse::json(200, ping));
        else if (request.path == ControlEnvelope::kPath && !refusal.isEmpty())
            responder->send(HttpResponse::json(401, refusal));
        else
            return false;
        return true;
    };
    QNetworkAccessManager network;
    ControlClient client(network, kClusterKey, kPatienceMs);
    const auto errorOf = [&] {
        const auto reply = ask(client, node.address(), "POST", QStringLiteral("/v1/deliveries"));
        return reply ? reply->error : QStringLiteral("no reply");
    };

    ping = {{QStringLiteral("nodeid"), kNodeId}, {QStringLiteral("version"), hostile}};
    QCOMPARE(errorOf(), QStringLiteral("runs glustereventsd %1 without control protocol 2: "
                                       "upgrade it")
                            .arg(shown));
    ping = {{QStringLiteral("nodeid"), hostile},
            {QStringLiteral("protocol"), 2},
            {QStringLiteral("boot"), QStringLiteral("b")}};
    QCOMPARE(errorOf(), QStringLiteral("answers as node %1, not %2").arg(shown, kNodeId));
    ping = {};
    refusal = {{QStringLiteral("error"), hostile}};
    QCOMPARE(errorOf(), shown);
    // Without a key: a ping answered with an error.
    ControlClient pinger(network, std::nullopt, kPatienceMs);
    node.intercept = [&](const HttpRequest &, HttpResponder *responder) {
        responder->send(HttpResponse::error(500, hostile));
        return true;
    };
    const auto reply = ask(pinger, node.address(), "GET", QStringLiteral("/v1/ping"));
    QVERIFY(reply);
    QCOMPARE(reply->error, shown);
}

void TestControlClient::clientWithoutAKeyYetSendsNoSealedRequest() {
    // The CLI on a node still waiting for its pool's key: nothing it seals could open anywhere,
    // and "cluster key mismatch" would send the admin copying files.
    Node node;
    QVERIFY(node.listening);
    QNetworkAccessManager network;
    ControlClient client(network, QByteArray(), kPatienceMs);
    const auto reply = ask(client, node.address(), "POST", QStringLiteral("/v1/deliveries"));
    QVERIFY(reply);
    QCOMPARE(reply->outcome, ControlReply::Outcome::Failed);
    QCOMPARE(reply->error, QStringLiteral("this node has no cluster key yet"));
    QCOMPARE(node.pings, 0);
    QCOMPARE(node.sealed, 0);
}

QTEST_MAIN(TestControlClient)
#include "tst_controlclient.moc"

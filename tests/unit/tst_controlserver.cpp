// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "controlserver.h"
#include "httpresponder.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <memory>
#include <optional>

namespace {

// For what should happen: generous, so a slow and busy machine still passes.
constexpr int kWaitMs = 15'000;

struct Response {
    int status = 0;
    HttpHeaders headers; // names lower-cased
    QByteArray body;
    bool chunked = false;

    QByteArray header(QByteArrayView name) const {
        for (const auto &[key, value] : headers) {
            if (key == name)
                return value;
        }
        return QByteArray();
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

// Takes one complete response off the front of `data`, if it is all there. Without a length,
// a body ends when the server closes (`closed`).
std::optional<Response> takeResponse(QByteArray &data, bool closed) {
    const qsizetype headEnd = data.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return std::nullopt;
    const QList<QByteArray> lines = data.left(headEnd).split('\n');
    const QList<QByteArray> statusLine = lines.front().trimmed().split(' ');
    if (statusLine.size() < 2 || statusLine[0] != "HTTP/1.1")
        return std::nullopt;
    Response response;
    response.status = statusLine[1].toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        response.headers.append(
            {lines[i].left(colon).toLower(), lines[i].mid(colon + 1).trimmed()});
    }
    qsizetype end = headEnd + 4;
    if (response.status < 200) {
        data.remove(0, end);
        return response;
    }
    if (response.header("transfer-encoding") == "chunked") {
        response.chunked = true;
        for (;;) {
            const qsizetype lineEnd = data.indexOf("\r\n", end);
            if (lineEnd < 0)
                return std::nullopt;
            bool ok = false;
            const qsizetype size = data.mid(end, lineEnd - end).toLongLong(&ok, 16);
            if (!ok)
                return std::nullopt;
            if (data.size() < lineEnd + 2 + size + 2)
                return std::nullopt;
            response.body += data.mid(lineEnd + 2, size);
            end = lineEnd + 2 + size + 2;
            if (size == 0)
                break;
        }
    } else if (!response.header("content-length").isEmpty()) {
        const qsizetype length = response.header("content-length").toLongLong();
        if (data.size() < end + length)
            return std::nullopt;
        response.body = data.mid(end, length);
        end += length;
    } else if (closed) {
        response.body = data.mid(end);
        end = data.size();
    } else if (response.status != 204 && response.status != 304) {
        return std::nullopt;
    }
    data.remove(0, end);
    return response;
}

// A raw HTTP client on a real socket, so the test controls every byte and its timing.
class Client {
public:
    explicit Client(quint16 port) {
        QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket,
                         [this] { m_received += m_socket.readAll(); });
        // A flag, not the state: a refused client may be connected and closed again before
        // anyone looks.
        QObject::connect(&m_socket, &QTcpSocket::connected, &m_socket,
                         [this] { m_wasConnected = true; });
        m_socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    }

    bool waitConnected() {
        return QTest::qWaitFor([this] { return m_wasConnected; }, kWaitMs);
    }
    void send(const QByteArray &bytes) {
        QVERIFY(waitConnected());
        m_socket.write(bytes);
        m_socket.flush();
    }
    // The next response, or nothing when the server closed (or the wait ran out) first.
    std::optional<Response> response() {
        std::optional<Response> result;
        (void)QTest::qWaitFor(
            [&] {
                m_received += m_socket.readAll();
                result = takeResponse(m_received, isClosed());
                return result.has_value() || isClosed();
            },
            kWaitMs);
        return result;
    }
    bool isClosed() const { return m_socket.state() == QAbstractSocket::UnconnectedState; }
    bool waitClosed() {
        return QTest::qWaitFor([this] { return isClosed(); }, kWaitMs);
    }

    QTcpSocket m_socket;
    QByteArray m_received;
    bool m_wasConnected = false;
};

QByteArray get(const QByteArray &target, const QByteArray &headers = {}) {
    return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + headers + "\r\n";
}

} // namespace

class TestControlServer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void answersGet();
    void keepsConnectionAliveForNextRequest();
    void answersPipelinedRequestsOneAtATime();
    void answersAsynchronously();
    void streamsChunkedResponse();
    void tellsResponderWhenClientLeaves();
    void cutsOffStreamToClientThatStopsReading();
    void closesAfterConnectionClose();
    void closesHttp10ConnectionUnlessKeepAlive();
    void streamsToHttp10ClientUntilClose();
    void omitsBodyForHead();
    void sendsContinueBeforeBody();
    void answers500WhenHandlerDropsResponder();
    void refusesMalformedRequestAndCloses();
    void refusesOversizedHeaders();
    void refusesOversizedBodyWithoutReadingIt();
    void timesOutSlowRequest();
    void closesIdleConnection();
    void limitsConnections();
    void evictsOldestIdleUnauthenticatedConnection();
    void limitsConnectionsPerAddress();
    void countsIpv6ClientsPerSlash64();
    void stopsReadingWhileAnswersPileUp();
    void closesAfterMaxRequests();
    void closesAtEndOfLifetime();
    void timesOutDrippingRequest();
    void closesConnectionThatNeverSendsARequest();
    void refusesWebSocketUpgrade();
    void listensOnAllAddressesWhenNoneGiven();
    void listenFailsOnBusyPort();
    void standaloneResponderRecordsAnswer();

private:
    bool startServer(const ControlServer::Limits &limits = {});
    void handle(const HttpRequest &request, HttpResponder *responder);

    std::unique_ptr<ControlServer> m_server;
    QList<HttpRequest> m_requests;
    QPointer<HttpResponder> m_held;
    bool m_streamClosed = false;
};

void TestControlServer::init() {
    m_requests.clear();
    m_held.clear();
    m_streamClosed = false;
}

void TestControlServer::cleanup() {
    m_server.reset();
}

bool TestControlServer::startServer(const ControlServer::Limits &limits) {
    m_server = std::make_unique<ControlServer>(
        [this](const HttpRequest &request, HttpResponder *responder) {
            handle(request, responder);
        },
        limits);
    const Status status = m_server->listen({QHostAddress(QHostAddress::LocalHost)}, 0);
    if (!status)
        qWarning() << status.error();
    return status.ok() && m_server->port() != 0;
}

void TestControlServer::handle(const HttpRequest &request, HttpResponder *responder) {
    m_requests.append(request);
    const QByteArray &path = request.path;
    if (path == "/hello") {
        responder->send(
            HttpResponse::json(200, {{QStringLiteral("hello"), QStringLiteral("world")}}));
    } else if (path == "/echo") {
        responder->send(HttpResponse::json(
            200, {{QStringLiteral("method"), QString::fromLatin1(request.method)},
                  {QStringLiteral("query"), QString::fromLatin1(request.query)},
                  {QStringLiteral("body"), QString::fromUtf8(request.body)}}));
    } else if (path == "/async") {
        QTimer::singleShot(100, responder, [responder] {
            responder->send(HttpResponse::json(200, {{QStringLiteral("async"), true}}));
        });
    } else if (path == "/stream") {
        responder->startStream(200, QByteArrayLiteral("application/x-ndjson"));
        auto *timer = new QTimer(responder);
        auto sent = std::make_shared<int>(0);
        connect(timer, &QTimer::timeout, responder, [responder, timer, sent] {
            if (++*sent <= 3) {
                responder->streamChunk(QByteArray::number(*sent) + '\n');
            } else {
                timer->stop();
                responder->endStream();
            }
        });
        timer->start(20);
    } else if (path == "/forever") {
        m_held = responder;
        connect(responder, &HttpResponder::closed, this, [this] { m_streamClosed = true; });
        responder->startStream(200, QByteArrayLiteral("text/plain"));
        responder->streamChunk(QByteArrayLiteral("first\n"));
    } else if (path == "/flood") {
        m_held = responder;
        connect(responder, &HttpResponder::closed, this, [this] { m_streamClosed = true; });
        responder->startStream(200, QByteArrayLiteral("application/octet-stream"));
        auto *timer = new QTimer(responder);
        connect(timer, &QTimer::timeout, responder,
                [responder] { responder->streamChunk(QByteArray(256 * 1024, 'x')); });
        timer->start(0);
    } else if (path == "/big") {
        responder->send(HttpResponse{200, {}, QByteArray(200 * 1024, 'b')});
    } else if (path == "/auth") {
        responder->markAuthenticated();
        responder->send(HttpResponse::json(200, {{QStringLiteral("authenticated"), true}}));
    } else if (path == "/hold") {
        m_held = responder;
    } else if (path == "/drop") {
        delete responder;
    } else {
        responder->send(HttpResponse::error(404, QStringLiteral("no such path")));
    }
}

void TestControlServer::answersGet() {
    QVERIFY(startServer());
    Client client(m_server->port());
    QVERIFY(client.waitConnected());
    client.send(get("/hello?x=1"));
    const auto response = client.response();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->header("content-type"), QByteArrayLiteral("application/json"));
    QCOMPARE(response->json().value(QStringLiteral("hello")).toString(), QStringLiteral("world"));
    QCOMPARE(m_requests.size(), 1);
    QCOMPARE(m_requests[0].query, QByteArrayLiteral("x=1"));
    QCOMPARE(m_requests[0].peer, QHostAddress(QHostAddress::LocalHost));
    QVERIFY(!client.isClosed());
}

void TestControlServer::keepsConnectionAliveForNextRequest() {
    QVERIFY(startServer());
    Client client(m_server->port());
    QVERIFY(client.waitConnected());
    client.send(get("/echo?first"));
    const auto first = client.response();
    QVERIFY(first);
    QCOMPARE(first->json().value(QStringLiteral("query")).toString(), QStringLiteral("first"));
    QVERIFY(first->header("connection").isEmpty());

    client.send(
        QByteArrayLiteral("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nbody"));
    const auto second = client.response();
    QVERIFY(second);
    QCOMPARE(second->json().value(QStringLiteral("method")).toString(), QStringLiteral("POST"));
    QCOMPARE(second->json().value(QStringLiteral("body")).toString(), QStringLiteral("body"));
    QVERIFY(!client.isClosed());
    QCOMPARE(m_server->connectionCount(), 1);
}

void TestControlServer::answersPipelinedRequestsOneAtATime() {
    QVERIFY(startServer());
    Client client(m_server->port());
    QVERIFY(client.waitConnected());
    client.send(get("/hold") + get("/echo?second"));
    QTRY_COMPARE_WITH_TIMEOUT(m_requests.size(), 1, kWaitMs);
    // The second request waits in the socket while the first is unanswered.
    QTest::qWait(200);
    QCOMPARE(m_requests.size(), 1);
    QVERIFY(m_held);
    m_held->send(HttpResponse::json(200, {{QStringLiteral("first"), true}}));

    const auto first = client.response();
    QVERIFY(first);
    QVERIFY(first->json().value(QStringLiteral("first")).toBool());
    const auto second = client.response();
    QVERIFY(second);
    QCOMPARE(second->json().value(QStringLiteral("query")).toString(), QStringLiteral("second"));
    QCOMPARE(m_requests.size(), 2);
}

void TestControlServer::answersAsynchronously() {
    QVERIFY(startServer());
    Client client(m_server->port());
    QVERIFY(client.waitConnected());
    QElapsedTimer timer;
    timer.start();
    client.send(get("/async"));
    const auto response = client.response();
    QVERIFY(response);
    QVERIFY2(timer.elapsed() >= 90, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(response->status, 200);
    QVERIFY(response->json().value(QStringLiteral("async")).toBool());
    // The connection is still good for another request.
    client.send(get("/hello"));
    const auto next = client.response();
    QVERIFY(next);
    QCOMPARE(next->status, 200);
}

void TestControlServer::streamsChunkedResponse() {
    QVERIFY(startServer());
    Client client(m_server->port());
    QVERIFY(client.waitConnected());
    client.send(get("/stream"));
    const auto response = client.response();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QVERIFY(response->chunked);
    QCOMPARE(response->header("content-type"), QByteArrayLiteral("application/x-ndjson"));
    QCOMPARE(response->body, QByteArrayLiteral("1\n2\n3\n"));

    client.send(get("/hello"));
    const auto next = client.response();
    QVERIFY(next);
    QCOMPARE(next->status, 200);
}

void TestControlServer::tellsResponderWhenClientLeaves() {
    QVERIFY(startServer());
    {
        Client client(m_server->port());
        QVERIFY(client.waitConnected());
        client.send(get("/forever"));
        QTRY_VERIFY_WITH_TIMEOUT(client.m_received.contains("first"), kWaitMs);
        QVERIFY(m_held);
        QVERIFY(m_held->isOpen());
        client.m_socket.disconnectFromHost();
    }
    QTRY_VERIFY_WITH_TIMEOUT(m_streamClosed, kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(m_held.isNull(), kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), 0, kWaitMs);
}

void TestControlServer::cutsOffStreamToClientThatStopsReading() {
    QVERIFY(startServer());
    // A bare socket that reads nothing, so the kernel's buffers and then the server's fill up.
    QTcpSocket client;
    client.setReadBufferSize(1024);
    client.connectToHost(QHostAddress(QHostAddress::LocalHost), m_server->port());
    QVERIFY(QTest::qWaitFor([&] { return client.state() == QAbstractSocket::ConnectedState; },
                            kWaitMs));
    client.write(get("/flood"));
    QTRY_VERIFY_WITH_TIMEOUT(m_streamClosed, kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(m_held.isNull(), kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), 0, kWaitMs);
}

void TestControlServer::closesAfterConnectionClose() {
    QVERIFY(startServer());
    Client client(m_server->port());
    QVERIFY(client.waitConnected());
    client.send(get("/hello", QByteArrayLiteral("Connection: close\r\n")));
    const auto response = client.response();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->header("connection"), QByteArrayLiteral("close"));
    QVERIFY(client.waitClosed());
    QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), 0, kWaitMs);
}

void TestControlServer::closesHttp10ConnectionUnlessKeepAlive() {
    QVERIFY(startServer());
    Client plain(m_server->port());
    QVERIFY(plain.waitConnected());
    plain.send(QByteArrayLiteral("GET /hello HTTP/1.0\r\n\r\n"));
    const auto closing = plain.response();
    QVERIFY(closing);
    QCOMPARE(closing->status, 200);
    QCOMPARE(closing->header("connection"), QByteArrayLiteral("close"));
    QVERIFY(plain.waitClosed());

    Client keepAlive(m_server->port());
    QVERIFY(keepAlive.waitConnected());
    const QByteArray request =
        QByteArrayLiteral("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    keepAlive.send(request);
    const auto first = keepAlive.response();
    QVERIFY(first);
    QCOMPARE(first->header("connection"), QByteArrayLiteral("keep-alive"));
    keepAlive.send(request);
    const auto second = keepAlive.response();
    QVERIFY(second);
    QCOMPARE(second->status, 200);
}

void TestControlServer::streamsToHttp10ClientUntilClose() {
    QVERIFY(startServer());
    Client client(m_server->port());
    QVERIFY(client.waitConnected());
    client.send(QByteArrayLiteral("GET /stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
    QVERIFY(client.waitClosed());
    const auto response = client.response();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QVERIFY(!response->chunked);
    QCOMPARE(response->header("connection"), QByteArrayLiteral("close"));
    QCOMPARE(response->body, QByteArrayLiteral("1\n2\n3\n"));
}

void TestControlServer::omitsBodyForHead() {
    QVERIFY(startServer());
    Client client(m_server->port());
    QVERIFY(client.waitConnected());
    client.send(QByteArrayLiteral("HEAD /hello HTTP/1.1\r\nHost: a\r\n\r\n"));
    QTRY_VERIFY_WITH_TIMEOUT(client.m_received.contains("\r\n\r\n"), kWaitMs);
    QTest::qWait(100);
    const QByteArray head = client.m_received;
    QVERIFY2(head.endsWith("\r\n\r\n"), head.constData());
    QVERIFY(head.contains("Content-Length: 17\r\n"));
    client.m_received.clear();
    client.send(get("/hello"));
    const auto next = client.response();
    QVERIFY(next);
    QCOMPARE(next->status, 200);
    QCOMPARE(next->body.size(), 17);
}

void TestControlServer::sendsContinueBeforeBody() {
    QVERIFY(startServer());
    Client client(m_server->port());
    QVERIFY(client.waitConnected());
    client.send(QByteArrayLiteral("POST /echo HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n"
                                  "Content-Length: 5\r\n\r\n"));
    const auto interim = client.response();
    QVERIFY(interim);
    QCOMPARE(interim->status, 100);
    client.send(QByteArrayLiteral("hello"));
    const auto response = client.response();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->json().value(QStringLiteral("body")).toString(), QStringLiteral("hello"));
}

void TestControlServer::answers500WhenHandlerDropsResponder() {
    QVERIFY(startServer());
    Client client(m_server->port());
    QVERIFY(client.waitConnected());
    client.send(get("/drop"));
    const auto response = client.response();
    QVERIFY(response);
    QCOMPARE(response->status, 500);
    QVERIFY(client.waitClosed());
}

void TestControlServer::refusesMalformedRequestAndCloses() {
    QVERIFY(startServer());
    Client client(m_server->port());
    QVERIFY(client.waitConnected());
    client.send(QByteArrayLiteral("GET /hello HTTP/1.1\r\nHost: a\r\nNo colon here\r\n\r\n"));
    const auto response = client.response();
    QVERIFY(response);
    QCOMPARE(response->status, 400);
    QCOMPARE(response->header("connection"), QByteArrayLiteral("close"));
    QVERIFY(!response->json().value(QStringLiteral("error")).toString().isEmpty());
    QVERIFY(client.waitClosed());
    QVERIFY(m_requests.isEmpty());
}

void TestControlServer::refusesOversizedHeaders() {
    QVERIFY(startServer());
    Client client(m_server->port());
    QVERIFY(client.waitConnected());
    client.send(get("/hello", "X-Big: " + QByteArray(20 * 1024, 'a') + "\r\n"));
    const auto response = client.response();
    QVERIFY(response);
    QCOMPARE(response->status, 431);
    QVERIFY(client.waitClosed());
    QVERIFY(m_requests.isEmpty());
}

void TestControlServer::refusesOversizedBodyWithoutReadingIt() {
    QVERIFY(startServer());
    Client client(m_server->port());
    QVERIFY(client.waitConnected());
    // Only the head is sent: the answer must not wait for 100 MiB that never come.
    client.send(
        QByteArrayLiteral("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 104857600\r\n\r\n"));
    const auto response = client.response();
    QVERIFY(response);
    QCOMPARE(response->status, 413);
    QCOMPARE(response->header("connection"), QByteArrayLiteral("close"));
    QVERIFY(client.waitClosed());
    QVERIFY(m_requests.isEmpty());
}

void TestControlServer::timesOutSlowRequest() {
    ControlServer::Limits limits;
    limits.requestTimeoutMs = 300;
    QVERIFY(startServer(limits));
    Client client(m_server->port());
    QVERIFY(client.waitConnected());
    QElapsedTimer timer;
    timer.start();
    client.send(QByteArrayLiteral("GET /hello HTTP/1.1\r\nHo"));
    const auto response = client.response();
    QVERIFY(response);
    QCOMPARE(response->status, 408);
    QVERIFY2(timer.elapsed() >= 250, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(client.waitClosed());
    QVERIFY(m_requests.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), 0, kWaitMs);
}

void TestControlServer::closesIdleConnection() {
    ControlServer::Limits limits;
    limits.idleTimeoutMs = 300;
    QVERIFY(startServer(limits));
    Client client(m_server->port());
    QVERIFY(client.waitConnected());
    // The idle time starts after the response, so it is at least this long after the send.
    QElapsedTimer timer;
    timer.start();
    client.send(get("/hello"));
    QVERIFY(client.response());
    QVERIFY(client.waitClosed());
    QVERIFY2(timer.elapsed() >= 250, qPrintable(QString::number(timer.elapsed())));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), 0, kWaitMs);
}

void TestControlServer::limitsConnections() {
    ControlServer::Limits limits;
    limits.maxConnections = 2;
    QVERIFY(startServer(limits));
    // Connections that authenticated a request are never closed to make room.
    auto first = std::make_unique<Client>(m_server->port());
    Client second(m_server->port());
    first->send(get("/auth"));
    QVERIFY(first->response());
    second.send(get("/auth"));
    QVERIFY(second.response());
    QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), 2, kWaitMs);

    Client third(m_server->port());
    third.send(get("/hello"));
    const auto refused = third.response();
    QVERIFY(refused);
    QCOMPARE(refused->status, 503);
    QVERIFY(third.waitClosed());
    QCOMPARE(m_server->connectionCount(), 2);
    QCOMPARE(m_requests.size(), 2);
    QCOMPARE(m_server->usage().refused, quint64(1));

    first->m_socket.disconnectFromHost();
    first.reset();
    QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), 1, kWaitMs);
    Client fourth(m_server->port());
    QVERIFY(fourth.waitConnected());
    fourth.send(get("/hello"));
    const auto accepted = fourth.response();
    QVERIFY(accepted);
    QCOMPARE(accepted->status, 200);
    second.send(get("/hello"));
    const auto stillServed = second.response();
    QVERIFY(stillServed);
    QCOMPARE(stillServed->status, 200);
}

void TestControlServer::evictsOldestIdleUnauthenticatedConnection() {
    ControlServer::Limits limits;
    limits.maxConnections = 2;
    QVERIFY(startServer(limits));
    Client oldest(m_server->port());
    QVERIFY(oldest.waitConnected());
    QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), 1, kWaitMs);
    Client dripping(m_server->port());
    dripping.send(QByteArrayLiteral("GET /hel"));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), 2, kWaitMs);

    // Every slot is held by a connection that has done nothing: the newcomer is served and
    // the oldest of them goes.
    Client newcomer(m_server->port());
    newcomer.send(get("/hello"));
    const auto served = newcomer.response();
    QVERIFY(served);
    QCOMPARE(served->status, 200);
    QVERIFY(oldest.waitClosed());
    QVERIFY(!dripping.isClosed());
    QCOMPARE(m_server->connectionCount(), 2);
    QCOMPARE(m_server->usage().evicted, quint64(1));

    // Next in line is the one still dripping its request, not the newcomer, which is younger.
    Client another(m_server->port());
    another.send(get("/hello"));
    QVERIFY(another.response());
    QVERIFY(dripping.waitClosed());
    QVERIFY(!newcomer.isClosed());
    QCOMPARE(m_server->usage().evicted, quint64(2));
}

void TestControlServer::limitsConnectionsPerAddress() {
    ControlServer::Limits limits;
    limits.maxConnectionsPerAddress = 1;
    QVERIFY(startServer(limits));
    Client first(m_server->port());
    QVERIFY(first.waitConnected());
    QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), 1, kWaitMs);
    Client second(m_server->port());
    second.send(get("/hello"));
    const auto refused = second.response();
    QVERIFY(refused);
    QCOMPARE(refused->status, 503);
    first.send(get("/hello"));
    const auto served = first.response();
    QVERIFY(served);
    QCOMPARE(served->status, 200);
}

void TestControlServer::countsIpv6ClientsPerSlash64() {
    const QString host = ControlServer::clientKey(QHostAddress(QStringLiteral("2001:db8:1:2::1")));
    QCOMPARE(ControlServer::clientKey(QHostAddress(QStringLiteral("2001:db8:1:2:ffff:1:2:3"))),
             host);
    QVERIFY(ControlServer::clientKey(QHostAddress(QStringLiteral("2001:db8:1:3::1"))) != host);
    QCOMPARE(host, QStringLiteral("2001:db8:1:2::/64"));
    QCOMPARE(ControlServer::clientKey(QHostAddress(QStringLiteral("::ffff:10.0.0.1"))),
             QStringLiteral("10.0.0.1"));
    QVERIFY(ControlServer::clientKey(QHostAddress(QStringLiteral("10.0.0.1"))) !=
            ControlServer::clientKey(QHostAddress(QStringLiteral("10.0.0.2"))));
}

void TestControlServer::stopsReadingWhileAnswersPileUp() {
    ControlServer::Limits limits;
    limits.maxUnsentBytes = 64 * 1024;
    QVERIFY(startServer(limits));
    // A client with a small receive window that pipelines requests and reads nothing.
    QTcpSocket greedy;
    greedy.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
    greedy.setReadBufferSize(1);
    greedy.connectToHost(QHostAddress(QHostAddress::LocalHost), m_server->port());
    QVERIFY(greedy.waitForConnected(kWaitMs));
    constexpr int kRequests = 400; // 80 MB of answers
    QByteArray requests;
    for (int i = 0; i < kRequests; ++i)
        requests += get("/big");
    greedy.write(requests);

    // The server answers what the kernel's buffers take and then waits for the client.
    qsizetype handled = -1;
    QVERIFY(QTest::qWaitFor(
        [&] {
            const qsizetype before = m_requests.size();
            QTest::qWait(1'000);
            const bool settled = before > 0 && m_requests.size() == before;
            handled = m_requests.size();
            return settled;
        },
        kWaitMs * 2));
    QVERIFY2(handled < kRequests / 2, qPrintable(QString::number(handled)));
    const ControlServer::Usage usage = m_server->usage();
    // At most the bound, one answer beyond it, and the unread requests in the read buffers.
    QVERIFY2(usage.bufferedBytes < 1024 * 1024, qPrintable(QString::number(usage.bufferedBytes)));

    // Once the client reads, every request is answered.
    greedy.setReadBufferSize(0);
    qint64 received = 0;
    const qint64 expected = qint64(kRequests) * 200 * 1024;
    QVERIFY(QTest::qWaitFor(
        [&] {
            received += greedy.readAll().size();
            return m_requests.size() == kRequests && received >= expected;
        },
        kWaitMs * 4));
}

void TestControlServer::closesAfterMaxRequests() {
    ControlServer::Limits limits;
    limits.maxRequestsPerConnection = 3;
    QVERIFY(startServer(limits));
    Client client(m_server->port());
    for (int i = 1; i <= 3; ++i) {
        client.send(get("/hello"));
        const auto response = client.response();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->header("connection"),
                 i == 3 ? QByteArrayLiteral("close") : QByteArray());
    }
    QVERIFY(client.waitClosed());
}

void TestControlServer::closesAtEndOfLifetime() {
    ControlServer::Limits limits;
    limits.maxLifetimeMs = 300;
    limits.idleTimeoutMs = 120'000;
    QVERIFY(startServer(limits));
    Client client(m_server->port());
    client.send(get("/hello"));
    QVERIFY(client.response());
    QVERIFY(client.waitClosed());
    QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), 0, kWaitMs);
}

void TestControlServer::timesOutDrippingRequest() {
    ControlServer::Limits limits;
    limits.requestTimeoutMs = 500;
    QVERIFY(startServer(limits));
    Client client(m_server->port());
    QVERIFY(client.waitConnected());
    // One byte at a time keeps bytes coming, but the request is never complete: its time
    // runs from the first byte.
    const QByteArray request = get("/hello");
    std::optional<Response> response;
    for (qsizetype i = 0; i < request.size() - 1 && !client.isClosed(); ++i) {
        client.send(request.mid(i, 1));
        QTest::qWait(100);
        client.m_received += client.m_socket.readAll();
        response = takeResponse(client.m_received, client.isClosed());
        if (response)
            break;
    }
    if (!response)
        response = client.response();
    QVERIFY(response);
    QCOMPARE(response->status, 408);
    QVERIFY(client.waitClosed());
    QVERIFY(m_requests.isEmpty());
}

void TestControlServer::closesConnectionThatNeverSendsARequest() {
    ControlServer::Limits limits;
    limits.firstRequestTimeoutMs = 300;
    QVERIFY(startServer(limits));
    Client silent(m_server->port());
    QVERIFY(silent.waitConnected());
    Client busy(m_server->port());
    QVERIFY(busy.waitConnected());
    busy.send(get("/hello"));
    QVERIFY(busy.response());
    QVERIFY(silent.waitClosed());
    // After a request, the longer keep-alive idle time applies.
    QCOMPARE(busy.m_socket.state(), QAbstractSocket::ConnectedState);
}

void TestControlServer::refusesWebSocketUpgrade() {
    QVERIFY(startServer());
    Client client(m_server->port());
    QVERIFY(client.waitConnected());
    client.send(get("/hello", QByteArrayLiteral("Upgrade: websocket\r\nConnection: Upgrade\r\n"
                                                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                                "Sec-WebSocket-Version: 13\r\n")));
    const auto response = client.response();
    QVERIFY(response);
    QCOMPARE(response->status, 400);
    QVERIFY(client.waitClosed());
    QVERIFY(m_requests.isEmpty());
}

void TestControlServer::listensOnAllAddressesWhenNoneGiven() {
    m_server = std::make_unique<ControlServer>(
        [this](const HttpRequest &request, HttpResponder *responder) {
            handle(request, responder);
        },
        ControlServer::Limits());
    const Status status = m_server->listen({}, 0);
    QVERIFY2(status.ok(), qPrintable(status.error()));
    QVERIFY(m_server->port() != 0);
    QVERIFY(!m_server->listen({}, 0).ok());
    Client client(m_server->port());
    QVERIFY(client.waitConnected());
    client.send(get("/hello"));
    const auto response = client.response();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
}

void TestControlServer::listenFailsOnBusyPort() {
    QTcpServer blocker;
    QVERIFY(blocker.listen(QHostAddress(QHostAddress::LocalHost), 0));
    ControlServer server([](const HttpRequest &, HttpResponder *) {}, ControlServer::Limits());
    const Status status =
        server.listen({QHostAddress(QHostAddress::LocalHost)}, blocker.serverPort());
    QVERIFY(!status.ok());
    QVERIFY2(status.error().contains(QStringLiteral("127.0.0.1")), qPrintable(status.error()));
    QVERIFY2(status.error().contains(QString::number(blocker.serverPort())),
             qPrintable(status.error()));
    QCOMPARE(server.port(), quint16(0));
}

void TestControlServer::standaloneResponderRecordsAnswer() {
    HttpRequest request;
    request.method = QByteArrayLiteral("GET");
    request.path = QByteArrayLiteral("/stream");
    HttpResponder responder;
    QVERIFY(responder.isOpen());
    handle(request, &responder);
    QTRY_VERIFY_WITH_TIMEOUT(!responder.isOpen(), kWaitMs);
    QCOMPARE(responder.recorded().status, 200);
    QCOMPARE(responder.recorded().body, QByteArrayLiteral("1\n2\n3\n"));

    HttpResponder once;
    once.send(HttpResponse::error(404, QStringLiteral("first")));
    once.send(HttpResponse::error(500, QStringLiteral("second")));
    QCOMPARE(once.recorded().status, 404);
}

QTEST_GUILESS_MAIN(TestControlServer)
#include "tst_controlserver.moc"

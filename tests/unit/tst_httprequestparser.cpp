// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "httpmessage.h"
#include "httprequestparser.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>

#include <functional>

using State = HttpRequestParser::State;

namespace {

// Everything a parse produced: the complete requests in order, then how it stopped.
struct Outcome {
    QList<HttpRequest> requests;
    State finalState = State::NeedMore;
    int errorStatus = 0;
    QByteArray leftover; // unconsumed bytes when it stopped needing more
};

bool sameRequest(const HttpRequest &a, const HttpRequest &b) {
    return a.method == b.method && a.path == b.path && a.query == b.query &&
           a.version == b.version && a.headers == b.headers && a.body == b.body;
}

bool sameOutcome(const Outcome &a, const Outcome &b) {
    if (a.requests.size() != b.requests.size() || a.finalState != b.finalState ||
        a.errorStatus != b.errorStatus)
        return false;
    for (qsizetype i = 0; i < a.requests.size(); ++i) {
        if (!sameRequest(a.requests[i], b.requests[i]))
            return false;
    }
    return a.finalState != State::NeedMore || a.leftover == b.leftover;
}

// Feeds `input` in pieces whose sizes `nextChunk` picks, taking every complete request.
Outcome parseInChunks(const QByteArray &input, const std::function<qsizetype()> &nextChunk,
                      const HttpRequestParser::Limits &limits = {}) {
    HttpRequestParser parser(limits);
    QByteArray buffer;
    qsizetype offset = 0;
    Outcome outcome;
    for (;;) {
        const State state = parser.feed(buffer);
        if (state == State::Complete) {
            outcome.requests.append(parser.takeRequest());
            continue;
        }
        if (state == State::Failed) {
            outcome.finalState = State::Failed;
            outcome.errorStatus = parser.errorStatus();
            return outcome;
        }
        if (offset >= input.size())
            break;
        const qsizetype size = qBound(qsizetype(1), nextChunk(), input.size() - offset);
        buffer.append(input.constData() + offset, size);
        offset += size;
    }
    outcome.leftover = buffer;
    return outcome;
}

Outcome parseAllAtOnce(const QByteArray &input, const HttpRequestParser::Limits &limits = {}) {
    const qsizetype size = input.size();
    return parseInChunks(
        input, [size] { return size; }, limits);
}

Outcome parseByteAtATime(const QByteArray &input, const HttpRequestParser::Limits &limits = {}) {
    return parseInChunks(
        input, [] { return qsizetype(1); }, limits);
}

QByteArray get(const QByteArray &target, const QByteArray &headers = {}) {
    return "GET " + target + " HTTP/1.1\r\nHost: node1\r\n" + headers + "\r\n";
}

QByteArray post(const QByteArray &body) {
    return "POST /api HTTP/1.1\r\nHost: node1\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

} // namespace

class TestHttpRequestParser : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesSimpleGet();
    void splitsTargetIntoPathAndQuery();
    void parsesBodyByContentLength();
    void acceptsHttp10();
    void acceptsBareLineFeeds();
    void ignoresEmptyLinesBeforeRequestLine();
    void headerReturnsFirstMatchOrEmpty();
    void leavesPipelinedRequestInBuffer();
    void waitsForTheWholeBody();
    void rejectsMalformedRequests_data();
    void rejectsMalformedRequests();
    void refusesOverlongLineBeforeItEnds();
    void countsRequestLineTowardHeaderLimit();
    void allowsHeadsUpToTheLimits();
    void staysFailedUntilReset();
    void takeRequestReadiesTheNextOne();
    void reportsExpectContinue();
    void byteAtATimeMatchesAllAtOnce_data();
    void byteAtATimeMatchesAllAtOnce();
    void decidesKeepAlive_data();
    void decidesKeepAlive();
    void buildsJsonResponses();
    void randomMutationsNeverCrash();
};

void TestHttpRequestParser::parsesSimpleGet() {
    HttpRequestParser parser;
    QByteArray buffer = QByteArrayLiteral("GET /v1/status HTTP/1.1\r\nHost: node1:24009\r\n"
                                          "X-Custom-Header:   padded value \t\r\n\r\n");
    QCOMPARE(parser.feed(buffer), State::Complete);
    QVERIFY(buffer.isEmpty());
    const HttpRequest request = parser.takeRequest();
    QCOMPARE(request.method, QByteArrayLiteral("GET"));
    QCOMPARE(request.path, QByteArrayLiteral("/v1/status"));
    QCOMPARE(request.query, QByteArray());
    QCOMPARE(request.version, QByteArrayLiteral("HTTP/1.1"));
    QCOMPARE(request.headers.size(), 2);
    QCOMPARE(request.headers[0].first, QByteArrayLiteral("host"));
    QCOMPARE(request.headers[1].first, QByteArrayLiteral("x-custom-header"));
    QCOMPARE(request.header("x-custom-header"), QByteArrayLiteral("padded value"));
    QVERIFY(request.body.isEmpty());
}

void TestHttpRequestParser::splitsTargetIntoPathAndQuery() {
    HttpRequestParser parser;
    QByteArray buffer = get("/a/b%20c?x=1&y=?z");
    QCOMPARE(parser.feed(buffer), State::Complete);
    const HttpRequest request = parser.takeRequest();
    QCOMPARE(request.path, QByteArrayLiteral("/a/b%20c"));
    QCOMPARE(request.query, QByteArrayLiteral("x=1&y=?z"));

    buffer = get("/?");
    QCOMPARE(parser.feed(buffer), State::Complete);
    const HttpRequest empty = parser.takeRequest();
    QCOMPARE(empty.path, QByteArrayLiteral("/"));
    QCOMPARE(empty.query, QByteArray());
}

void TestHttpRequestParser::parsesBodyByContentLength() {
    HttpRequestParser parser;
    QByteArray buffer = post(QByteArrayLiteral("{\"a\":1}"));
    QCOMPARE(parser.feed(buffer), State::Complete);
    QVERIFY(buffer.isEmpty());
    const HttpRequest request = parser.takeRequest();
    QCOMPARE(request.method, QByteArrayLiteral("POST"));
    QCOMPARE(request.body, QByteArrayLiteral("{\"a\":1}"));
}

void TestHttpRequestParser::acceptsHttp10() {
    HttpRequestParser parser;
    QByteArray buffer = QByteArrayLiteral("GET / HTTP/1.0\r\n\r\n");
    QCOMPARE(parser.feed(buffer), State::Complete);
    QCOMPARE(parser.takeRequest().version, QByteArrayLiteral("HTTP/1.0"));
}

void TestHttpRequestParser::acceptsBareLineFeeds() {
    HttpRequestParser parser;
    QByteArray buffer = QByteArrayLiteral("PUT /x HTTP/1.1\nHost: a\nContent-Length: 2\n\nhi");
    QCOMPARE(parser.feed(buffer), State::Complete);
    const HttpRequest request = parser.takeRequest();
    QCOMPARE(request.header("host"), QByteArrayLiteral("a"));
    QCOMPARE(request.body, QByteArrayLiteral("hi"));
}

void TestHttpRequestParser::ignoresEmptyLinesBeforeRequestLine() {
    HttpRequestParser parser;
    QByteArray buffer = "\r\n\r\n" + get("/");
    QCOMPARE(parser.feed(buffer), State::Complete);
    QCOMPARE(parser.takeRequest().path, QByteArrayLiteral("/"));
}

void TestHttpRequestParser::headerReturnsFirstMatchOrEmpty() {
    HttpRequestParser parser;
    QByteArray buffer = get("/", QByteArrayLiteral("Accept: one\r\nACCEPT: two\r\n"));
    QCOMPARE(parser.feed(buffer), State::Complete);
    const HttpRequest request = parser.takeRequest();
    QCOMPARE(request.header("accept"), QByteArrayLiteral("one"));
    QCOMPARE(request.header("missing"), QByteArray());
}

void TestHttpRequestParser::leavesPipelinedRequestInBuffer() {
    HttpRequestParser parser;
    const QByteArray second = get("/second");
    QByteArray buffer = post(QByteArrayLiteral("body")) + second + "GET /thi";
    QCOMPARE(parser.feed(buffer), State::Complete);
    QCOMPARE(parser.takeRequest().body, QByteArrayLiteral("body"));
    QCOMPARE(buffer, QByteArray(second + "GET /thi"));
    QCOMPARE(parser.feed(buffer), State::Complete);
    QCOMPARE(parser.takeRequest().path, QByteArrayLiteral("/second"));
    QCOMPARE(buffer, QByteArrayLiteral("GET /thi"));
    QCOMPARE(parser.feed(buffer), State::NeedMore);
    QCOMPARE(buffer, QByteArrayLiteral("GET /thi"));
}

void TestHttpRequestParser::waitsForTheWholeBody() {
    HttpRequestParser parser;
    QByteArray buffer = QByteArrayLiteral("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n12345");
    QCOMPARE(parser.feed(buffer), State::NeedMore);
    QVERIFY(buffer.isEmpty());
    buffer = QByteArrayLiteral("67890GET");
    QCOMPARE(parser.feed(buffer), State::Complete);
    QCOMPARE(buffer, QByteArrayLiteral("GET"));
    QCOMPARE(parser.takeRequest().body, QByteArrayLiteral("1234567890"));
}

void TestHttpRequestParser::rejectsMalformedRequests_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("status");
    const auto row = [](const char *name, const QByteArray &input, int status) {
        QTest::newRow(name) << input << status;
    };

    const QByteArray head = QByteArrayLiteral("GET / HTTP/1.1\r\nHost: a\r\n");
    const QByteArray postHead = QByteArrayLiteral("POST / HTTP/1.1\r\nHost: a\r\n");

    // Request line.
    row("no version", QByteArrayLiteral("GET /\r\n\r\n"), 400);
    row("only a method", QByteArrayLiteral("GET\r\n\r\n"), 400);
    row("double space", QByteArrayLiteral("GET  / HTTP/1.1\r\n\r\n"), 400);
    row("trailing space", QByteArrayLiteral("GET / HTTP/1.1 \r\n\r\n"), 400);
    row("tab separator", QByteArrayLiteral("GET\t/ HTTP/1.1\r\n\r\n"), 400);
    row("leading space", QByteArrayLiteral(" GET / HTTP/1.1\r\n\r\n"), 400);
    row("bad method char", QByteArrayLiteral("GE(T / HTTP/1.1\r\n\r\n"), 400);
    row("absolute-form target", QByteArrayLiteral("GET http://a/ HTTP/1.1\r\n\r\n"), 400);
    row("asterisk target", QByteArrayLiteral("OPTIONS * HTTP/1.1\r\n\r\n"), 400);
    row("authority target", QByteArrayLiteral("CONNECT a:443 HTTP/1.1\r\n\r\n"), 400);
    row("control char in target", QByteArrayLiteral("GET /a\x01z HTTP/1.1\r\n\r\n"), 400);
    row("non-ASCII target", QByteArrayLiteral("GET /\xc3\xa9 HTTP/1.1\r\n\r\n"), 400);
    row("fragment in target", QByteArrayLiteral("GET /a#b HTTP/1.1\r\n\r\n"), 400);
    row("bad percent escape", QByteArrayLiteral("GET /a%zz HTTP/1.1\r\n\r\n"), 400);
    row("short percent escape", QByteArrayLiteral("GET /a%2 HTTP/1.1\r\n\r\n"), 400);
    row("NUL in request line", QByteArray("GET /\0 HTTP/1.1\r\n\r\n", 19), 400);
    row("CR inside request line", QByteArrayLiteral("GET /\r HTTP/1.1\r\n\r\n"), 400);
    row("CR CR LF", QByteArrayLiteral("GET / HTTP/1.1\r\r\n\r\n"), 400);

    // Version.
    row("HTTP/2.0", QByteArrayLiteral("GET / HTTP/2.0\r\n\r\n"), 505);
    row("HTTP/1.2", QByteArrayLiteral("GET / HTTP/1.2\r\n\r\n"), 505);
    row("HTTP/0.9", QByteArrayLiteral("GET / HTTP/0.9\r\n\r\n"), 505);
    row("HTTP/2 preface", QByteArrayLiteral("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), 505);
    row("lower-case version", QByteArrayLiteral("GET / http/1.1\r\n\r\n"), 400);
    row("garbled version", QByteArrayLiteral("GET / HTTP/1.1x\r\n\r\n"), 400);
    row("two-digit version", QByteArrayLiteral("GET / HTTP/11\r\n\r\n"), 400);

    // Header lines.
    row("no colon", head + "Just text\r\n\r\n", 400);
    row("space before colon", head + "X-A : 1\r\n\r\n", 400);
    row("tab before colon", head + "X-A\t: 1\r\n\r\n", 400);
    row("empty name", head + ": 1\r\n\r\n", 400);
    row("bad name char", head + "X(A): 1\r\n\r\n", 400);
    row("obs-fold with space", head + "X-A: 1\r\n  more\r\n\r\n", 400);
    row("obs-fold with tab", head + "X-A: 1\r\n\tmore\r\n\r\n", 400);
    row("control char in value", head + "X-A: a\x01z\r\n\r\n", 400);
    row("NUL in value", head + QByteArray("X-A: a\0z\r\n\r\n", 11), 400);
    row("DEL in value", head + "X-A: a\x7fz\r\n\r\n", 400);
    row("CR inside value", head + "X-A: a\rz\r\n\r\n", 400);
    row("duplicate Host", head + "Host: b\r\n\r\n", 400);

    // Content-Length.
    row("empty Content-Length", postHead + "Content-Length:\r\n\r\n", 400);
    row("non-numeric Content-Length", postHead + "Content-Length: abc\r\n\r\n", 400);
    row("trailing junk Content-Length", postHead + "Content-Length: 1a\r\n\r\nx", 400);
    row("hex Content-Length", postHead + "Content-Length: 0x1\r\n\r\nx", 400);
    row("plus Content-Length", postHead + "Content-Length: +1\r\n\r\nx", 400);
    row("negative Content-Length", postHead + "Content-Length: -1\r\n\r\n", 400);
    row("list Content-Length", postHead + "Content-Length: 1, 1\r\n\r\nx", 400);
    row("inner space Content-Length", postHead + "Content-Length: 1 1\r\n\r\nx", 400);
    row("duplicate Content-Length", postHead + "Content-Length: 1\r\nContent-Length: 1\r\n\r\nx",
        400);
    row("conflicting Content-Length", postHead + "Content-Length: 1\r\ncontent-length: 2\r\n\r\nxy",
        400);
    row("body over limit",
        postHead + "Content-Length: " + QByteArray::number(4 * 1024 * 1024 + 1) + "\r\n\r\n", 413);
    row("overflowing Content-Length",
        postHead + "Content-Length: 99999999999999999999999999999999\r\n\r\n", 413);

    // Transfer-Encoding.
    row("chunked body", postHead + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 501);
    row("chunked and Content-Length",
        postHead + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 501);
    row("identity Transfer-Encoding", postHead + "Transfer-Encoding: identity\r\n\r\n", 501);

    // Sizes.
    QByteArray manyHeaders = head;
    for (int i = 0; i < 64; ++i)
        manyHeaders += "X-" + QByteArray::number(i) + ": v\r\n";
    row("65 headers", manyHeaders + "\r\n", 431);
    row("long header value", head + "X-Big: " + QByteArray(16 * 1024, 'a') + "\r\n\r\n", 431);
    row("long request line", "GET /" + QByteArray(16 * 1024, 'a') + " HTTP/1.1\r\n\r\n", 431);
    row("endless empty lines", QByteArray(20 * 1024, '\n'), 431);
}

void TestHttpRequestParser::rejectsMalformedRequests() {
    QFETCH(QByteArray, input);
    QFETCH(int, status);

    HttpRequestParser parser;
    QByteArray buffer = input;
    QCOMPARE(parser.feed(buffer), State::Failed);
    QCOMPARE(parser.errorStatus(), status);
    QVERIFY(!parser.errorReason().isEmpty());

    const Outcome bytewise = parseByteAtATime(input);
    QCOMPARE(bytewise.finalState, State::Failed);
    QCOMPARE(bytewise.errorStatus, status);
}

void TestHttpRequestParser::refusesOverlongLineBeforeItEnds() {
    HttpRequestParser parser;
    QByteArray buffer = "GET /" + QByteArray(16 * 1024, 'a');
    QCOMPARE(parser.feed(buffer), State::Failed);
    QCOMPARE(parser.errorStatus(), 431);
}

void TestHttpRequestParser::countsRequestLineTowardHeaderLimit() {
    HttpRequestParser::Limits limits;
    limits.maxHeaderBytes = 64;
    const QByteArray requestLine = "GET /" + QByteArray(40, 'a') + " HTTP/1.1\r\n"; // 56 bytes
    HttpRequestParser parser(limits);
    QByteArray buffer = requestLine + "X-A: 12345\r\n\r\n"; // 56 + 12 + 2 > 64
    QCOMPARE(parser.feed(buffer), State::Failed);
    QCOMPARE(parser.errorStatus(), 431);

    parser.reset();
    buffer = requestLine + "X-A: 1\r\n\r\n"; // 56 + 8 + 2 = 66 > 64
    QCOMPARE(parser.feed(buffer), State::Failed);
    parser.reset();
    buffer = requestLine + "X: 1\r\n\r\n"; // 56 + 6 + 2 = 64
    QCOMPARE(parser.feed(buffer), State::Complete);
}

void TestHttpRequestParser::allowsHeadsUpToTheLimits() {
    QByteArray head = QByteArrayLiteral("GET / HTTP/1.1\r\n");
    for (int i = 0; i < 64; ++i)
        head += "X-" + QByteArray::number(i) + ": v\r\n";
    head += "\r\n";
    HttpRequestParser parser;
    QByteArray buffer = head;
    QCOMPARE(parser.feed(buffer), State::Complete);
    QCOMPARE(parser.takeRequest().headers.size(), 64);

    // Exactly maxHeaderBytes, and a body of exactly maxBodyBytes.
    HttpRequestParser::Limits limits;
    const QByteArray start =
        "POST / HTTP/1.1\r\nContent-Length: " + QByteArray::number(limits.maxBodyBytes) + "\r\nX: ";
    const QByteArray full = start + QByteArray(limits.maxHeaderBytes - start.size() - 4, 'v') +
                            "\r\n\r\n" + QByteArray(limits.maxBodyBytes, 'b');
    buffer = full;
    QCOMPARE(parser.feed(buffer), State::Complete);
    QCOMPARE(parser.takeRequest().body.size(), limits.maxBodyBytes);
}

void TestHttpRequestParser::staysFailedUntilReset() {
    HttpRequestParser parser;
    QByteArray buffer = QByteArrayLiteral("BAD\r\n");
    QCOMPARE(parser.feed(buffer), State::Failed);
    buffer = get("/");
    QCOMPARE(parser.feed(buffer), State::Failed);
    QCOMPARE(buffer, get("/"));
    QCOMPARE(parser.errorStatus(), 400);
    parser.reset();
    QCOMPARE(parser.errorStatus(), 0);
    QCOMPARE(parser.feed(buffer), State::Complete);
}

void TestHttpRequestParser::takeRequestReadiesTheNextOne() {
    HttpRequestParser parser;
    QByteArray buffer = get("/one", QByteArrayLiteral("X-Only-First: 1\r\n"));
    QCOMPARE(parser.feed(buffer), State::Complete);
    QCOMPARE(parser.feed(buffer), State::Complete); // nothing consumed until taken
    QCOMPARE(parser.takeRequest().path, QByteArrayLiteral("/one"));
    QCOMPARE(parser.state(), State::NeedMore);
    buffer = get("/two");
    QCOMPARE(parser.feed(buffer), State::Complete);
    const HttpRequest second = parser.takeRequest();
    QCOMPARE(second.path, QByteArrayLiteral("/two"));
    QCOMPARE(second.header("x-only-first"), QByteArray());
}

void TestHttpRequestParser::reportsExpectContinue() {
    HttpRequestParser parser;
    QByteArray buffer = QByteArrayLiteral("POST / HTTP/1.1\r\nExpect: 100-Continue\r\n"
                                          "Content-Length: 3\r\n\r\n");
    QCOMPARE(parser.feed(buffer), State::NeedMore);
    QVERIFY(parser.expectsContinue());
    buffer = QByteArrayLiteral("abc");
    QCOMPARE(parser.feed(buffer), State::Complete);
    QVERIFY(!parser.expectsContinue());

    parser.reset();
    buffer =
        QByteArrayLiteral("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
    QCOMPARE(parser.feed(buffer), State::NeedMore);
    QVERIFY(!parser.expectsContinue());
}

void TestHttpRequestParser::byteAtATimeMatchesAllAtOnce_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::newRow("get") << get("/a?b");
    QTest::newRow("post") << post(QByteArrayLiteral("{\"x\": [1, 2, 3]}"));
    QTest::newRow("pipelined") << QByteArray(post(QByteArrayLiteral("one")) + get("/two") +
                                             post(QByteArrayLiteral("three")) + "GET /fo");
    QTest::newRow("bare LF") << QByteArrayLiteral("GET / HTTP/1.0\nA: b\n\n");
    QTest::newRow("partial body") << QByteArrayLiteral(
        "POST / HTTP/1.1\r\nContent-Length: 9\r\n\r\nabc");
    QTest::newRow("malformed after good")
        << QByteArray(get("/ok") + "GET /bad HTTP/1.1\r\nX : y\r\n\r\n");
    QTest::newRow("too long") << QByteArray("GET /" + QByteArray(17 * 1024, 'x'));
    QTest::newRow("too large body")
        << QByteArrayLiteral("POST / HTTP/1.1\r\nContent-Length: 5000000\r\n\r\n");
}

void TestHttpRequestParser::byteAtATimeMatchesAllAtOnce() {
    QFETCH(QByteArray, input);
    QVERIFY(sameOutcome(parseByteAtATime(input), parseAllAtOnce(input)));
}

void TestHttpRequestParser::decidesKeepAlive_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("keepAlive");
    QTest::newRow("1.1 default") << QByteArrayLiteral("GET / HTTP/1.1\r\n\r\n") << true;
    QTest::newRow("1.1 close") << QByteArrayLiteral("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n")
                               << false;
    QTest::newRow("1.1 close in list")
        << QByteArrayLiteral("GET / HTTP/1.1\r\nConnection: x-foo, close\r\n\r\n") << false;
    QTest::newRow("1.0 default") << QByteArrayLiteral("GET / HTTP/1.0\r\n\r\n") << false;
    QTest::newRow("1.0 keep-alive")
        << QByteArrayLiteral("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n") << true;
}

void TestHttpRequestParser::decidesKeepAlive() {
    QFETCH(QByteArray, input);
    QFETCH(bool, keepAlive);
    HttpRequestParser parser;
    QCOMPARE(parser.feed(input), State::Complete);
    QCOMPARE(parser.takeRequest().wantsKeepAlive(), keepAlive);
}

void TestHttpRequestParser::buildsJsonResponses() {
    const HttpResponse ok = HttpResponse::json(201, QJsonObject{{QStringLiteral("id"), 7}});
    QCOMPARE(ok.status, 201);
    QCOMPARE(ok.body, QByteArrayLiteral("{\"id\":7}"));
    QCOMPARE(ok.headers.size(), 1);
    QCOMPARE(ok.headers[0].second, QByteArrayLiteral("application/json"));

    const HttpResponse error = HttpResponse::error(404, QStringLiteral("no such webhook"));
    QCOMPARE(error.status, 404);
    const QJsonObject body = QJsonDocument::fromJson(error.body).object();
    QCOMPARE(body.value(QStringLiteral("error")).toString(), QStringLiteral("no such webhook"));
}

void TestHttpRequestParser::randomMutationsNeverCrash() {
    const QList<QByteArray> corpus = {
        get("/v1/status?verbose=1", QByteArrayLiteral("Connection: keep-alive\r\n")),
        post(QByteArrayLiteral("{\"url\":\"http://example.com/hook\"}")),
        QByteArrayLiteral("GET / HTTP/1.0\nAccept: */*\n\n"),
        QByteArrayLiteral(
            "POST /x HTTP/1.1\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\nabc"),
        get("/a") + get("/b") + post(QByteArrayLiteral("c")),
    };
    const QByteArray interesting = QByteArrayLiteral("\r\n: \t\x00\x7f\x80\xff?%/-0123456789aZ,");
    const HttpRequestParser::Limits small{200, 40, 6};
    const QSet<int> statuses = {400, 413, 431, 501, 505};

    QRandomGenerator random(20240611);
    int completed = 0;
    int failed = 0;
    for (int iteration = 0; iteration < 10'000; ++iteration) {
        QByteArray input = corpus[random.bounded(int(corpus.size()))];
        const int mutations = random.bounded(1, 6);
        for (int m = 0; m < mutations; ++m) {
            const int at = input.isEmpty() ? 0 : random.bounded(int(input.size()));
            switch (random.bounded(6)) {
            case 0: // overwrite a byte
                if (!input.isEmpty())
                    input[at] = char(random.bounded(256));
                break;
            case 1: // insert a byte that means something to HTTP
                input.insert(at, interesting[random.bounded(int(interesting.size()))]);
                break;
            case 2: // drop a range
                input.remove(at, random.bounded(1, 8));
                break;
            case 3: // repeat a range
                input.insert(at, input.mid(at, random.bounded(1, 40)));
                break;
            case 4: // splice in the tail of another request
                input = input.left(at) + corpus[random.bounded(int(corpus.size()))].mid(at);
                break;
            default: // cut it short
                input.truncate(at);
                break;
            }
        }
        const HttpRequestParser::Limits limits =
            random.bounded(3) == 0 ? small : HttpRequestParser::Limits();
        const Outcome whole = parseAllAtOnce(input, limits);
        const Outcome pieces = parseInChunks(
            input, [&random] { return qsizetype(random.bounded(1, 24)); }, limits);
        if (!sameOutcome(whole, pieces))
            QFAIL(qPrintable(QStringLiteral("chunked parse differs for input %1")
                                 .arg(QString::fromLatin1(input.toPercentEncoding()))));
        if (whole.finalState == State::Failed) {
            ++failed;
            QVERIFY2(statuses.contains(whole.errorStatus),
                     qPrintable(QString::number(whole.errorStatus)));
        }
        for (const HttpRequest &request : whole.requests) {
            ++completed;
            QVERIFY(request.path.startsWith('/'));
            QVERIFY(request.body.size() <= limits.maxBodyBytes);
            QVERIFY(request.headers.size() <= limits.maxHeaderCount);
        }
    }
    // The mutations leave both good and bad requests, or the loop proves little.
    QVERIFY2(completed > 1000, qPrintable(QString::number(completed)));
    QVERIFY2(failed > 1000, qPrintable(QString::number(failed)));
}

QTEST_GUILESS_MAIN(TestHttpRequestParser)
#include "tst_httprequestparser.moc"

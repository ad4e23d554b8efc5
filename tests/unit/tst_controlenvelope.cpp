// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "controlenvelope.h"

#include <QTest>

// Control protocol 2: sealed requests and answers, what opens them and what refuses them.
namespace {

const QByteArray kKey =
    QByteArrayLiteral("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
const QByteArray kOtherKey =
    QByteArrayLiteral("fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210");
const QString kNode = QStringLiteral("11111111-1111-4111-8111-111111111111");
const QString kOtherNode = QStringLiteral("22222222-2222-4222-8222-222222222222");
const QString kBoot = QStringLiteral("b007");
constexpr qint64 kNow = 1'700'000'000;

using ControlEnvelope::Refusal;

ControlEnvelope::Request request(qint64 time = kNow) {
    ControlEnvelope::Request r;
    r.method = "POST";
    r.target = "/v1/deliveries?x=1";
    r.body = "{\"url\":\"http://h/?key=s3cret\"}";
    r.time = time;
    r.nonce = ControlEnvelope::freshNonce();
    r.node = kNode;
    r.boot = kBoot;
    return r;
}

// The monotonic clock a ReplayCache expires entries by, moved by hand: at() lets the seconds
// pass until the wall clock reads `wallSeconds` (from kNow) and gives that time back.
class SteppedClock {
public:
    qint64 at(qint64 wallSeconds) {
        m_ms = qMax(m_ms, (wallSeconds - kNow) * 1000);
        return wallSeconds;
    }
    void pass(qint64 seconds) { m_ms += seconds * 1000; }
    ReplayCache::MonotonicClock reader() const {
        return [this] {
            return m_ms;
        };
    }

private:
    qint64 m_ms = 0;
};

struct Opened {
    bool ok = false;
    Refusal refusal = Refusal::None;
    QString error;
    ControlEnvelope::Request request;
};

Opened open(const ControlEnvelope::Sealer &sealer, const QByteArray &sealed, ReplayCache &cache,
            qint64 now = kNow, const QString &node = kNode, const QString &boot = kBoot) {
    Opened result;
    const auto opened = sealer.openRequest(sealed, node, boot, now, cache, &result.refusal);
    result.ok = opened.ok();
    if (opened)
        result.request = *opened;
    else
        result.error = opened.error();
    return result;
}

} // namespace

class TestControlEnvelope : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sealedRequestOpensWithEveryField();
    void sealedRequestHidesEverythingButItsLength();
    void opensRequestSealedByIndependentImplementation();
    void everyChangedByteIsRefused();
    void otherClusterKeyCannotOpen();
    void requestForAnotherNodeIsRefused();
    void requestForAnEarlierRunIsRefusedAsBoot();
    void clockSkewOver60SecondsIsStale();
    void sameRequestTwiceIsReplayed();
    void refusedRequestDoesNotConsumeItsNonce();
    void garbageIsUndecipherable();
    void answerOpensOnlyForItsRequest();
    void opensAnswerSealedByIndependentImplementation();
    void sealedSizeDoesNotDependOnWhatTheBodyHolds();
    void answerOverTheLimitIsRefusedUnopened();
    void replayCacheExpiresOldNonces();
    void replayCacheStaysWithinBound();
    void requestsACacheMayHaveForgottenAreStale();
    void replayAfterTheClockStepsForwardAndBackIsRefused();
    void forgottenRequestStaysRefusedAfterTheClockStepsBack();
};

void TestControlEnvelope::sealedRequestOpensWithEveryField() {
    const ControlEnvelope::Sealer sealer(kKey);
    ReplayCache cache;
    const ControlEnvelope::Request sent = request();
    const Opened got = open(ControlEnvelope::Sealer(kKey), sealer.sealRequest(sent), cache);
    QVERIFY2(got.ok, qPrintable(got.error));
    QCOMPARE(got.request.method, sent.method);
    QCOMPARE(got.request.target, sent.target);
    QCOMPARE(got.request.body, sent.body);
    QCOMPARE(got.request.time, sent.time);
    QCOMPARE(got.request.nonce, sent.nonce);
}

void TestControlEnvelope::sealedRequestHidesEverythingButItsLength() {
    const ControlEnvelope::Sealer sealer(kKey);
    const ControlEnvelope::Request sent = request();
    const QByteArray sealed = sealer.sealRequest(sent);
    for (const QByteArray &secret : {QByteArray("s3cret"), QByteArray("deliveries"),
                                     kNode.toLatin1(), sent.nonce, QByteArray("POST")})
        QVERIFY2(!sealed.contains(secret), secret.constData());
    QVERIFY(sealer.sealRequest(sent) != sealed); // a fresh AEAD nonce each time
}

void TestControlEnvelope::opensRequestSealedByIndependentImplementation() {
    // Python's cryptography: AESGCM(HKDF(kKey, "gluster-events", "transport v2")), nonce
    // 000102030405060708090a0b, associated data "gluster-events request v2", the body base64.
    const QByteArray sealed = QByteArray::fromBase64(
        "AAECAwQFBgcICQoLbLwNhhQjJRamg7xGRMes+H7aLDnCIw7wJN6uY7YjuqxyfjTAxRmhvE9N+6H0YOjKTqvDDaC3"
        "F2v7ekyFguA2S/YWDS3qB7nUh6+ALvsbm4tvQZBxMQlSK6Kq1tpeS8/nSZbqkdX3/DQ9QGiHXmsbW1DnHXdsQ1iJ"
        "HukMG8rZtljtCmWAGgJp/Sap3IjjMgdXBgkzbfx5QR/+aJeJkWJZFy8C5rULdwjZtpHlyV695dIB6x70VRBlnLXO"
        "hHlFactP1XtehMiLnZrVuqiv9oGpbFizjch/sppd9uQ=");
    ReplayCache cache;
    const Opened got = open(ControlEnvelope::Sealer(kKey), sealed, cache);
    QVERIFY2(got.ok, qPrintable(got.error));
    QCOMPARE(got.request.target, QByteArray("/v1/deliveries"));
    QCOMPARE(got.request.body, QByteArray("{\"url\":\"http://h/\"}"));
    QCOMPARE(got.request.nonce, QByteArray("00112233445566778899aabbccddeeff"));
}

void TestControlEnvelope::everyChangedByteIsRefused() {
    const ControlEnvelope::Sealer sealer(kKey);
    const QByteArray sealed = sealer.sealRequest(request());
    for (qsizetype i = 0; i < sealed.size(); ++i) {
        QByteArray tampered = sealed;
        tampered[i] = char(tampered[i] ^ 0x01);
        ReplayCache cache;
        const Opened got = open(sealer, tampered, cache);
        QVERIFY2(!got.ok, qPrintable(QString::number(i)));
        QCOMPARE(got.refusal, Refusal::Undecipherable);
    }
}

void TestControlEnvelope::otherClusterKeyCannotOpen() {
    ReplayCache cache;
    const Opened got = open(ControlEnvelope::Sealer(kOtherKey),
                            ControlEnvelope::Sealer(kKey).sealRequest(request()), cache);
    QVERIFY(!got.ok);
    QCOMPARE(got.refusal, Refusal::Undecipherable);
    QVERIFY(got.error.contains(u"cluster key mismatch"));
    QCOMPARE(cache.size(), 0);
}

void TestControlEnvelope::requestForAnotherNodeIsRefused() {
    const ControlEnvelope::Sealer sealer(kKey);
    ReplayCache cache;
    const QByteArray sealed = sealer.sealRequest(request());
    const Opened elsewhere = open(sealer, sealed, cache, kNow, kOtherNode);
    QVERIFY(!elsewhere.ok);
    QCOMPARE(elsewhere.refusal, Refusal::OtherNode);
    QVERIFY(elsewhere.error.contains(kNode));
    // It is still good where it was meant to go: the refusal burnt nothing.
    QVERIFY(open(sealer, sealed, cache).ok);
}

void TestControlEnvelope::requestForAnEarlierRunIsRefusedAsBoot() {
    const ControlEnvelope::Sealer sealer(kKey);
    ReplayCache afterRestart;
    const Opened got = open(sealer, sealer.sealRequest(request()), afterRestart, kNow, kNode,
                            QStringLiteral("new"));
    QVERIFY(!got.ok);
    QCOMPARE(got.refusal, Refusal::Boot);
}

void TestControlEnvelope::clockSkewOver60SecondsIsStale() {
    const ControlEnvelope::Sealer sealer(kKey);
    ReplayCache cache;
    QCOMPARE(open(sealer, sealer.sealRequest(request(kNow - 61)), cache).refusal, Refusal::Stale);
    QCOMPARE(open(sealer, sealer.sealRequest(request(kNow + 61)), cache).refusal, Refusal::Stale);
    QVERIFY(open(sealer, sealer.sealRequest(request(kNow - 60)), cache).ok);
    QVERIFY(open(sealer, sealer.sealRequest(request(kNow + 60)), cache).ok);
}

void TestControlEnvelope::sameRequestTwiceIsReplayed() {
    const ControlEnvelope::Sealer sealer(kKey);
    ReplayCache cache;
    const QByteArray sealed = sealer.sealRequest(request());
    QVERIFY(open(sealer, sealed, cache).ok);
    const Opened again = open(sealer, sealed, cache, kNow + 5);
    QVERIFY(!again.ok);
    QCOMPARE(again.refusal, Refusal::Replayed);
}

void TestControlEnvelope::refusedRequestDoesNotConsumeItsNonce() {
    const ControlEnvelope::Sealer sealer(kKey);
    ReplayCache cache;
    const QByteArray sealed = sealer.sealRequest(request());
    QCOMPARE(open(sealer, sealed, cache, kNow, kNode, QStringLiteral("x")).refusal, Refusal::Boot);
    QCOMPARE(cache.size(), 0);
}

void TestControlEnvelope::garbageIsUndecipherable() {
    const ControlEnvelope::Sealer sealer(kKey);
    for (const QByteArray &garbage :
         {QByteArray(), QByteArray(27, 'x'), QByteArray(28, '\0'), QByteArray(4096, 'A')}) {
        ReplayCache cache;
        QCOMPARE(open(sealer, garbage, cache).refusal, Refusal::Undecipherable);
    }
}

void TestControlEnvelope::answerOpensOnlyForItsRequest() {
    const ControlEnvelope::Sealer sealer(kKey);
    const QByteArray nonce = ControlEnvelope::freshNonce();
    const QByteArray sealed = sealer.sealResponse({201, "{\"ok\":true}"}, nonce);
    QVERIFY(!sealed.contains("ok"));
    const auto opened = ControlEnvelope::Sealer(kKey).openResponse(sealed, nonce);
    QVERIFY2(opened.ok(), qPrintable(opened.error()));
    QCOMPARE(opened->status, 201);
    QCOMPARE(opened->body, QByteArray("{\"ok\":true}"));
    // The answer to another request, or from a node with another key, does not open.
    QVERIFY(!sealer.openResponse(sealed, ControlEnvelope::freshNonce()).ok());
    QVERIFY(!ControlEnvelope::Sealer(kOtherKey).openResponse(sealed, nonce).ok());
}

void TestControlEnvelope::opensAnswerSealedByIndependentImplementation() {
    // Python's cryptography, associated data "gluster-events response v2\n" + request nonce.
    const QByteArray sealed = QByteArray::fromBase64(
        "AAECAwQFBgcICQoLbLwTlwE/"
        "PwGmg6wmO7jauD2cIXqKZg79TJLtNYkk8YBdIwfukFbqpK7dZSZDj5QoUy6nquFKj1I=");
    const auto opened =
        ControlEnvelope::Sealer(kKey).openResponse(sealed, "00112233445566778899aabbccddeeff");
    QVERIFY2(opened.ok(), qPrintable(opened.error()));
    QCOMPARE(opened->status, 200);
    QCOMPARE(opened->body, QByteArray("{\"ok\":true}"));
}

void TestControlEnvelope::sealedSizeDoesNotDependOnWhatTheBodyHolds() {
    // Quotes, backslashes and control characters, which JSON would escape, and bytes that are not
    // UTF-8: each travels as it is, and the largest answer body still fits what a client reads.
    const ControlEnvelope::Sealer sealer(kKey);
    const QByteArray nonce = ControlEnvelope::freshNonce();
    for (const char c : {'a', '"', '\\', '\x01', '\x1f', '\xff'}) {
        const QByteArray body(ControlEnvelope::kMaxAnswerBodyBytes, c);
        const QByteArray sealed = sealer.sealResponse({200, body}, nonce);
        QVERIFY2(sealed.size() <= ControlEnvelope::sealedAnswerBytes(body.size()),
                 qPrintable(QString::number(sealed.size())));
        QVERIFY(sealed.size() <= ControlEnvelope::kMaxSealedAnswerBytes);
        const auto opened = sealer.openResponse(sealed, nonce);
        QVERIFY2(opened.ok(), qPrintable(opened.error()));
        QVERIFY(opened->body == body);

        ControlEnvelope::Request sent = request();
        sent.body = QByteArray(600 * 1024, c);
        const QByteArray sealedRequest = sealer.sealRequest(sent);
        QVERIFY(sealedRequest.size() <= ControlEnvelope::kMaxSealedRequestBytes);
        ReplayCache cache;
        const Opened got = open(sealer, sealedRequest, cache);
        QVERIFY2(got.ok, qPrintable(got.error));
        QVERIFY(got.request.body == sent.body);
    }
}

void TestControlEnvelope::answerOverTheLimitIsRefusedUnopened() {
    const ControlEnvelope::Sealer sealer(kKey);
    const QByteArray nonce = ControlEnvelope::freshNonce();
    const QByteArray sealed =
        sealer.sealResponse({200, QByteArray(ControlEnvelope::kMaxSealedAnswerBytes, 'x')}, nonce);
    QVERIFY(sealed.size() > ControlEnvelope::kMaxSealedAnswerBytes);
    const auto opened = sealer.openResponse(sealed, nonce);
    QVERIFY(!opened.ok());
    QCOMPARE(
        opened.error(),
        QStringLiteral("answer larger than %1 bytes").arg(ControlEnvelope::kMaxSealedAnswerBytes));
}

void TestControlEnvelope::replayCacheExpiresOldNonces() {
    SteppedClock clock;
    ReplayCache cache(120, 1000, clock.reader());
    QVERIFY(cache.remember("a", clock.at(kNow)));
    QVERIFY(!cache.remember("a", clock.at(kNow + 120)));
    QVERIFY(cache.remember("b", clock.at(kNow + 100)));
    QCOMPARE(cache.size(), 2);
    // 121 s after "a" was seen it is gone; "b" is still there.
    QVERIFY(cache.remember("c", clock.at(kNow + 121)));
    QCOMPARE(cache.size(), 2);
    QVERIFY(cache.remember("a", clock.at(kNow + 121)));
    QVERIFY(!cache.remember("b", clock.at(kNow + 121)));
    QVERIFY(!cache.lastEvictedAt().has_value());
}

void TestControlEnvelope::replayCacheStaysWithinBound() {
    ReplayCache cache(120, 100);
    for (int i = 0; i < 1000; ++i)
        QVERIFY(cache.remember(QByteArray::number(i), kNow + i / 100));
    QCOMPARE(cache.size(), 100);
    QVERIFY(cache.lastEvictedAt().has_value());
    QCOMPARE(*cache.lastEvictedAt(), kNow + 8);
    QVERIFY(!cache.remember("999", kNow + 9));
    QVERIFY(cache.remember("0", kNow + 9));
    QCOMPARE(cache.size(), 100);
}

void TestControlEnvelope::requestsACacheMayHaveForgottenAreStale() {
    const ControlEnvelope::Sealer sealer(kKey);
    ReplayCache cache(120, 2);
    const QByteArray first = sealer.sealRequest(request());
    QVERIFY(open(sealer, first, cache).ok);
    QVERIFY(open(sealer, sealer.sealRequest(request()), cache).ok);
    QVERIFY(open(sealer, sealer.sealRequest(request()), cache).ok); // evicts `first`
    QCOMPARE(cache.size(), 2);
    // `first` is no longer remembered but must not be accepted again.
    QCOMPARE(open(sealer, first, cache, kNow + 1).refusal, Refusal::Stale);
    // Requests made after the evicted one could have expired are accepted again.
    QVERIFY(open(sealer, sealer.sealRequest(request(kNow + 61)), cache, kNow + 61).ok);
}

void TestControlEnvelope::replayAfterTheClockStepsForwardAndBackIsRefused() {
    const ControlEnvelope::Sealer sealer(kKey);
    ReplayCache cache;
    const QByteArray captured = sealer.sealRequest(request());
    QVERIFY(open(sealer, captured, cache).ok);
    // The node's clock jumps 200 s ahead, takes a request there, and is set right again: a few
    // seconds have passed, and the captured request is as much a replay as before.
    QVERIFY(open(sealer, sealer.sealRequest(request(kNow + 200)), cache, kNow + 200).ok);
    const Opened replayed = open(sealer, captured, cache, kNow + 5);
    QVERIFY(!replayed.ok);
    QCOMPARE(replayed.refusal, Refusal::Replayed);
}

void TestControlEnvelope::forgottenRequestStaysRefusedAfterTheClockStepsBack() {
    const ControlEnvelope::Sealer sealer(kKey);
    SteppedClock clock;
    ReplayCache cache(120, 1000, clock.reader());
    const QByteArray captured = sealer.sealRequest(request());
    QVERIFY(open(sealer, captured, cache).ok);
    // Three minutes pass and the cache forgets the request; meanwhile the wall clock, which ran
    // three minutes fast, is set back, so the captured request's time looks recent again.
    clock.pass(180);
    const Opened replayed = open(sealer, captured, cache, kNow + 10);
    QVERIFY(!replayed.ok);
    QCOMPARE(replayed.refusal, Refusal::Stale);
    QCOMPARE(cache.size(), 0);
    // Requests made since are taken.
    QVERIFY(open(sealer, sealer.sealRequest(request(kNow + 10)), cache, kNow + 10).ok);
}

QTEST_GUILESS_MAIN(TestControlEnvelope)
#include "tst_controlenvelope.moc"

#include "requestauth.h"

#include <QTest>

namespace {

const QByteArray kKey =
    QByteArrayLiteral("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
const QByteArray kOtherKey =
    QByteArrayLiteral("fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210");
constexpr qint64 kNow = 1'700'000'000;

// A signed request as a client sends it.
struct Signed {
    QByteArray method = QByteArrayLiteral("POST");
    QByteArray path = QByteArrayLiteral("/v1/webhooks?x=1");
    QByteArray body = QByteArrayLiteral("{\"url\":\"http://h/\"}");
    QByteArray time;
    QByteArray nonce;
    QByteArray signature;
};

Signed sign(const RequestAuth &auth, qint64 now = kNow) {
    Signed request;
    const auto headers = auth.signRequest(request.method, request.path, request.body, now);
    for (const auto &[name, value] : headers) {
        if (name == RequestAuth::kTimeHeader)
            request.time = value;
        else if (name == RequestAuth::kNonceHeader)
            request.nonce = value;
        else if (name == RequestAuth::kSignatureHeader)
            request.signature = value;
    }
    return request;
}

AuthResult verify(const RequestAuth &auth, const Signed &r, ReplayCache &cache, qint64 now = kNow) {
    return auth.verifyRequest(r.method, r.path, r.body, r.time, r.nonce, r.signature, now, cache);
}

} // namespace

class TestRequestAuth : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void signRequestGivesTimeNonceAndSignatureHeaders();
    void signedRequestVerifies();
    void signatureMatchesIndependentVector();
    void tamperedFieldFailsWithBadSignature_data();
    void tamperedFieldFailsWithBadSignature();
    void otherClusterKeyFailsWithBadSignature();
    void clockSkewOver60SecondsIsStale();
    void clockSkewOf60SecondsIsAccepted();
    void sameNonceTwiceIsReplayed();
    void forgedRequestDoesNotConsumeNonce();
    void missingHeadersFailAsMissing_data();
    void missingHeadersFailAsMissing();
    void malformedHeadersFailAsMalformed_data();
    void malformedHeadersFailAsMalformed();
    void responseSignatureRoundTrips();
    void responseSignatureFromOtherKeyIsRejected();
    void replayCacheExpiresOldNonces();
    void replayCacheStaysWithinBound();
    void requestsACacheMayHaveForgottenAreStale();
};

void TestRequestAuth::signRequestGivesTimeNonceAndSignatureHeaders() {
    const RequestAuth auth(kKey);
    const auto headers = auth.signRequest("GET", "/v1/status", "", kNow);
    QCOMPARE(headers.size(), 3);
    QCOMPARE(headers.at(0).first, QByteArrayLiteral("x-events-time"));
    QCOMPARE(headers.at(0).second, QByteArrayLiteral("1700000000"));
    QCOMPARE(headers.at(1).first, QByteArrayLiteral("x-events-nonce"));
    QCOMPARE(headers.at(1).second.size(), 32);
    QCOMPARE(headers.at(2).first, QByteArrayLiteral("x-events-signature"));
    QCOMPARE(headers.at(2).second.size(), 64);
    // A fresh nonce every time.
    QVERIFY(auth.signRequest("GET", "/v1/status", "", kNow).at(1).second != headers.at(1).second);
}

void TestRequestAuth::signedRequestVerifies() {
    const RequestAuth auth(kKey);
    ReplayCache cache;
    const AuthResult result = verify(auth, sign(auth), cache);
    QVERIFY2(result.ok, qPrintable(result.reason));
    QVERIFY(result.reason.isEmpty());
    QCOMPARE(cache.size(), 1);
    // A node reloads the same key into a new object: still verifies.
    const AuthResult again = verify(RequestAuth(kKey), sign(auth), cache);
    QVERIFY2(again.ok, qPrintable(again.reason));
}

void TestRequestAuth::signatureMatchesIndependentVector() {
    // Computed with Python's hmac/hashlib from the canonical string the protocol defines.
    const RequestAuth auth(kKey);
    ReplayCache cache;
    const QByteArray signature("b670aafd42cbfd556cb0e33a4f1bafb207acad37bfd6052141badb331ac41566");
    const AuthResult result =
        auth.verifyRequest("POST", "/v1/webhooks?x=1", "{\"url\":\"http://h/\"}", "1700000000",
                           "00112233445566778899aabbccddeeff", signature, kNow, cache);
    QVERIFY2(result.ok, qPrintable(result.reason));

    const QByteArray responseSignature(
        "fe1036b90022139043afed4c4d3b9fbd98cf5a4d6799ada64c6287ba98b78d8b");
    QCOMPARE(auth.signResponse(200, "00112233445566778899aabbccddeeff", "{}"), responseSignature);
}

void TestRequestAuth::tamperedFieldFailsWithBadSignature_data() {
    QTest::addColumn<int>("field");
    QTest::newRow("method") << 0;
    QTest::newRow("path") << 1;
    QTest::newRow("query") << 2;
    QTest::newRow("body") << 3;
    QTest::newRow("time") << 4;
    QTest::newRow("nonce") << 5;
    QTest::newRow("signature") << 6;
}

void TestRequestAuth::tamperedFieldFailsWithBadSignature() {
    QFETCH(int, field);
    const RequestAuth auth(kKey);
    ReplayCache cache;
    Signed request = sign(auth);
    const auto flipLast = [](QByteArray &hex) {
        hex.back() = hex.back() == '0' ? '1' : '0';
    };
    switch (field) {
    case 0:
        request.method = QByteArrayLiteral("PUT");
        break;
    case 1:
        request.path.replace("webhooks", "config");
        break;
    case 2:
        request.path.append("&y=2");
        break;
    case 3:
        request.body.append(' ');
        break;
    case 4:
        request.time = QByteArray::number(kNow + 1);
        break;
    case 5:
        flipLast(request.nonce);
        break;
    case 6:
        flipLast(request.signature);
        break;
    }
    const AuthResult result = verify(auth, request, cache);
    QVERIFY(!result.ok);
    QCOMPARE(result.failure, AuthFailure::BadSignature);
    QCOMPARE(result.reason, QStringLiteral("bad signature: cluster key mismatch"));
    QCOMPARE(cache.size(), 0);
}

void TestRequestAuth::otherClusterKeyFailsWithBadSignature() {
    ReplayCache cache;
    const AuthResult result = verify(RequestAuth(kKey), sign(RequestAuth(kOtherKey)), cache);
    QVERIFY(!result.ok);
    QCOMPARE(result.failure, AuthFailure::BadSignature);
}

void TestRequestAuth::clockSkewOver60SecondsIsStale() {
    const RequestAuth auth(kKey);
    ReplayCache cache;
    for (const qint64 skew : {61, -61, 3600}) {
        const AuthResult result = verify(auth, sign(auth, kNow + skew), cache);
        QVERIFY(!result.ok);
        QCOMPARE(result.failure, AuthFailure::Stale);
        QCOMPARE(result.reason, QStringLiteral("stale request (clock skew over 60 s?)"));
    }
    QCOMPARE(cache.size(), 0);
}

void TestRequestAuth::clockSkewOf60SecondsIsAccepted() {
    const RequestAuth auth(kKey);
    ReplayCache cache;
    for (const qint64 skew : {60, -60}) {
        const AuthResult result = verify(auth, sign(auth, kNow + skew), cache);
        QVERIFY2(result.ok, qPrintable(result.reason));
    }
}

void TestRequestAuth::sameNonceTwiceIsReplayed() {
    const RequestAuth auth(kKey);
    ReplayCache cache;
    const Signed request = sign(auth);
    QVERIFY(verify(auth, request, cache).ok);
    for (const qint64 later : {0, 30, 60}) {
        const AuthResult result = verify(auth, request, cache, kNow + later);
        QVERIFY(!result.ok);
        QCOMPARE(result.failure, AuthFailure::Replayed);
        QCOMPARE(result.reason, QStringLiteral("replayed request"));
    }
    // Once the request is too old to replay, it is refused as stale.
    QCOMPARE(verify(auth, request, cache, kNow + 61).failure, AuthFailure::Stale);
}

void TestRequestAuth::forgedRequestDoesNotConsumeNonce() {
    const RequestAuth auth(kKey);
    ReplayCache cache;
    const Signed genuine = sign(auth);
    Signed forged = genuine;
    forged.body = QByteArrayLiteral("{\"url\":\"http://evil/\"}");
    QCOMPARE(verify(auth, forged, cache).failure, AuthFailure::BadSignature);
    QCOMPARE(cache.size(), 0);
    const AuthResult result = verify(auth, genuine, cache);
    QVERIFY2(result.ok, qPrintable(result.reason));
}

void TestRequestAuth::missingHeadersFailAsMissing_data() {
    QTest::addColumn<int>("field");
    QTest::newRow("time") << 0;
    QTest::newRow("nonce") << 1;
    QTest::newRow("signature") << 2;
    QTest::newRow("all") << 3;
}

void TestRequestAuth::missingHeadersFailAsMissing() {
    QFETCH(int, field);
    const RequestAuth auth(kKey);
    ReplayCache cache;
    Signed request = sign(auth);
    if (field == 0 || field == 3)
        request.time.clear();
    if (field == 1 || field == 3)
        request.nonce.clear();
    if (field == 2 || field == 3)
        request.signature.clear();
    const AuthResult result = verify(auth, request, cache);
    QVERIFY(!result.ok);
    QCOMPARE(result.failure, AuthFailure::Missing);
    QCOMPARE(result.reason, QStringLiteral("missing authentication"));
}

void TestRequestAuth::malformedHeadersFailAsMalformed_data() {
    QTest::addColumn<QByteArray>("time");
    QTest::addColumn<QByteArray>("nonce");
    QTest::addColumn<QByteArray>("signature");
    const QByteArray time("1700000000");
    const QByteArray nonce("00112233445566778899aabbccddeeff");
    const QByteArray signature(64, 'a');
    QTest::newRow("time not a number") << QByteArray("17e8") << nonce << signature;
    QTest::newRow("negative time") << QByteArray("-1700000000") << nonce << signature;
    QTest::newRow("time too long") << QByteArray(40, '1') << nonce << signature;
    QTest::newRow("nonce not hex") << time << QByteArray(32, 'g') << signature;
    QTest::newRow("nonce too short") << time << nonce.left(30) << signature;
    QTest::newRow("signature not hex") << time << nonce << QByteArray(64, 'z');
    QTest::newRow("signature too long") << time << nonce << QByteArray(66, 'a');
    QTest::newRow("signature base64") << time << nonce << QByteArray(32, 'a').toBase64();
}

void TestRequestAuth::malformedHeadersFailAsMalformed() {
    QFETCH(QByteArray, time);
    QFETCH(QByteArray, nonce);
    QFETCH(QByteArray, signature);
    const RequestAuth auth(kKey);
    ReplayCache cache;
    const AuthResult result =
        auth.verifyRequest("GET", "/v1/status", "", time, nonce, signature, kNow, cache);
    QVERIFY(!result.ok);
    QCOMPARE(result.failure, AuthFailure::Malformed);
    QCOMPARE(result.reason, QStringLiteral("malformed authentication"));
}

void TestRequestAuth::responseSignatureRoundTrips() {
    const RequestAuth auth(kKey);
    const QByteArray nonce("00112233445566778899aabbccddeeff");
    const QByteArray body("{\"ok\":true}");
    const QByteArray signature = auth.signResponse(200, nonce, body);
    QCOMPARE(signature.size(), 64);
    QVERIFY(auth.verifyResponse(200, nonce, body, signature));
    QVERIFY(RequestAuth(kKey).verifyResponse(200, nonce, body, signature.toUpper()));
    QVERIFY(!auth.verifyResponse(500, nonce, body, signature));
    QVERIFY(!auth.verifyResponse(200, "ffeeddccbbaa99887766554433221100", body, signature));
    QVERIFY(!auth.verifyResponse(200, nonce, "{\"ok\":false}", signature));
    QVERIFY(!auth.verifyResponse(200, nonce, body, ""));
    QVERIFY(!auth.verifyResponse(200, nonce, body, signature.left(63)));
}

void TestRequestAuth::responseSignatureFromOtherKeyIsRejected() {
    const QByteArray nonce("00112233445566778899aabbccddeeff");
    const QByteArray signature = RequestAuth(kOtherKey).signResponse(401, nonce, "");
    QVERIFY(!RequestAuth(kKey).verifyResponse(401, nonce, "", signature));
}

void TestRequestAuth::replayCacheExpiresOldNonces() {
    ReplayCache cache(120, 1000);
    QVERIFY(cache.remember("a", kNow));
    QVERIFY(!cache.remember("a", kNow + 120));
    QVERIFY(cache.remember("b", kNow + 100));
    QCOMPARE(cache.size(), 2);
    // 121 s after "a" was seen it is gone; "b" is still there.
    QVERIFY(cache.remember("c", kNow + 121));
    QCOMPARE(cache.size(), 2);
    QVERIFY(cache.remember("a", kNow + 121));
    QVERIFY(!cache.remember("b", kNow + 121));
    QVERIFY(!cache.lastEvictedAt().has_value());
}

void TestRequestAuth::replayCacheStaysWithinBound() {
    ReplayCache cache(120, 100);
    for (int i = 0; i < 1000; ++i)
        QVERIFY(cache.remember(QByteArray::number(i), kNow + i / 100));
    QCOMPARE(cache.size(), 100);
    QVERIFY(cache.lastEvictedAt().has_value());
    QCOMPARE(*cache.lastEvictedAt(), kNow + 8);
    // The newest are kept.
    QVERIFY(!cache.remember("999", kNow + 9));
    QVERIFY(cache.remember("0", kNow + 9));
    QCOMPARE(cache.size(), 100);
}

void TestRequestAuth::requestsACacheMayHaveForgottenAreStale() {
    const RequestAuth auth(kKey);
    ReplayCache cache(120, 2);
    const Signed first = sign(auth);
    QVERIFY(verify(auth, first, cache).ok);
    QVERIFY(verify(auth, sign(auth), cache).ok);
    QVERIFY(verify(auth, sign(auth), cache).ok); // evicts `first`
    QCOMPARE(cache.size(), 2);

    // `first` is no longer remembered but must not be accepted again.
    const AuthResult replay = verify(auth, first, cache, kNow + 1);
    QVERIFY(!replay.ok);
    QCOMPARE(replay.failure, AuthFailure::Stale);
    QCOMPARE(replay.reason, QStringLiteral("stale request (replay cache full)"));

    // Requests made after the evicted one could have expired are accepted again.
    const AuthResult later = verify(auth, sign(auth, kNow + 61), cache, kNow + 61);
    QVERIFY2(later.ok, qPrintable(later.reason));
}

QTEST_GUILESS_MAIN(TestRequestAuth)
#include "tst_requestauth.moc"

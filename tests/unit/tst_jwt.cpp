// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "jwt.h"

#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QTest>

// The expected tokens below were computed independently of this code, with Python's hmac,
// hashlib, base64 and json (compact separators, sorted keys), e.g.:
//   h = b64url('{"alg":"HS256","typ":"JWT"}'); c = b64url(json.dumps(claims, sort_keys=True,
//   separators=(',', ':'))); token = h + '.' + c + '.' + b64url(hmac(secret, h + '.' + c))
namespace {

const QByteArray kSampleJwt = QByteArrayLiteral("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
                                                "eyJleHAiOjE0NjgzMDM0MTIsImlhdCI6MTQ2ODMwMzM1MiwiaX"
                                                "NzIjoiZ2x1c3RlciIsInN1YiI6IlZPTFVNRV9DUkVBVEUifQ."
                                                "kR6FXW7968vcwOzkGnLKMB_GTgG3mBZcKA79gK7gg5s");

QJsonObject claims(const char *type, qint64 iat, qint64 exp) {
    return QJsonObject{{QStringLiteral("iss"), QStringLiteral("gluster")},
                       {QStringLiteral("sub"), QString::fromLatin1(type)},
                       {QStringLiteral("iat"), iat},
                       {QStringLiteral("exp"), exp}};
}

QByteArray fromBase64Url(const QByteArray &part) {
    const auto decoded = QByteArray::fromBase64Encoding(
        part, QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    return decoded ? *decoded : QByteArray();
}

QJsonObject decodeObject(const QByteArray &part) {
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(fromBase64Url(part), &error);
    return error.error == QJsonParseError::NoError ? document.object() : QJsonObject();
}

} // namespace

class TestJwt : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void signsLikeKnownAnswer_data();
    void signsLikeKnownAnswer();
    void secretGivesBearerJwt();
    void secretIsUsedAsUtf8();
    void secretWinsOverToken();
    void tokenOnlyGivesBearerToken();
    void neitherTokenNorSecretGivesNoHeader();
    void jwtCarriesTheOriginalsHeaderAndClaims();
    void jwtSignatureIsHmacSha256OverHeaderDotClaims();
    void jwtIsBase64UrlWithoutPadding();
    void jwtIsMadeFreshForEachAttempt();
};

void TestJwt::signsLikeKnownAnswer_data() {
    QTest::addColumn<QJsonObject>("claims");
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("sample event") << claims("VOLUME_CREATE", 1468303352, 1468303412)
                                  << QByteArrayLiteral("s3cr3t") << kSampleJwt;
    QTest::newRow("secret with spaces, zero iat")
        << claims("PEER_ATTACH", 0, 60) << QByteArrayLiteral("another secret with spaces")
        << QByteArrayLiteral(
               "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
               "eyJleHAiOjYwLCJpYXQiOjAsImlzcyI6ImdsdXN0ZXIiLCJzdWIiOiJQRUVSX0FUVEFDSCJ9."
               "3-r-IUk5KQe3PkkPOfvqyXfVUQvyEtLmmsTwIqIwGu8");
    QTest::newRow("empty claims") << QJsonObject() << QByteArrayLiteral("k")
                                  << QByteArrayLiteral(
                                         "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30."
                                         "sdq8hlcnGupCQofW8T3WXS8lMHPKjY78f7plDHoTsoI");
    QTest::newRow("empty secret")
        << claims("VOLUME_SET", 1, 61) << QByteArray()
        << QByteArrayLiteral(
               "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
               "eyJleHAiOjYxLCJpYXQiOjEsImlzcyI6ImdsdXN0ZXIiLCJzdWIiOiJWT0xVTUVfU0VUIn0."
               "13vXhktKyvyUqMCAPYktAQdmz_Pj7Dv_OcZu8ILHDBY");
}

void TestJwt::signsLikeKnownAnswer() {
    QFETCH(QJsonObject, claims);
    QFETCH(QByteArray, secret);
    QFETCH(QByteArray, expected);
    QCOMPARE(Jwt::signHs256(claims, secret), expected);
}

void TestJwt::secretGivesBearerJwt() {
    const QByteArray header =
        Jwt::authorizationHeader(QString(), QStringLiteral("s3cr3t"),
                                 QStringLiteral("VOLUME_CREATE"), 1468303352, 1468303352);
    QCOMPARE(header, QByteArrayLiteral("Bearer ") + kSampleJwt);

    const QByteArray later = Jwt::authorizationHeader(
        QString(), QStringLiteral("s3cr3t"), QStringLiteral("PEER_DETACH"), 1700000000, 1700000040);
    QCOMPARE(later, QByteArrayLiteral("Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
                                      "eyJleHAiOjE3MDAwMDAxMDAsImlhdCI6MTcwMDAwMDAwMCwiaXNzIjoiZ2x1"
                                      "c3RlciIsInN1YiI6IlBFRVJfREVUQUNIIn0."
                                      "-hLTF7sZnz_DBx7oVXIJGG5owulGBMOhgMcB0c-v3rM"));
}

void TestJwt::secretIsUsedAsUtf8() {
    const QByteArray header =
        Jwt::authorizationHeader(QString(), QStringLiteral("cl\u00e9"),
                                 QStringLiteral("VOLUME_CREATE"), 1468303352, 1468303352);
    QCOMPARE(header,
             QByteArrayLiteral("Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
                               "eyJleHAiOjE0NjgzMDM0MTIsImlhdCI6MTQ2ODMwMzM1MiwiaXNzIjoiZ2x1"
                               "c3RlciIsInN1YiI6IlZPTFVNRV9DUkVBVEUifQ."
                               "sU5k9p75zlSRM-BmajSs5wniw4anF8C2_W5eR6vyFY0"));
}

void TestJwt::secretWinsOverToken() {
    const QByteArray header =
        Jwt::authorizationHeader(QStringLiteral("tok"), QStringLiteral("s3cr3t"),
                                 QStringLiteral("VOLUME_CREATE"), 1468303352, 1468303352);
    QCOMPARE(header, QByteArrayLiteral("Bearer ") + kSampleJwt);
}

void TestJwt::tokenOnlyGivesBearerToken() {
    QCOMPARE(Jwt::authorizationHeader(QStringLiteral("tok-123"), QString(),
                                      QStringLiteral("VOLUME_CREATE"), 1, 2),
             QByteArrayLiteral("Bearer tok-123"));
    QCOMPARE(Jwt::authorizationHeader(QStringLiteral("t\u00f6k"), QString(),
                                      QStringLiteral("VOLUME_CREATE"), 1, 2),
             QByteArrayLiteral("Bearer t\xc3\xb6k"));
}

void TestJwt::neitherTokenNorSecretGivesNoHeader() {
    QVERIFY(Jwt::authorizationHeader(QString(), QString(), QStringLiteral("VOLUME_CREATE"), 1, 2)
                .isEmpty());
    QVERIFY(Jwt::authorizationHeader(QStringLiteral(""), QStringLiteral(""),
                                     QStringLiteral("VOLUME_CREATE"), 1, 2)
                .isEmpty());
}

void TestJwt::jwtCarriesTheOriginalsHeaderAndClaims() {
    const qint64 now = 1700000123;
    const QByteArray header = Jwt::authorizationHeader(
        QString(), QStringLiteral("s3cr3t"), QStringLiteral("GEOREP_CREATE"), 1700000000, now);
    QVERIFY(header.startsWith("Bearer "));
    const QList<QByteArray> parts = header.mid(7).split('.');
    QCOMPARE(parts.size(), 3);

    const QJsonObject jose = decodeObject(parts[0]);
    QCOMPARE(jose.value(QStringLiteral("alg")).toString(), QStringLiteral("HS256"));
    QCOMPARE(jose.value(QStringLiteral("typ")).toString(), QStringLiteral("JWT"));

    const QJsonObject claims = decodeObject(parts[1]);
    QCOMPARE(claims.size(), 4);
    QCOMPARE(claims.value(QStringLiteral("iss")).toString(), QStringLiteral("gluster"));
    QCOMPARE(claims.value(QStringLiteral("sub")).toString(), QStringLiteral("GEOREP_CREATE"));
    QCOMPARE(claims.value(QStringLiteral("iat")).toInteger(), qint64(1700000000));
    QCOMPARE(claims.value(QStringLiteral("exp")).toInteger(), now + 60);
    QCOMPARE(Jwt::kLifetimeSeconds, qint64(60));
}

void TestJwt::jwtSignatureIsHmacSha256OverHeaderDotClaims() {
    const QByteArray secret =
        QByteArrayLiteral("a much longer secret, longer than one SHA-256 block "
                          "of sixty-four bytes, so the key gets hashed first");
    const QByteArray header =
        Jwt::authorizationHeader(QStringLiteral("ignored"), QString::fromUtf8(secret),
                                 QStringLiteral("VOLUME_STOP"), 1468303352, 1468303400);
    const QByteArray jwt = header.mid(7);
    const qsizetype lastDot = jwt.lastIndexOf('.');
    QVERIFY(lastDot > 0);
    const QByteArray signingInput = jwt.left(lastDot);
    QCOMPARE(signingInput.count('.'), qsizetype(1));

    const QByteArray expectedMac =
        QMessageAuthenticationCode::hash(signingInput, secret, QCryptographicHash::Sha256);
    QCOMPARE(fromBase64Url(jwt.mid(lastDot + 1)), expectedMac);
}

void TestJwt::jwtIsBase64UrlWithoutPadding() {
    // Many tokens, so that some MACs contain the bytes base64 would write as '+' or '/'.
    for (qint64 ts = 0; ts < 64; ++ts) {
        const QByteArray header = Jwt::authorizationHeader(QString(), QStringLiteral("s3cr3t"),
                                                           QStringLiteral("VOLUME_CREATE"), ts, ts);
        const QByteArray jwt = header.mid(7);
        QVERIFY2(!jwt.contains('=') && !jwt.contains('+') && !jwt.contains('/'), jwt.constData());
    }
}

void TestJwt::jwtIsMadeFreshForEachAttempt() {
    const QString secret = QStringLiteral("s3cr3t");
    const QString type = QStringLiteral("VOLUME_CREATE");
    const QByteArray first =
        Jwt::authorizationHeader(QString(), secret, type, 1468303352, 1468303352);
    const QByteArray retry =
        Jwt::authorizationHeader(QString(), secret, type, 1468303352, 1468303370);
    QVERIFY(first != retry);
    const QJsonObject retryClaims = decodeObject(retry.mid(7).split('.').at(1));
    QCOMPARE(retryClaims.value(QStringLiteral("exp")).toInteger(), qint64(1468303430));
    QCOMPARE(retryClaims.value(QStringLiteral("iat")).toInteger(), qint64(1468303352));
}

QTEST_GUILESS_MAIN(TestJwt)
#include "tst_jwt.moc"

// Standard Webhooks signatures, checked against the specification's published example.
#include "webhooksignature.h"

#include <QTest>

class TestWebhookSignature : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void matchesPublishedExample();
    void rejectsUnusableSecrets_data();
    void rejectsUnusableSecrets();
};

void TestWebhookSignature::matchesPublishedExample() {
    // From the Standard Webhooks specification (verified independently with Python's hmac).
    const auto key =
        WebhookSignature::parseSecret(QStringLiteral("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
    QVERIFY2(key.ok(), qPrintable(key.error()));
    const QByteArray body = "{\"test\": 2432232314}";
    QCOMPARE(WebhookSignature::sign(*key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body),
             QByteArray("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));
}

void TestWebhookSignature::rejectsUnusableSecrets_data() {
    QTest::addColumn<QString>("secret");
    QTest::newRow("no prefix") << QStringLiteral("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    QTest::newRow("not base64") << QStringLiteral("whsec_not*base64*at*all*!!");
    QTest::newRow("too short") << QStringLiteral("whsec_c2hvcnQ=");
    QTest::newRow("empty key") << QStringLiteral("whsec_");
}

void TestWebhookSignature::rejectsUnusableSecrets() {
    QFETCH(QString, secret);
    const auto key = WebhookSignature::parseSecret(secret);
    QVERIFY(!key.ok());
    QVERIFY(key.error().contains(QStringLiteral("whsec_")));
}

QTEST_GUILESS_MAIN(TestWebhookSignature)
#include "tst_webhooksignature.moc"

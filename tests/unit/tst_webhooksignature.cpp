// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// Standard Webhooks signatures, checked against the specification's published example.
#include "webhooksecrets.h"
#include "webhooksignature.h"

#include <QTest>

class TestWebhookSignature : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void matchesPublishedExample();
};

void TestWebhookSignature::matchesPublishedExample() {
    // From the Standard Webhooks specification (verified independently with Python's hmac).
    const auto key = WebhookSecrets::parseSigningSecret(
        QStringLiteral("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
    QVERIFY2(key.ok(), qPrintable(key.error()));
    const QByteArray body = "{\"test\": 2432232314}";
    QCOMPARE(WebhookSignature::sign(*key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body),
             QByteArray("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));
}

QTEST_GUILESS_MAIN(TestWebhookSignature)
#include "tst_webhooksignature.moc"

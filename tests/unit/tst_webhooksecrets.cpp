// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// The rules for a webhook's secrets that webhook-add and webhook-mod check.
#include "webhooksecrets.h"

#include <QTest>

class TestWebhookSecrets : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rejectsUnusableSecrets_data();
    void rejectsUnusableSecrets();
};

void TestWebhookSecrets::rejectsUnusableSecrets_data() {
    QTest::addColumn<QString>("secret");
    QTest::newRow("no prefix") << QStringLiteral("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    QTest::newRow("not base64") << QStringLiteral("whsec_not*base64*at*all*!!");
    QTest::newRow("too short") << QStringLiteral("whsec_c2hvcnQ=");
    QTest::newRow("empty key") << QStringLiteral("whsec_");
}

void TestWebhookSecrets::rejectsUnusableSecrets() {
    QFETCH(QString, secret);
    const auto key = WebhookSecrets::parseSigningSecret(secret);
    QVERIFY(!key.ok());
    QVERIFY(key.error().contains(QStringLiteral("whsec_")));
}

QTEST_GUILESS_MAIN(TestWebhookSecrets)
#include "tst_webhooksecrets.moc"

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// A delivery attempt as `deliveries` lists it: the CLI and the GUI read these names.
#include "deliveryattempt.h"

#include <QJsonObject>
#include <QTest>

class TestDeliveryAttempt : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void listsEveryFieldUnderItsName();
    void aDeliveredAttemptHasAnEmptyError();
};

void TestDeliveryAttempt::listsEveryFieldUnderItsName() {
    const DeliveryAttempt attempt{1'700'000'000'123,
                                  QStringLiteral("http://a/"),
                                  "0123456789abcdef-7",
                                  QStringLiteral("VOLUME_CREATE"),
                                  503,
                                  42,
                                  QStringLiteral("HTTP 503")};
    const QJsonObject expected{{QStringLiteral("time_ms"), qint64(1'700'000'000'123)},
                               {QStringLiteral("webhook"), QStringLiteral("http://a/")},
                               {QStringLiteral("event"), QStringLiteral("0123456789abcdef-7")},
                               {QStringLiteral("type"), QStringLiteral("VOLUME_CREATE")},
                               {QStringLiteral("status"), 503},
                               {QStringLiteral("latency_ms"), qint64(42)},
                               {QStringLiteral("error"), QStringLiteral("HTTP 503")}};
    QCOMPARE(attempt.toJson(), expected);
}

void TestDeliveryAttempt::aDeliveredAttemptHasAnEmptyError() {
    DeliveryAttempt attempt;
    attempt.status = 200;
    const QJsonObject row = attempt.toJson();
    QVERIFY(row.value(QStringLiteral("error")).isString());
    QCOMPARE(row.value(QStringLiteral("error")).toString(), QString());
    // No answer at all is status 0, not a missing key.
    QCOMPARE(DeliveryAttempt{}.toJson().value(QStringLiteral("status")).toInt(-1), 0);
}

QTEST_GUILESS_MAIN(TestDeliveryAttempt)
#include "tst_deliveryattempt.moc"

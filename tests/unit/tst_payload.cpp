// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "datagramparser.h"
#include "payload.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace {

const QString kNodeId = QStringLiteral("95cd599c-5d87-43c1-8fba-b12821fd41b6");

} // namespace

class TestPayload : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void encodesSampleEventExactly();
    void sortsNestedMessageKeys();
    void keepsValueTypes();
    void encodesEventWithoutDetailsAsEmptyMessage();
    void writesTimestampAsInteger_data();
    void writesTimestampAsInteger();
    void escapesStringsIntoValidJson();
    void encodesParsedDatagramLikeTheOriginal();
    void writesWhatQtJsonWriterWrites_data();
    void writesWhatQtJsonWriterWrites();
    void testBodyIsJsonNull();
};

void TestPayload::encodesSampleEventExactly() {
    const Event event{QStringLiteral("VOLUME_CREATE"), 1468303352,
                      QJsonObject{{QStringLiteral("name"), QStringLiteral("gv1")}}};
    QCOMPARE(
        Payload::encode(event, kNodeId),
        QByteArrayLiteral(R"({"event":"VOLUME_CREATE","message":{"name":"gv1"},)"
                          R"("nodeid":"95cd599c-5d87-43c1-8fba-b12821fd41b6","ts":1468303352})"));
}

void TestPayload::sortsNestedMessageKeys() {
    QJsonObject message;
    message.insert(QStringLiteral("zeta"), QStringLiteral("1"));
    message.insert(QStringLiteral("alpha"), QStringLiteral("2"));
    message.insert(QStringLiteral("Mid"), QStringLiteral("3"));
    message.insert(QStringLiteral("nested"),
                   QJsonObject{{QStringLiteral("b"), 1}, {QStringLiteral("a"), 2}});
    const Event event{QStringLiteral("VOLUME_CREATE"), 1, message};
    QCOMPARE(Payload::encode(event, kNodeId),
             QByteArrayLiteral(R"({"event":"VOLUME_CREATE","message":{"Mid":"3","alpha":"2",)"
                               R"("nested":{"a":2,"b":1},"zeta":"1"},)"
                               R"("nodeid":"95cd599c-5d87-43c1-8fba-b12821fd41b6","ts":1})"));
}

void TestPayload::keepsValueTypes() {
    const QJsonObject message{
        {QStringLiteral("force"), true},
        {QStringLiteral("push-pem"), false},
        {QStringLiteral("ssh-port"), 22},
        {QStringLiteral("options"),
         QJsonArray{QJsonArray{QStringLiteral("k1"), QStringLiteral("v1")},
                    QJsonArray{QStringLiteral("k2")}}},
        {QStringLiteral("name"), QStringLiteral("gv1")},
    };
    const Event event{QStringLiteral("VOLUME_SET"), 1468303352, message};
    QCOMPARE(
        Payload::encode(event, kNodeId),
        QByteArrayLiteral(R"({"event":"VOLUME_SET","message":{"force":true,"name":"gv1",)"
                          R"("options":[["k1","v1"],["k2"]],"push-pem":false,"ssh-port":22},)"
                          R"("nodeid":"95cd599c-5d87-43c1-8fba-b12821fd41b6","ts":1468303352})"));
}

void TestPayload::encodesEventWithoutDetailsAsEmptyMessage() {
    const Event event{QStringLiteral("PEER_ATTACH"), 1468303352, QJsonObject()};
    QCOMPARE(
        Payload::encode(event, kNodeId),
        QByteArrayLiteral(R"({"event":"PEER_ATTACH","message":{},)"
                          R"("nodeid":"95cd599c-5d87-43c1-8fba-b12821fd41b6","ts":1468303352})"));
}

void TestPayload::writesTimestampAsInteger_data() {
    QTest::addColumn<qint64>("timestamp");
    QTest::addColumn<QByteArray>("written");
    QTest::newRow("zero") << qint64(0) << QByteArrayLiteral("\"ts\":0}");
    QTest::newRow("2016") << qint64(1468303352) << QByteArrayLiteral("\"ts\":1468303352}");
    QTest::newRow("past 2038") << qint64(4102444800) << QByteArrayLiteral("\"ts\":4102444800}");
    QTest::newRow("2^53") << qint64(9007199254740992)
                          << QByteArrayLiteral("\"ts\":9007199254740992}");
}

void TestPayload::writesTimestampAsInteger() {
    QFETCH(qint64, timestamp);
    QFETCH(QByteArray, written);
    const Event event{QStringLiteral("PEER_ATTACH"), timestamp, QJsonObject()};
    const QByteArray body = Payload::encode(event, kNodeId);
    QVERIFY2(body.endsWith(written), body.constData());
}

void TestPayload::escapesStringsIntoValidJson() {
    const QString awkward =
        QStringLiteral("quote \" backslash \\ newline \n tab \t v\u00e9lo \u2603");
    const Event event{QStringLiteral("VOLUME_CREATE"), 1,
                      QJsonObject{{QStringLiteral("name"), awkward}}};
    const QByteArray body = Payload::encode(event, kNodeId);
    QVERIFY(!body.contains('\n'));

    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(document.object()
                 .value(QStringLiteral("message"))
                 .toObject()
                 .value(QStringLiteral("name"))
                 .toString(),
             awkward);
}

void TestPayload::encodesParsedDatagramLikeTheOriginal() {
    const auto event = DatagramParser::parse(
        QByteArrayLiteral("1468303352 6 name=gv1;options=k1,v1,k2,v2;force=on\n"));
    QVERIFY2(event.ok(), qPrintable(event.error()));
    QCOMPARE(
        Payload::encode(*event, kNodeId),
        QByteArrayLiteral(R"({"event":"VOLUME_SET","message":{"force":true,"name":"gv1",)"
                          R"("options":[["k1","v1"],["k2","v2"]]},)"
                          R"("nodeid":"95cd599c-5d87-43c1-8fba-b12821fd41b6","ts":1468303352})"));
}

void TestPayload::writesWhatQtJsonWriterWrites_data() {
    // The body is written by hand for speed; it must be the bytes QJsonDocument writes.
    QTest::addColumn<QJsonValue>("value");
    QString controls;
    for (char16_t c = 0; c < 0x20; ++c)
        controls += QChar(c);
    QTest::newRow("every control character") << QJsonValue(controls + QStringLiteral("\x7f"));
    QTest::newRow("quotes and backslashes") << QJsonValue(QStringLiteral("\"\\\"/\\\\"));
    QTest::newRow("non-ASCII") << QJsonValue(QStringLiteral("v\u00e9lo \u2603 \U0001F600 \u2028"));
    QTest::newRow("empty") << QJsonValue(QString());
    QTest::newRow("integer") << QJsonValue(qint64(-9007199254740992));
    QTest::newRow("fraction") << QJsonValue(0.1);
    QTest::newRow("huge") << QJsonValue(1e300);
    QTest::newRow("null") << QJsonValue(QJsonValue::Null);
    QTest::newRow("nested") << QJsonValue(
        QJsonObject{{QStringLiteral("b\n"), QJsonArray{1, true, QString()}},
                    {QStringLiteral("A"), QJsonObject()},
                    {QStringLiteral("\u00e9"), QJsonArray()}});
}

void TestPayload::writesWhatQtJsonWriterWrites() {
    QFETCH(QJsonValue, value);
    const QJsonObject message{{QStringLiteral("k"), value}, {QStringLiteral("k\t2"), value}};
    const Event event{QStringLiteral("VOLUME_CREATE"), 1468303352, message};
    const QJsonObject whole{{QStringLiteral("event"), event.type},
                            {QStringLiteral("message"), message},
                            {QStringLiteral("nodeid"), kNodeId},
                            {QStringLiteral("ts"), event.timestamp}};
    QCOMPARE(Payload::encode(event, kNodeId), QJsonDocument(whole).toJson(QJsonDocument::Compact));
}

void TestPayload::testBodyIsJsonNull() {
    QCOMPARE(Payload::testBody(), QByteArrayLiteral("null"));
}

QTEST_GUILESS_MAIN(TestPayload)
#include "tst_payload.moc"

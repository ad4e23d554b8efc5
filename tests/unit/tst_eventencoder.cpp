// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "datagramparser.h"
#include "eventencoder.h"
#include "payload.h"

#include <QTest>

namespace {

const QString kNodeId = QStringLiteral("95cd599c-5d87-43c1-8fba-b12821fd41b6");

} // namespace

// EventEncoder must give, for every datagram, what DatagramParser and Payload give; the fast
// way must take the common datagrams and leave the rest to them.
class TestEventEncoder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void encodesSampleDatagramTheFastWay();
    void agreesWithParserAndPayload_data();
    void agreesWithParserAndPayload();
    void keepsNoStateBetweenDatagrams();
    void refusesDetailsOverTheLimitAndTakesThemAtIt();
};

void TestEventEncoder::encodesSampleDatagramTheFastWay() {
    EventEncoder encoder(kNodeId);
    const auto plain = encoder.encodePlain("1468303352 VOLUME_CREATE name=gv1");
    QVERIFY(plain);
    QCOMPARE(plain->type, QStringLiteral("VOLUME_CREATE"));
    QCOMPARE(plain->timestamp, 1468303352);
    QCOMPARE(
        plain->body,
        QByteArrayLiteral(R"({"event":"VOLUME_CREATE","message":{"name":"gv1"},)"
                          R"("nodeid":"95cd599c-5d87-43c1-8fba-b12821fd41b6","ts":1468303352})"));
    // No spare capacity: a queued body is kept at its size.
    QCOMPARE(plain->body.capacity(), plain->body.size());
}

void TestEventEncoder::agreesWithParserAndPayload_data() {
    QTest::addColumn<QByteArray>("datagram");
    QTest::addColumn<bool>("fast"); // whether the fast way takes it

    // Taken the fast way.
    QTest::newRow("wire index") << QByteArray("1468303352 2 name=gv1") << true;
    QTest::newRow("lower-case name") << QByteArray("1 volume_start name=gv1;force=1") << true;
    QTest::newRow("no details") << QByteArray("1468303352 PEER_ATTACH") << true;
    QTest::newRow("keys sorted") << QByteArray("1 2 zeta=1;alpha=2;Mid=3;_u=4") << true;
    QTest::newRow("repeated key: last wins")
        << QByteArray("1 2 a=first;b=x;a=second;a=third") << true;
    QTest::newRow("prefix keys") << QByteArray("1 2 ab=1;a=2;abc=3") << true;
    QTest::newRow("empty pairs and spaces around")
        << QByteArray("\t 1 2 ;; k = v ; ;other=  spaced \n") << true;
    QTest::newRow("value with '='") << QByteArray("1 2 k=a=b") << true;
    QTest::newRow("empty value") << QByteArray("1 2 k=") << true;
    QTest::newRow("escapes") << QByteArray("1 2 msg=tab\there \"q\" \\ \x01\x1f\x7f") << true;
    QTest::newRow("quote in key") << QByteArray("1 2 a\"b=1") << true;
    QTest::newRow("booleans") << QByteArray(
                                     "1 GEOREP_CREATE force=YES;push-pem=on;no-verify=0;x=true")
                              << true;
    QTest::newRow("boolean with spaces is false") << QByteArray("1 2 force= yes") << true;
    QTest::newRow("NUL byte in value") << QByteArray("1 2 k=a\0b", 9) << true;
    QTest::newRow("tab before type") << QByteArray("1 \t2 k=v") << true;
    QTest::newRow("plus sign on timestamp") << QByteArray("+15 2 k=v") << true;

    // Left to the full way, which encodes them.
    QTest::newRow("UTF-8") << QByteArray("1 2 name=v\xc3\xa9lo") << false;
    QTest::newRow("UTF-8 key sorts after ASCII") << QByteArray("1 2 \xc3\xa9=1;z=2") << false;
    QTest::newRow("byte order mark") << QByteArray("\xef\xbb\xbf"
                                                   "1 2 k=v")
                                     << false;
    QTest::newRow("ssh-port number") << QByteArray("1 GEOREP_CREATE ssh-port= 22 ") << false;
    QTest::newRow("ssh-port not a number") << QByteArray("1 GEOREP_CREATE ssh-port=x") << false;
    QTest::newRow("VOLUME_SET options")
        << QByteArray("1 VOLUME_SET name=gv1;options=k1,v1,k2") << false;
    QTest::newRow("long key") << QByteArray("1 2 " + QByteArray(80, 'k') + "=v") << false;

    // Rejected, with the full way's words.
    QTest::newRow("empty") << QByteArray(" \n") << false;
    QTest::newRow("no type") << QByteArray("1468303352") << false;
    QTest::newRow("bad timestamp") << QByteArray("12x 2 k=v") << false;
    QTest::newRow("negative timestamp") << QByteArray("-1 2 k=v") << false;
    QTest::newRow("unknown index") << QByteArray("1 9999 k=v") << false;
    QTest::newRow("unknown name") << QByteArray("1 NO_SUCH_EVENT k=v") << false;
    QTest::newRow("pair without '='") << QByteArray("1 2 novalue") << false;
    QTest::newRow("empty key") << QByteArray("1 2 k=v; =x") << false;
    QTest::newRow("invalid UTF-8") << QByteArray("1 2 name=\xff\xfe") << false;
    QTest::newRow("over 64 KiB") << QByteArray("1 2 k=" +
                                               QByteArray(DatagramParser::kMaxDatagramBytes, 'v'))
                                 << false;
    // Details of exactly kMaxMessageBytes as JSON ({"k":"..."} is 8 bytes around the value),
    // and one byte over, which only the full way words.
    const qsizetype atLimit = DatagramParser::kMaxMessageBytes - 8;
    QTest::newRow("details at the limit")
        << QByteArray("1 2 k=" + QByteArray(atLimit, 'v')) << true;
    QTest::newRow("details over the limit")
        << QByteArray("1 2 k=" + QByteArray(atLimit + 1, 'v')) << false;
    QTest::newRow("control bytes over the limit")
        << QByteArray("1 2 k=" + QByteArray(atLimit / 6 + 1, '\x1b')) << false;
    QTest::newRow("non-ASCII over the limit")
        << QByteArray("1 2 k=" + QByteArray("\xc3\xa9").repeated(atLimit / 2 + 1)) << false;
}

void TestEventEncoder::agreesWithParserAndPayload() {
    QFETCH(QByteArray, datagram);
    QFETCH(bool, fast);
    EventEncoder encoder(kNodeId);
    QCOMPARE(bool(encoder.encodePlain(datagram)), fast);

    const auto expected = DatagramParser::parse(datagram);
    const auto encoded = encoder.encode(datagram);
    QCOMPARE(encoded.ok(), expected.ok());
    if (!expected) {
        QCOMPARE(encoded.error(), expected.error());
        return;
    }
    QCOMPARE(encoded->body, Payload::encode(*expected, kNodeId));
    QCOMPARE(encoded->type, expected->type);
    QCOMPARE(encoded->timestamp, expected->timestamp);
}

void TestEventEncoder::keepsNoStateBetweenDatagrams() {
    // Its buffers are reused: a long datagram must not leave anything in a short one's body.
    EventEncoder encoder(kNodeId);
    const QByteArray first = "1 2 a=1;b=2;c=3;d=" + QByteArray(500, 'x');
    QVERIFY(encoder.encode(first));
    const auto second = encoder.encode("2 2 z=9");
    QVERIFY(second);
    QCOMPARE(second->body, Payload::encode(*DatagramParser::parse("2 2 z=9"), kNodeId));
}

void TestEventEncoder::refusesDetailsOverTheLimitAndTakesThemAtIt() {
    EventEncoder encoder(kNodeId);
    // {"k":"..."} is 8 bytes around the value.
    const QByteArray atLimit = "1 2 k=" + QByteArray(DatagramParser::kMaxMessageBytes - 8, 'v');
    const auto taken = encoder.encodePlain(atLimit);
    QVERIFY(taken);
    QVERIFY(taken->body.contains("\"message\":{\"k\":\"vvv"));

    for (const QByteArray &over :
         {QByteArray(atLimit + 'v'),
          QByteArray("1 2 k=" + QByteArray(DatagramParser::kMaxMessageBytes / 6, '\x1b'))}) {
        QVERIFY(!encoder.encodePlain(over));
        const auto refused = encoder.encode(over);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().contains(u"over the 32 KiB limit"), qPrintable(refused.error()));
    }
}

QTEST_GUILESS_MAIN(TestEventEncoder)
#include "tst_eventencoder.moc"

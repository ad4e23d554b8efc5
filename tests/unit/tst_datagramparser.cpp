// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "datagramparser.h"
#include "eventtypes.h"
#include "payload.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

namespace {

QByteArray compact(const QJsonObject &object) {
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// Parses a datagram that must be accepted and returns its event; fails the test otherwise.
Event parseValid(const QByteArray &datagram) {
    const auto event = DatagramParser::parse(datagram);
    if (!event)
        qWarning("rejected: %s", qPrintable(event.error()));
    return event ? *event : Event{};
}

} // namespace

class TestDatagramParser : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void acceptsWellFormedDatagram_data();
    void acceptsWellFormedDatagram();
    void convertsBooleanAttributes_data();
    void convertsBooleanAttributes();
    void leavesOtherKeysWithBooleanLookingValuesAsStrings();
    void convertsSshPortToInteger_data();
    void convertsSshPortToInteger();
    void splitsVolumeSetOptionsIntoPairs_data();
    void splitsVolumeSetOptionsIntoPairs();
    void leavesOptionsAsStringOutsideVolumeSet();
    void rejectsMalformedDatagram_data();
    void rejectsMalformedDatagram();
    void acceptsDatagramOfExactly64KiB();
    void rejectsDatagramOneByteOver64KiB();
    void refusesDetailsOverTheLimitAndTakesThemAtIt_data();
    void refusesDetailsOverTheLimitAndTakesThemAtIt();
    void quotesSenderTextWithControlsEscaped();
    void neverCrashesOnRandomBytes();
    void neverCrashesOnMutatedDatagrams();
};

void TestDatagramParser::acceptsWellFormedDatagram_data() {
    QTest::addColumn<QByteArray>("datagram");
    QTest::addColumn<QString>("type");
    QTest::addColumn<qint64>("timestamp");
    QTest::addColumn<QByteArray>("message"); // compact JSON

    const QString volumeCreate = QStringLiteral("VOLUME_CREATE");
    QTest::newRow("numeric type") << QByteArrayLiteral("1468303352 2 name=gv1") << volumeCreate
                                  << qint64(1468303352) << QByteArrayLiteral(R"({"name":"gv1"})");
    QTest::newRow("numeric type zero")
        << QByteArrayLiteral("1468303352 0 host=node2") << QStringLiteral("PEER_ATTACH")
        << qint64(1468303352) << QByteArrayLiteral(R"({"host":"node2"})");
    QTest::newRow("numeric type last")
        << QByteArrayLiteral("1468303352 141 path=/b") << QStringLiteral("DHT_INODES_USAGE")
        << qint64(1468303352) << QByteArrayLiteral(R"({"path":"/b"})");
    QTest::newRow("symbolic name")
        << QByteArrayLiteral("1468303352 VOLUME_CREATE name=gv1") << volumeCreate
        << qint64(1468303352) << QByteArrayLiteral(R"({"name":"gv1"})");
    QTest::newRow("lower-case name")
        << QByteArrayLiteral("1468303352 volume_create name=gv1") << volumeCreate
        << qint64(1468303352) << QByteArrayLiteral(R"({"name":"gv1"})");
    QTest::newRow("mixed-case name")
        << QByteArrayLiteral("1468303352 Volume_Create name=gv1") << volumeCreate
        << qint64(1468303352) << QByteArrayLiteral(R"({"name":"gv1"})");
    QTest::newRow("several pairs")
        << QByteArrayLiteral("1468303352 2 name=gv1;type=replicate;count=3") << volumeCreate
        << qint64(1468303352)
        << QByteArrayLiteral(R"({"count":"3","name":"gv1","type":"replicate"})");
    QTest::newRow("pair splits at first =")
        << QByteArrayLiteral("1468303352 2 k=a=b") << volumeCreate << qint64(1468303352)
        << QByteArrayLiteral(R"({"k":"a=b"})");
    QTest::newRow("empty value") << QByteArrayLiteral("1468303352 2 k=") << volumeCreate
                                 << qint64(1468303352) << QByteArrayLiteral(R"({"k":""})");
    QTest::newRow("value with spaces")
        << QByteArrayLiteral("1468303352 2 msg=disk is full;name=gv1") << volumeCreate
        << qint64(1468303352) << QByteArrayLiteral(R"({"msg":"disk is full","name":"gv1"})");
    QTest::newRow("utf-8 value") << QByteArrayLiteral("1468303352 2 name=v\xc3\xa9lo")
                                 << volumeCreate << qint64(1468303352)
                                 << QByteArrayLiteral("{\"name\":\"v\xc3\xa9lo\"}");
    QTest::newRow("trailing newline")
        << QByteArrayLiteral("1468303352 2 name=gv1\n") << volumeCreate << qint64(1468303352)
        << QByteArrayLiteral(R"({"name":"gv1"})");
    QTest::newRow("trailing whitespace")
        << QByteArrayLiteral("1468303352 2 name=gv1 \t\r\n") << volumeCreate << qint64(1468303352)
        << QByteArrayLiteral(R"({"name":"gv1"})");
    QTest::newRow("no details") << QByteArrayLiteral("1468303352 PEER_ATTACH")
                                << QStringLiteral("PEER_ATTACH") << qint64(1468303352)
                                << QByteArrayLiteral("{}");
    QTest::newRow("no details, trailing space")
        << QByteArrayLiteral("1468303352 0 \n") << QStringLiteral("PEER_ATTACH")
        << qint64(1468303352) << QByteArrayLiteral("{}");
    QTest::newRow("trailing semicolon")
        << QByteArrayLiteral("1468303352 2 name=gv1;") << volumeCreate << qint64(1468303352)
        << QByteArrayLiteral(R"({"name":"gv1"})");
    QTest::newRow("doubled semicolon")
        << QByteArrayLiteral("1468303352 2 name=gv1;;type=x") << volumeCreate << qint64(1468303352)
        << QByteArrayLiteral(R"({"name":"gv1","type":"x"})");
    QTest::newRow("duplicate key, last wins")
        << QByteArrayLiteral("1468303352 2 k=first;k=second") << volumeCreate << qint64(1468303352)
        << QByteArrayLiteral(R"({"k":"second"})");
    QTest::newRow("timestamp zero") << QByteArrayLiteral("0 2 name=gv1") << volumeCreate
                                    << qint64(0) << QByteArrayLiteral(R"({"name":"gv1"})");
    QTest::newRow("timestamp past 2038")
        << QByteArrayLiteral("4102444800 2 name=gv1") << volumeCreate << qint64(4102444800)
        << QByteArrayLiteral(R"({"name":"gv1"})");
}

void TestDatagramParser::acceptsWellFormedDatagram() {
    QFETCH(QByteArray, datagram);
    QFETCH(QString, type);
    QFETCH(qint64, timestamp);
    QFETCH(QByteArray, message);

    const auto event = DatagramParser::parse(datagram);
    QVERIFY2(event.ok(), qPrintable(event.error()));
    QCOMPARE(event->type, type);
    QCOMPARE(event->timestamp, timestamp);
    QCOMPARE(compact(event->message), message);
}

void TestDatagramParser::convertsBooleanAttributes_data() {
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<bool>("expected");

    const QByteArray trueValues[] = {"1",    "on",   "On",  "ON",  "true", "True",
                                     "TRUE", "tRuE", "yes", "Yes", "YES"};
    const QByteArray falseValues[] = {"0", "off", "false", "no",     "",      "2",
                                      "y", "t",   "yess",  "enable", "truth", "-1"};
    for (const QByteArray key : {"force", "push-pem", "no-verify"}) {
        for (const QByteArray &value : trueValues)
            QTest::addRow("%s=%s", key.constData(), value.constData()) << key << value << true;
        for (const QByteArray &value : falseValues)
            QTest::addRow("%s=%s", key.constData(), value.constData()) << key << value << false;
    }
}

void TestDatagramParser::convertsBooleanAttributes() {
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, value);
    QFETCH(bool, expected);

    const Event event = parseValid("1468303352 GEOREP_CREATE " + key + '=' + value);
    const QJsonValue converted = event.message.value(QString::fromLatin1(key));
    QVERIFY2(converted.isBool(), QJsonDocument(event.message).toJson().constData());
    QCOMPARE(converted.toBool(), expected);
}

void TestDatagramParser::leavesOtherKeysWithBooleanLookingValuesAsStrings() {
    const Event event = parseValid("1468303352 GEOREP_CREATE forced=yes;verify=1;force=yes");
    QCOMPARE(compact(event.message),
             QByteArrayLiteral(R"({"force":true,"forced":"yes","verify":"1"})"));
}

void TestDatagramParser::convertsSshPortToInteger_data() {
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("expected"); // compact JSON of the message

    QTest::newRow("integer") << QByteArrayLiteral("22") << QByteArrayLiteral(R"({"ssh-port":22})");
    QTest::newRow("large integer")
        << QByteArrayLiteral("99999999999") << QByteArrayLiteral(R"({"ssh-port":99999999999})");
    QTest::newRow("negative integer")
        << QByteArrayLiteral("-1") << QByteArrayLiteral(R"({"ssh-port":-1})");
    QTest::newRow("word stays string")
        << QByteArrayLiteral("abc") << QByteArrayLiteral(R"({"ssh-port":"abc"})");
    QTest::newRow("trailing garbage stays string")
        << QByteArrayLiteral("22x") << QByteArrayLiteral(R"({"ssh-port":"22x"})");
    QTest::newRow("decimal stays string")
        << QByteArrayLiteral("22.5") << QByteArrayLiteral(R"({"ssh-port":"22.5"})");
    QTest::newRow("empty stays string") << QByteArray() << QByteArrayLiteral(R"({"ssh-port":""})");
}

void TestDatagramParser::convertsSshPortToInteger() {
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, expected);

    const Event event = parseValid("1468303352 GEOREP_CREATE ssh-port=" + value);
    QCOMPARE(compact(event.message), expected);
}

void TestDatagramParser::splitsVolumeSetOptionsIntoPairs_data() {
    QTest::addColumn<QByteArray>("options");
    QTest::addColumn<QByteArray>("expected"); // compact JSON of the options array

    QTest::newRow("two pairs") << QByteArrayLiteral("k1,v1,k2,v2")
                               << QByteArrayLiteral(R"([["k1","v1"],["k2","v2"]])");
    QTest::newRow("one pair") << QByteArrayLiteral("performance.cache-size,256MB")
                              << QByteArrayLiteral(R"([["performance.cache-size","256MB"]])");
    QTest::newRow("odd count keeps the key alone")
        << QByteArrayLiteral("k1,v1,k2") << QByteArrayLiteral(R"([["k1","v1"],["k2"]])");
    QTest::newRow("single key") << QByteArrayLiteral("k1") << QByteArrayLiteral(R"([["k1"]])");
    QTest::newRow("leading comma")
        << QByteArrayLiteral(",k1,v1,k2,v2") << QByteArrayLiteral(R"([["k1","v1"],["k2","v2"]])");
    QTest::newRow("trailing comma")
        << QByteArrayLiteral("k1,v1,k2,v2,") << QByteArrayLiteral(R"([["k1","v1"],["k2","v2"]])");
    QTest::newRow("both, doubled")
        << QByteArrayLiteral(",,k1,v1,,") << QByteArrayLiteral(R"([["k1","v1"]])");
    QTest::newRow("empty") << QByteArray() << QByteArrayLiteral("[]");
    QTest::newRow("only commas") << QByteArrayLiteral(",,,") << QByteArrayLiteral("[]");
    QTest::newRow("value with =") << QByteArrayLiteral("k1,a=b")
                                  << QByteArrayLiteral(R"([["k1","a=b"]])");
}

void TestDatagramParser::splitsVolumeSetOptionsIntoPairs() {
    QFETCH(QByteArray, options);
    QFETCH(QByteArray, expected);

    for (const QByteArray type : {"6", "VOLUME_SET"}) {
        const Event event = parseValid("1468303352 " + type + " name=gv1;options=" + options);
        QCOMPARE(event.type, QStringLiteral("VOLUME_SET"));
        QCOMPARE(event.message.value(QStringLiteral("name")).toString(), QStringLiteral("gv1"));
        const QJsonValue converted = event.message.value(QStringLiteral("options"));
        QVERIFY(converted.isArray());
        QCOMPARE(QJsonDocument(converted.toArray()).toJson(QJsonDocument::Compact), expected);
    }
}

void TestDatagramParser::leavesOptionsAsStringOutsideVolumeSet() {
    const Event event = parseValid("1468303352 VOLUME_CREATE options=k1,v1");
    QCOMPARE(compact(event.message), QByteArrayLiteral(R"({"options":"k1,v1"})"));

    const Event withoutOptions = parseValid("1468303352 VOLUME_SET name=gv1");
    QCOMPARE(compact(withoutOptions.message), QByteArrayLiteral(R"({"name":"gv1"})"));
}

void TestDatagramParser::rejectsMalformedDatagram_data() {
    QTest::addColumn<QByteArray>("datagram");
    QTest::addColumn<QString>("reason"); // a part of the error message

    QTest::newRow("empty") << QByteArray() << QStringLiteral("empty");
    QTest::newRow("only whitespace") << QByteArrayLiteral(" \t\r\n") << QStringLiteral("empty");
    QTest::newRow("no type") << QByteArrayLiteral("1468303352") << QStringLiteral("no event type");
    QTest::newRow("no type, trailing space")
        << QByteArrayLiteral("1468303352 \n") << QStringLiteral("no event type");
    QTest::newRow("unknown index 142") << QByteArrayLiteral("1468303352 142 name=gv1")
                                       << QStringLiteral("unknown event type '142'");
    QTest::newRow("unknown index 9999") << QByteArrayLiteral("1468303352 9999 name=gv1")
                                        << QStringLiteral("unknown event type '9999'");
    QTest::newRow("negative index")
        << QByteArrayLiteral("1468303352 -1 name=gv1") << QStringLiteral("unknown event type");
    QTest::newRow("unknown name") << QByteArrayLiteral("1468303352 NOT_AN_EVENT name=gv1")
                                  << QStringLiteral("unknown event type 'NOT_AN_EVENT'");
    QTest::newRow("pair without =")
        << QByteArrayLiteral("1468303352 2 name") << QStringLiteral("'name' has no '='");
    QTest::newRow("second pair without =")
        << QByteArrayLiteral("1468303352 2 name=gv1;junk") << QStringLiteral("'junk' has no '='");
    QTest::newRow("empty key") << QByteArrayLiteral("1468303352 2 =gv1")
                               << QStringLiteral("empty key");
    QTest::newRow("blank key") << QByteArrayLiteral("1468303352 2 name=gv1; =x")
                               << QStringLiteral("empty key");
    QTest::newRow("timestamp not a number")
        << QByteArrayLiteral("abc 2 name=gv1") << QStringLiteral("bad timestamp 'abc'");
    QTest::newRow("timestamp negative")
        << QByteArrayLiteral("-5 2 name=gv1") << QStringLiteral("bad timestamp '-5'");
    QTest::newRow("timestamp with fraction")
        << QByteArrayLiteral("1468303352.5 2 name=gv1") << QStringLiteral("bad timestamp");
    QTest::newRow("type only, no timestamp")
        << QByteArrayLiteral("VOLUME_CREATE name=gv1") << QStringLiteral("bad timestamp");
    QTest::newRow("invalid utf-8 bytes")
        << QByteArrayLiteral("\xff\xfe") << QStringLiteral("UTF-8");
    QTest::newRow("invalid utf-8 in value")
        << QByteArrayLiteral("1468303352 2 name=\xff\xfe") << QStringLiteral("UTF-8");
    QTest::newRow("truncated multibyte at end")
        << QByteArrayLiteral("1468303352 2 name=gv\xc3") << QStringLiteral("UTF-8");
    QTest::newRow("truncated multibyte inside")
        << QByteArrayLiteral("1468303352 2 name=\xe2\x82;x=y") << QStringLiteral("UTF-8");
    QTest::newRow("lone continuation byte")
        << QByteArrayLiteral("1468303352 2 name=\x80") << QStringLiteral("UTF-8");
    QTest::newRow("overlong encoding")
        << QByteArrayLiteral("1468303352 2 name=\xc0\xaf") << QStringLiteral("UTF-8");
    QTest::newRow("encoded surrogate")
        << QByteArrayLiteral("1468303352 2 name=\xed\xa0\x80") << QStringLiteral("UTF-8");
}

void TestDatagramParser::rejectsMalformedDatagram() {
    QFETCH(QByteArray, datagram);
    QFETCH(QString, reason);

    const auto event = DatagramParser::parse(datagram);
    QVERIFY2(!event.ok(), qPrintable(event ? event->type : QString()));
    QVERIFY2(event.error().contains(reason), qPrintable(event.error()));
}

void TestDatagramParser::acceptsDatagramOfExactly64KiB() {
    // Trailing blanks: a datagram at the size limit whose details are within theirs.
    QByteArray datagram = QByteArrayLiteral("1468303352 2 name=gv1");
    const qsizetype padding = DatagramParser::kMaxDatagramBytes - datagram.size();
    datagram.append(padding, ' ');
    QCOMPARE(datagram.size(), qsizetype(65536));

    const auto event = DatagramParser::parse(datagram);
    QVERIFY2(event.ok(), qPrintable(event.error()));
    QCOMPARE(event->message.value(QStringLiteral("name")).toString(), QStringLiteral("gv1"));
}

void TestDatagramParser::rejectsDatagramOneByteOver64KiB() {
    QByteArray datagram = QByteArrayLiteral("1468303352 2 name=");
    datagram.append(65537 - datagram.size(), 'a');
    QCOMPARE(datagram.size(), qsizetype(65537));

    const auto event = DatagramParser::parse(datagram);
    QVERIFY(!event.ok());
    QVERIFY2(event.error().contains(u"64 KiB"), qPrintable(event.error()));
    QVERIFY2(event.error().contains(u"65537"), qPrintable(event.error()));
}

void TestDatagramParser::refusesDetailsOverTheLimitAndTakesThemAtIt_data() {
    QTest::addColumn<QByteArray>("prefix");
    QTest::addColumn<QByteArray>("unit"); // repeated; each takes `unitBytes` in the JSON
    QTest::addColumn<int>("unitBytes");
    // {"name":"..."} takes 11 bytes around the value.
    QTest::newRow("plain") << QByteArray("1468303352 2 name=") << QByteArray("a") << 1;
    QTest::newRow("control bytes") << QByteArray("1468303352 2 name=") << QByteArray("\x1b") << 6;
    QTest::newRow("non-ASCII") << QByteArray("1468303352 2 name=") << QByteArray("\xc3\xa9") << 2;
}

void TestDatagramParser::refusesDetailsOverTheLimitAndTakesThemAtIt() {
    QFETCH(QByteArray, prefix);
    QFETCH(QByteArray, unit);
    QFETCH(int, unitBytes);
    const qsizetype units = (DatagramParser::kMaxMessageBytes - 11) / unitBytes;
    QByteArray datagram = prefix + unit.repeated(units);
    // Filled up to the limit exactly where the unit allows it.
    datagram.append((DatagramParser::kMaxMessageBytes - 11) % unitBytes, 'a');

    const auto atLimit = DatagramParser::parse(datagram);
    QVERIFY2(atLimit.ok(), qPrintable(atLimit.error()));
    QCOMPARE(Payload::encodeMessage(atLimit->message).size(), DatagramParser::kMaxMessageBytes);

    const auto over = DatagramParser::parse(QByteArray(datagram + 'a'));
    QVERIFY(!over.ok());
    QVERIFY2(over.error().contains(u"over the 32 KiB limit"), qPrintable(over.error()));
    QVERIFY2(over.error().contains(QString::number(DatagramParser::kMaxMessageBytes + 1)),
             qPrintable(over.error()));
}

void TestDatagramParser::quotesSenderTextWithControlsEscaped() {
    // A terminal title sequence in the timestamp, a fake log line in the type.
    const auto title = DatagramParser::parse("1\x1b]0;pwned\x07 X");
    QVERIFY(!title.ok());
    QVERIFY2(title.error().contains(u"'1\\x1b]0;pwned\\x07'"), qPrintable(title.error()));
    const auto line = DatagramParser::parse("1 2\n[fake] INFO x=y");
    QVERIFY(!line.ok());
    QVERIFY2(line.error().contains(u"'2\\x0a[fake]'"), qPrintable(line.error()));
    const auto pair = DatagramParser::parse("1 2 a=b;\xe2\x80\xae"
                                            "evil");
    QVERIFY(!pair.ok());
    QVERIFY2(pair.error().contains(u"'\\u202eevil'"), qPrintable(pair.error()));
    for (const QString &error : {title.error(), line.error(), pair.error()}) {
        for (const QChar c : error)
            QVERIFY2(c.unicode() >= 0x20 && c.unicode() != 0x202e, qPrintable(error));
    }
}

void TestDatagramParser::neverCrashesOnRandomBytes() {
    // Fixed seed: a failure can be replayed. Half the strings draw from the bytes the grammar
    // cares about, so they get past the first checks more often than pure noise would.
    QRandomGenerator random(20160712);
    const QByteArray grammar = QByteArrayLiteral("0123456789 =;,\n\t-_.ABEFORSTUVaeforstuv"
                                                 "\xc3\xa9\xff\x80\xe2");
    int accepted = 0;
    for (int i = 0; i < 10000; ++i) {
        const int length = int(random.bounded(200));
        QByteArray datagram(length, Qt::Uninitialized);
        const bool structured = (i % 2) == 0;
        for (int j = 0; j < length; ++j) {
            datagram[j] = structured ? grammar.at(random.bounded(int(grammar.size())))
                                     : char(random.bounded(256));
        }
        if (structured && i % 4 == 0)
            datagram.prepend(
                QByteArray("1468303352 " + QByteArray::number(random.bounded(150)) + ' '));

        const auto event = DatagramParser::parse(datagram);
        if (event) {
            ++accepted;
            QVERIFY(EventTypes::indexOf(event->type.toLatin1()).has_value());
            QVERIFY(event->timestamp >= 0);
        } else {
            QVERIFY(!event.error().isEmpty());
        }
    }
    // Some of the prefixed ones must have made it through, or this proved little.
    QVERIFY(accepted > 0);
}

void TestDatagramParser::neverCrashesOnMutatedDatagrams() {
    QRandomGenerator random(24009);
    const QByteArray seed =
        QByteArrayLiteral("1468303352 6 name=gv1;options=k1,v1,k2,v2;force=yes;ssh-port=22");
    for (int i = 0; i < 10000; ++i) {
        QByteArray datagram = seed;
        const int mutations = 1 + int(random.bounded(4));
        for (int m = 0; m < mutations; ++m) {
            const int at = int(random.bounded(int(datagram.size()) + 1));
            switch (random.bounded(3)) {
            case 0:
                datagram.insert(at, char(random.bounded(256)));
                break;
            case 1:
                if (at < datagram.size())
                    datagram.remove(at, 1);
                break;
            default:
                if (at < datagram.size())
                    datagram[at] = char(random.bounded(256));
                break;
            }
        }
        const auto event = DatagramParser::parse(datagram);
        QVERIFY(event.ok() || !event.error().isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestDatagramParser)
#include "tst_datagramparser.moc"

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "eventtypes.h"

#include <QFile>
#include <QTest>

#include <climits>

class TestEventTypes : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void tableHas142Types();
    void firstAndLastIndexHaveTheProtocolNames();
    void indexOutsideTheTableHasNoName_data();
    void indexOutsideTheTableHasNoName();
    void indexOfRoundTripsEveryIndex();
    void sharedNameIsOneStringPerType();
    void unknownNameHasNoIndex_data();
    void unknownNameHasNoIndex();
    void tableMatchesTheProtocolFile();
};

void TestEventTypes::tableHas142Types() {
    QCOMPARE(EventTypes::count(), 142);
}

void TestEventTypes::firstAndLastIndexHaveTheProtocolNames() {
    const auto first = EventTypes::nameOf(0);
    QVERIFY(first.has_value());
    QCOMPARE(QString(*first), QStringLiteral("PEER_ATTACH"));

    const auto last = EventTypes::nameOf(141);
    QVERIFY(last.has_value());
    QCOMPARE(QString(*last), QStringLiteral("DHT_INODES_USAGE"));

    const auto volumeCreate = EventTypes::nameOf(2);
    QVERIFY(volumeCreate.has_value());
    QCOMPARE(QString(*volumeCreate), QStringLiteral("VOLUME_CREATE"));
}

void TestEventTypes::indexOutsideTheTableHasNoName_data() {
    QTest::addColumn<int>("index");
    QTest::newRow("one past the end") << 142;
    QTest::newRow("far past the end") << 9999;
    QTest::newRow("INT_MAX") << INT_MAX;
    QTest::newRow("minus one") << -1;
    QTest::newRow("INT_MIN") << INT_MIN;
}

void TestEventTypes::indexOutsideTheTableHasNoName() {
    QFETCH(int, index);
    QVERIFY(!EventTypes::nameOf(index).has_value());
}

void TestEventTypes::indexOfRoundTripsEveryIndex() {
    for (int i = 0; i < EventTypes::count(); ++i) {
        const auto name = EventTypes::nameOf(i);
        QVERIFY2(name.has_value(), QByteArray::number(i).constData());
        QVERIFY2(!name->isEmpty(), QByteArray::number(i).constData());
        const auto index = EventTypes::indexOf(QByteArrayView(name->data(), name->size()));
        QVERIFY2(index.has_value(), name->data());
        QCOMPARE(*index, i);
    }
}

void TestEventTypes::unknownNameHasNoIndex_data() {
    QTest::addColumn<QByteArray>("name");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("made up") << QByteArrayLiteral("NOT_AN_EVENT");
    QTest::newRow("lower case") << QByteArrayLiteral("volume_create");
    QTest::newRow("trailing space") << QByteArrayLiteral("VOLUME_CREATE ");
    QTest::newRow("prefix of a name") << QByteArrayLiteral("VOLUME_");
    QTest::newRow("index as text") << QByteArrayLiteral("2");
}

void TestEventTypes::unknownNameHasNoIndex() {
    QFETCH(QByteArray, name);
    QVERIFY(!EventTypes::indexOf(name).has_value());
}

void TestEventTypes::tableMatchesTheProtocolFile() {
    QFile tsv(QStringLiteral(EVENT_TYPES_TSV));
    QVERIFY2(tsv.open(QIODevice::ReadOnly | QIODevice::Text), qPrintable(tsv.errorString()));
    int rows = 0;
    while (!tsv.atEnd()) {
        const QByteArray line = tsv.readLine().trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const QList<QByteArray> fields = line.split('\t');
        QCOMPARE(fields.size(), 2);
        bool ok = false;
        const int index = fields[0].toInt(&ok);
        QVERIFY(ok);
        const auto name = EventTypes::nameOf(index);
        QVERIFY2(name.has_value(), line.constData());
        QCOMPARE(QString(*name), QString::fromLatin1(fields[1]));
        ++rows;
    }
    QCOMPARE(rows, EventTypes::count());
}

void TestEventTypes::sharedNameIsOneStringPerType() {
    // Queued events keep their type: every event of a type shares one string.
    for (int index = 0; index < EventTypes::count(); ++index) {
        const auto first = EventTypes::sharedNameOf(index);
        const auto second = EventTypes::sharedNameOf(index);
        QVERIFY(first && second);
        QCOMPARE(*first, QString(*EventTypes::nameOf(index)));
        QCOMPARE(first->constData(), second->constData());
    }
    QVERIFY(!EventTypes::sharedNameOf(EventTypes::count()));
    QVERIFY(!EventTypes::sharedNameOf(-1));
}

QTEST_GUILESS_MAIN(TestEventTypes)
#include "tst_eventtypes.moc"

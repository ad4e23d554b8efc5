// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// Event filters: names and wildcard patterns, validated against the event table.
#include "eventfilter.h"

#include <QTest>

class TestEventFilter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesNamesAndPatterns();
    void starAloneMeansEveryEvent();
    void rejectsWhatMatchesNoType_data();
    void rejectsWhatMatchesNoType();
    void matchesWildcards_data();
    void matchesWildcards();
};

void TestEventFilter::parsesNamesAndPatterns() {
    const auto patterns = EventFilter::parse(QStringLiteral(" volume_*, PEER_ATTACH,VOLUME_*,"));
    QVERIFY2(patterns.ok(), qPrintable(patterns.error()));
    QCOMPARE(*patterns, (QStringList{QStringLiteral("VOLUME_*"), QStringLiteral("PEER_ATTACH")}));
}

void TestEventFilter::starAloneMeansEveryEvent() {
    QCOMPARE(*EventFilter::parse(QStringLiteral("*")), QStringList());
    QCOMPARE(*EventFilter::parse(QStringLiteral("VOLUME_*,*")), QStringList());
    QVERIFY(EventFilter::matches({}, u"ANYTHING"));
}

void TestEventFilter::rejectsWhatMatchesNoType_data() {
    QTest::addColumn<QString>("list");
    QTest::addColumn<QString>("reason");
    QTest::newRow("unknown name") << QStringLiteral("VOLUME_EXPLODE")
                                  << QStringLiteral("no event type matches");
    QTest::newRow("pattern matching nothing")
        << QStringLiteral("NOPE_*") << QStringLiteral("no event type matches");
    QTest::newRow("bad characters")
        << QStringLiteral("VOLUME-*") << QStringLiteral("is not an event type");
    QTest::newRow("empty") << QStringLiteral(" , ") << QStringLiteral("needs event types");
}

void TestEventFilter::rejectsWhatMatchesNoType() {
    QFETCH(QString, list);
    QFETCH(QString, reason);
    const auto patterns = EventFilter::parse(list);
    QVERIFY(!patterns.ok());
    QVERIFY2(patterns.error().contains(reason), qPrintable(patterns.error()));
}

void TestEventFilter::matchesWildcards_data() {
    QTest::addColumn<QStringList>("patterns");
    QTest::addColumn<QString>("type");
    QTest::addColumn<bool>("matches");
    const QStringList volume{QStringLiteral("VOLUME_*")};
    QTest::newRow("prefix") << volume << QStringLiteral("VOLUME_CREATE") << true;
    QTest::newRow("other prefix") << volume << QStringLiteral("PEER_ATTACH") << false;
    QTest::newRow("needs the underscore") << volume << QStringLiteral("VOLUMEX") << false;
    QTest::newRow("suffix") << QStringList{QStringLiteral("*_START")}
                            << QStringLiteral("GEOREP_START") << true;
    QTest::newRow("middle") << QStringList{QStringLiteral("GEOREP_*_SET")}
                            << QStringLiteral("GEOREP_CONFIG_SET") << true;
    QTest::newRow("exact") << QStringList{QStringLiteral("PEER_ATTACH")}
                           << QStringLiteral("PEER_ATTACH") << true;
    QTest::newRow("exact is not a prefix")
        << QStringList{QStringLiteral("PEER_ATTACH")} << QStringLiteral("PEER_ATTACHED") << false;
    QTest::newRow("any of several")
        << QStringList{QStringLiteral("PEER_*"), QStringLiteral("VOLUME_SET")}
        << QStringLiteral("VOLUME_SET") << true;
}

void TestEventFilter::matchesWildcards() {
    QFETCH(QStringList, patterns);
    QFETCH(QString, type);
    QFETCH(bool, matches);
    QCOMPARE(EventFilter::matches(patterns, type), matches);
}

QTEST_GUILESS_MAIN(TestEventFilter)
#include "tst_eventfilter.moc"

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// The event_sources allow-list: what it parses, and which datagram sources it lets in, both as
// QHostAddress and as the sockaddr recvmmsg gives the ingest thread.
#include "sourceallowlist.h"

#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>

namespace {

sockaddr_in v4Source(const char *address) {
    sockaddr_in source{};
    source.sin_family = AF_INET;
    source.sin_port = htons(40000);
    ::inet_pton(AF_INET, address, &source.sin_addr);
    return source;
}

sockaddr_in6 v6Source(const char *address) {
    sockaddr_in6 source{};
    source.sin6_family = AF_INET6;
    source.sin6_port = htons(40000);
    ::inet_pton(AF_INET6, address, &source.sin6_addr);
    return source;
}

template <typename Address> bool allows(const SourceAllowList &list, const Address &source) {
    return list.allows(reinterpret_cast<const sockaddr *>(&source));
}

} // namespace

class TestSourceAllowList : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void emptyAllowsEverySource();
    void allowsOnlyListedAddressesAndSubnets();
    void matchesMappedIpv6SourcesAsIpv4();
    void canonicalTextNamesEachEntry();
    void rejectsNamesAndGarbageWithTheEntry_data();
    void rejectsNamesAndGarbageWithTheEntry();
};

void TestSourceAllowList::emptyAllowsEverySource() {
    const auto list = SourceAllowList::parse(QStringLiteral("  "));
    QVERIFY(list);
    QVERIFY(list->allowsAll());
    QVERIFY(allows(*list, v4Source("192.0.2.1")));
    QVERIFY(allows(*list, v6Source("2001:db8::1")));
    QCOMPARE(list->text(), QString());
}

void TestSourceAllowList::allowsOnlyListedAddressesAndSubnets() {
    const auto list =
        SourceAllowList::parse(QStringLiteral("10.0.0.5, 192.168.7.0/24 2001:db8:1::/48"));
    QVERIFY2(list, qPrintable(list.error()));
    QVERIFY(!list->allowsAll());
    QVERIFY(allows(*list, v4Source("10.0.0.5")));
    QVERIFY(!allows(*list, v4Source("10.0.0.6")));
    QVERIFY(allows(*list, v4Source("192.168.7.1")));
    QVERIFY(allows(*list, v4Source("192.168.7.255")));
    QVERIFY(!allows(*list, v4Source("192.168.8.1")));
    QVERIFY(allows(*list, v6Source("2001:db8:1:ff::9")));
    QVERIFY(!allows(*list, v6Source("2001:db8:2::9")));
    QVERIFY(list->allows(QHostAddress(QStringLiteral("192.168.7.20"))));
    QVERIFY(!list->allows(QHostAddress(QStringLiteral("127.0.0.1"))));
}

void TestSourceAllowList::matchesMappedIpv6SourcesAsIpv4() {
    // A dual-stack socket sees IPv4 senders as ::ffff:a.b.c.d.
    const auto list = SourceAllowList::parse(QStringLiteral("10.0.0.0/8"));
    QVERIFY(list);
    QVERIFY(allows(*list, v6Source("::ffff:10.1.2.3")));
    QVERIFY(!allows(*list, v6Source("::ffff:11.1.2.3")));
    // And a mapped entry is its IPv4 subnet.
    const auto mapped = SourceAllowList::parse(QStringLiteral("::ffff:10.0.1.0/120"));
    QVERIFY(mapped);
    QCOMPARE(mapped->text(), QStringLiteral("10.0.1.0/24"));
    QVERIFY(allows(*mapped, v4Source("10.0.1.200")));
}

void TestSourceAllowList::canonicalTextNamesEachEntry() {
    const auto list = SourceAllowList::parse(QStringLiteral("10.0.1.7/24,,10.0.0.5\n::1"));
    QVERIFY(list);
    QCOMPARE(list->text(), QStringLiteral("10.0.1.0/24, 10.0.0.5, ::1"));
    QCOMPARE(SourceAllowList::parse(list->text())->text(), list->text());
}

void TestSourceAllowList::rejectsNamesAndGarbageWithTheEntry_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("entry");
    QTest::newRow("host name") << QStringLiteral("10.0.0.5, node2.example")
                               << QStringLiteral("node2.example");
    QTest::newRow("prefix too long")
        << QStringLiteral("10.0.0.0/33") << QStringLiteral("10.0.0.0/33");
    QTest::newRow("bad octet") << QStringLiteral("10.0.0.256") << QStringLiteral("10.0.0.256");
    QTest::newRow("bad prefix") << QStringLiteral("10.0.0.0/x") << QStringLiteral("10.0.0.0/x");
    QTest::newRow("semicolon") << QStringLiteral("10.0.0.1;10.0.0.2")
                               << QStringLiteral("10.0.0.1;10.0.0.2");
}

void TestSourceAllowList::rejectsNamesAndGarbageWithTheEntry() {
    QFETCH(QString, text);
    QFETCH(QString, entry);
    const auto list = SourceAllowList::parse(text);
    QVERIFY(!list);
    QVERIFY2(list.error().startsWith(u'"' + entry + u'"'), qPrintable(list.error()));
}

QTEST_GUILESS_MAIN(TestSourceAllowList)
#include "tst_sourceallowlist.moc"

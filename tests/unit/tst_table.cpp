// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "table.h"

#include <QTest>

#include <initializer_list>

namespace {

// Each line followed by "\n", as Table::render ends every line.
QString joinLines(std::initializer_list<QStringView> lines) {
    QString text;
    for (const QStringView line : lines)
        text += line + u'\n';
    return text;
}

} // namespace

class TestTable : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rendersDocsStatusTable();
    void centresWithPrettyTableOddExcessRule_data();
    void centresWithPrettyTableOddExcessRule();
    void centresCellsByDefault();
    void alignsLeftAndRight();
    void headersStayCentredWhateverTheAlignment();
    void emptyTableHasHeaderAndRules();
    void wideCellWidensItsColumn();
    void wideHeaderWidensItsColumn();
    void shortRowIsPaddedAndLongRowCut();
    void ignoresAlignmentOfMissingColumn();
    void cellWithLineBreaksSpansLines();
    void countsCharacterOutsideBmpOnce();
    void emptyCellsKeepPadding();
};

void TestTable::rendersDocsStatusTable() {
    Table table({QStringLiteral("NODE"), QStringLiteral("NODE STATUS"),
                 QStringLiteral("GLUSTEREVENTSD STATUS")});
    table.setAlignment(0, Table::Align::Left);
    table.setAlignment(1, Table::Align::Right);
    table.setAlignment(2, Table::Align::Right);
    table.addRow({QStringLiteral("localhost"), QStringLiteral("UP"), QStringLiteral("UP")});
    table.addRow({QStringLiteral("node2"), QStringLiteral("UP"), QStringLiteral("UP")});
    const QString expected = joinLines({
        u"+-----------+-------------+-----------------------+",
        u"|    NODE   | NODE STATUS | GLUSTEREVENTSD STATUS |",
        u"+-----------+-------------+-----------------------+",
        u"| localhost |          UP |                    UP |",
        u"| node2     |          UP |                    UP |",
        u"+-----------+-------------+-----------------------+",
    });
    QCOMPARE(table.render(), expected);
}

void TestTable::centresWithPrettyTableOddExcessRule_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("widest");
    QTest::addColumn<QString>("line");

    // Odd excess, even-length text: the extra space goes left.
    QTest::newRow("NODE in 9") << QStringLiteral("NODE") << QStringLiteral("localhost")
                               << QStringLiteral("|    NODE   |");
    QTest::newRow("port in 9") << QStringLiteral("port") << QStringLiteral("localhost")
                               << QStringLiteral("|    port   |");
    // Odd excess, odd-length text: the extra space goes right.
    QTest::newRow("abc in 6") << QStringLiteral("abc") << QStringLiteral("abcdef")
                              << QStringLiteral("|  abc   |");
    // Even excess: the same on both sides.
    QTest::newRow("ab in 6") << QStringLiteral("ab") << QStringLiteral("abcdef")
                             << QStringLiteral("|   ab   |");
    QTest::newRow("abc in 7") << QStringLiteral("abc") << QStringLiteral("abcdefg")
                              << QStringLiteral("|   abc   |");
    QTest::newRow("no excess") << QStringLiteral("abc") << QStringLiteral("xyz")
                               << QStringLiteral("| abc |");
}

void TestTable::centresWithPrettyTableOddExcessRule() {
    QFETCH(QString, text);
    QFETCH(QString, widest);
    QFETCH(QString, line);

    Table table({QStringLiteral("H")});
    table.addRow({widest});
    table.addRow({text});
    const QStringList lines = table.render().split(u'\n');
    QCOMPARE(lines.value(4), line);
}

void TestTable::centresCellsByDefault() {
    Table table({QStringLiteral("NAME"), QStringLiteral("VALUE")});
    table.addRow({QStringLiteral("log_level"), QStringLiteral("INFO")});
    table.addRow({QStringLiteral("port"), QStringLiteral("24009")});
    const QString expected = joinLines({
        u"+-----------+-------+",
        u"|    NAME   | VALUE |",
        u"+-----------+-------+",
        u"| log_level |  INFO |",
        u"|    port   | 24009 |",
        u"+-----------+-------+",
    });
    QCOMPARE(table.render(), expected);
}

void TestTable::alignsLeftAndRight() {
    Table table({QStringLiteral("LEFT"), QStringLiteral("RIGHT")});
    table.setAlignment(0, Table::Align::Left);
    table.setAlignment(1, Table::Align::Right);
    table.addRow({QStringLiteral("a"), QStringLiteral("b")});
    QCOMPARE(table.render().split(u'\n').value(3), QStringLiteral("| a    |     b |"));
}

void TestTable::headersStayCentredWhateverTheAlignment() {
    Table table({QStringLiteral("ID"), QStringLiteral("ID")});
    table.setAlignment(0, Table::Align::Left);
    table.setAlignment(1, Table::Align::Right);
    table.addRow({QStringLiteral("123456"), QStringLiteral("123456")});
    QCOMPARE(table.render().split(u'\n').value(1), QStringLiteral("|   ID   |   ID   |"));
}

void TestTable::emptyTableHasHeaderAndRules() {
    // PrettyTable prints an empty table as its header between rules, then the bottom rule.
    const Table table({QStringLiteral("NODE"), QStringLiteral("NODE STATUS")});
    const QString expected = joinLines({
        u"+------+-------------+",
        u"| NODE | NODE STATUS |",
        u"+------+-------------+",
        u"+------+-------------+",
    });
    QCOMPARE(table.render(), expected);
}

void TestTable::wideCellWidensItsColumn() {
    Table table({QStringLiteral("NODE"), QStringLiteral("STATUS")});
    table.setAlignment(0, Table::Align::Left);
    table.setAlignment(1, Table::Align::Right);
    table.addRow({QStringLiteral("a-very-long-host-name.example.com"), QStringLiteral("UP")});
    table.addRow({QStringLiteral("n2"), QStringLiteral("NOT OK: connection refused")});
    const QString expected = joinLines({
        u"+-----------------------------------+----------------------------+",
        u"|                NODE               |           STATUS           |",
        u"+-----------------------------------+----------------------------+",
        u"| a-very-long-host-name.example.com |                         UP |",
        u"| n2                                | NOT OK: connection refused |",
        u"+-----------------------------------+----------------------------+",
    });
    QCOMPARE(table.render(), expected);
}

void TestTable::wideHeaderWidensItsColumn() {
    Table table({QStringLiteral("A LONG HEADER")});
    table.setAlignment(0, Table::Align::Left);
    table.addRow({QStringLiteral("x")});
    QCOMPARE(table.render().split(u'\n').value(3), QStringLiteral("| x             |"));
}

void TestTable::shortRowIsPaddedAndLongRowCut() {
    Table table({QStringLiteral("A"), QStringLiteral("B")});
    table.addRow({QStringLiteral("1")});
    table.addRow({QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("extra")});
    const QString expected = joinLines({
        u"+---+---+",
        u"| A | B |",
        u"+---+---+",
        u"| 1 |   |",
        u"| 1 | 2 |",
        u"+---+---+",
    });
    QCOMPARE(table.render(), expected);
}

void TestTable::ignoresAlignmentOfMissingColumn() {
    Table table({QStringLiteral("A")});
    table.setAlignment(-1, Table::Align::Left);
    table.setAlignment(1, Table::Align::Left);
    table.addRow({QStringLiteral("x")});
    table.addRow({QStringLiteral("xyz")});
    QCOMPARE(table.render().split(u'\n').value(3), QStringLiteral("|  x  |"));
}

void TestTable::cellWithLineBreaksSpansLines() {
    Table table({QStringLiteral("NODE"), QStringLiteral("STATUS")});
    table.setAlignment(0, Table::Align::Left);
    table.setAlignment(1, Table::Align::Left);
    table.addRow({QStringLiteral("n1"), QStringLiteral("first line\r\nsecond")});
    const QString expected = joinLines({
        u"+------+------------+",
        u"| NODE |   STATUS   |",
        u"+------+------------+",
        u"| n1   | first line |",
        u"|      | second     |",
        u"+------+------------+",
    });
    QCOMPARE(table.render(), expected);
}

void TestTable::countsCharacterOutsideBmpOnce() {
    Table table({QStringLiteral("AB")});
    table.setAlignment(0, Table::Align::Left);
    table.addRow({QString::fromUtf8("\xF0\x9F\x98\x80")}); // one emoji: a surrogate pair
    QCOMPARE(table.render().split(u'\n').value(3),
             QString(u"| " + QString::fromUtf8("\xF0\x9F\x98\x80") + u"  |"));
}

void TestTable::emptyCellsKeepPadding() {
    Table table({QStringLiteral("A"), QString()});
    table.addRow({QString(), QString()});
    const QString expected = joinLines({
        u"+---+--+",
        u"| A |  |",
        u"+---+--+",
        u"|   |  |",
        u"+---+--+",
    });
    QCOMPARE(table.render(), expected);
}

QTEST_GUILESS_MAIN(TestTable)
#include "tst_table.moc"

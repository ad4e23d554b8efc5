// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "nodewarning.h"

#include <QTest>

class TestNodeWarning : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void joinsThePartsThatApply_data();
    void joinsThePartsThatApply();
};

void TestNodeWarning::joinsThePartsThatApply_data() {
    QTest::addColumn<QStringList>("parts");
    QTest::addColumn<QString>("warning");
    const QString spool =
        QStringLiteral("spool limit reached: 3 history rows evicted, see the log");
    const QString skipped = QStringLiteral("webhooks.json: 1 entry skipped: see the log");
    QTest::newRow("none") << QStringList() << QString();
    QTest::newRow("all empty") << QStringList{QString(), QString()} << QString();
    QTest::newRow("first only") << QStringList{spool, QString()} << spool;
    QTest::newRow("second only") << QStringList{QString(), skipped} << skipped;
    QTest::newRow("both") << QStringList{spool, skipped} << QString(spool + u"; " + skipped);
    QTest::newRow("three, one empty")
        << QStringList{spool, QString(), skipped} << QString(spool + u"; " + skipped);
}

void TestNodeWarning::joinsThePartsThatApply() {
    QFETCH(QStringList, parts);
    QFETCH(QString, warning);
    QCOMPARE(NodeWarning::join(parts), warning);
}

QTEST_GUILESS_MAIN(TestNodeWarning)
#include "tst_nodewarning.moc"

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// What a NOT OK row says: the advice must fit the cause.
#include "clusteroperations.h"

#include <QTest>

class TestDescribeFailure : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void tellsEachCauseApart_data();
    void tellsEachCauseApart();
};

void TestDescribeFailure::tellsEachCauseApart_data() {
    QTest::addColumn<int>("outcome");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QString>("expected");
    using O = ControlReply::Outcome;
    QTest::newRow("daemon down") << int(O::Refused) << QString()
                                 << QStringLiteral("glustereventsd is not running");
    QTest::newRow("node down") << int(O::Unreachable) << QStringLiteral("no answer in time")
                               << QStringLiteral("node unreachable (no answer in time)");
    QTest::newRow("other key") << int(O::KeyMismatch)
                               << QStringLiteral("cannot open the answer: cluster key mismatch")
                               << QStringLiteral("cluster key mismatch: copy /k from this node to "
                                                 "node2 and restart glustereventsd there");
    QTest::newRow("clock skew") << int(O::Unauthorized)
                                << QStringLiteral("stale request (clock skew over 60 s?)")
                                << QStringLiteral(
                                       "not authorized: stale request (clock skew over 60 s?)");
    QTest::newRow("replay") << int(O::Unauthorized) << QStringLiteral("replayed request")
                            << QStringLiteral("not authorized: replayed request");
    QTest::newRow("server error") << int(O::Failed) << QStringLiteral("HTTP 500")
                                  << QStringLiteral("HTTP 500");
}

void TestDescribeFailure::tellsEachCauseApart() {
    QFETCH(int, outcome);
    QFETCH(QString, error);
    QFETCH(QString, expected);
    ControlReply reply;
    reply.outcome = ControlReply::Outcome(outcome);
    reply.error = error;
    QCOMPARE(describeFailure(reply, QStringLiteral("node2"), QStringLiteral("/k")), expected);
}

QTEST_GUILESS_MAIN(TestDescribeFailure)
#include "tst_describefailure.moc"

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// bench_control_plane fails closed. A complete curve within its limits is met; a CLI that did
// not finish or printed no rows, an exit code or a row not as its case must have it, a pool
// size never measured and a missing figure are each MISSED, and every target of every size
// is listed.
#include "controlplaneverdict.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace {

const QList<int> kSizes{3, 16};

QString hostOf(int node) {
    return node == 0 ? QStringLiteral("localhost") : QStringLiteral("127.0.0.%1").arg(100 + node);
}

// The rows --json prints for `nodes` nodes, `hung` (when >= 0) DOWN and not OK.
QJsonArray rowsJson(int nodes, const QString &column, const QString &ok, int hung = -1) {
    QJsonArray rows;
    for (int node = 0; node < nodes; ++node) {
        const bool isHung = node == hung;
        rows.append(QJsonObject{
            {QStringLiteral("node"), hostOf(node)},
            {QStringLiteral("node_status"), isHung ? QStringLiteral("DOWN") : QStringLiteral("UP")},
            {column, isHung ? QStringLiteral("NOT OK") : ok},
            {QStringLiteral("error"), isHung ? QStringLiteral("no answer in time") : QString()}});
    }
    return rows;
}

QByteArray statusOutput(int nodes, int hung = -1) {
    const QJsonObject output{
        {QStringLiteral("webhooks"), QJsonArray{}},
        {QStringLiteral("data"),
         rowsJson(nodes, QStringLiteral("glustereventsd_status"), QStringLiteral("UP"), hung)}};
    return QJsonDocument(QJsonObject{{QStringLiteral("error"), QString()},
                                     {QStringLiteral("output"), output}})
        .toJson(QJsonDocument::Compact);
}

QByteArray operationOutput(int nodes, int hung = -1) {
    return QJsonDocument(
               QJsonObject{{QStringLiteral("error"), QString()},
                           {QStringLiteral("output"), rowsJson(nodes, QStringLiteral("sync_status"),
                                                               QStringLiteral("OK"), hung)}})
        .toJson(QJsonDocument::Compact);
}

PoolPoint completePoint(int nodes) {
    PoolPoint point;
    point.nodes = nodes;
    for (int i = 0; i < 3; ++i) {
        point.status.append(commandRunOf(0, 0.05, statusOutput(nodes)));
        point.webhookAdd.append(commandRunOf(0, 0.2, operationOutput(nodes)));
        point.configSet.append(commandRunOf(0, 0.2, operationOutput(nodes)));
    }
    point.hungNode = hostOf(nodes - 1);
    point.hungStatus = commandRunOf(0, 2.1, statusOutput(nodes, nodes - 1));
    point.hungConfigSet = commandRunOf(4, 5.1, operationOutput(nodes, nodes - 1));
    point.caughtUpSeconds = 0.5;
    return point;
}

ControlPlaneLimits limits() {
    return {0.5, 1.0, 1.0, 3.0, 6.0, 3.0, 1.9, 4.75};
}

QList<TargetVerdict> judged(const QList<PoolPoint> &points) {
    return judgeControlPlane(kSizes, points, limits());
}

// A copy: callers pass the list judged() just returned, which is gone after the statement.
TargetVerdict verdictFor(const QList<TargetVerdict> &verdicts, const QString &label) {
    for (const TargetVerdict &verdict : verdicts) {
        if (verdict.label.startsWith(label))
            return verdict;
    }
    return {QStringLiteral("none"), Outcome::NotRun, {}, {}};
}

} // namespace

class TestControlPlaneVerdict : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsTheRowsOfStatusAndOfAnOperation() {
        const CommandRun status = commandRunOf(0, 0.1, statusOutput(3, 2));
        QVERIFY(status.problem.isEmpty());
        QCOMPARE(status.rows.size(), 3);
        QVERIFY(status.rows.at(0).ok && status.rows.at(0).up);
        QCOMPARE(status.rows.at(2).node, QStringLiteral("127.0.0.102"));
        QVERIFY(!status.rows.at(2).ok && !status.rows.at(2).up);
        QCOMPARE(status.rows.at(2).error, QStringLiteral("no answer in time"));
        const CommandRun set = commandRunOf(4, 5.0, operationOutput(3, 1));
        QVERIFY(set.rows.at(0).ok);
        QVERIFY(!set.rows.at(1).ok);
    }

    void cliThatGaveNoRowsHasAProblem() {
        QVERIFY(!commandRunOf(-1, 60, {}).problem.isEmpty());
        QVERIFY(!commandRunOf(0, 0.1, "Webhooks:\n").problem.isEmpty());
        const CommandRun refused = commandRunOf(
            1, 0.1, R"({"error": "the cluster key has not arrived yet", "output": ""})");
        QCOMPARE(refused.problem,
                 QStringLiteral("the CLI failed: the cluster key has not arrived yet"));
    }

    void completeCurveMeetsEveryTarget() {
        const auto verdicts = judged({completePoint(3), completePoint(16)});
        QCOMPARE(verdicts.size(), 12);
        for (const TargetVerdict &verdict : verdicts)
            QVERIFY2(verdict.outcome == Outcome::Met,
                     qPrintable(verdict.label + u' ' + verdict.detail));
        QVERIFY(allMet(verdicts));
        QCOMPARE(verdictFor(verdicts, QStringLiteral("status, 16 nodes <")).measured,
                 QStringLiteral("0.050"));
    }

    void nodeNotOkWithEveryNodeUpIsMissed() {
        PoolPoint point = completePoint(16);
        point.configSet[1] = commandRunOf(4, 0.2, operationOutput(16, 5));
        const auto verdicts = judged({completePoint(3), point});
        const TargetVerdict set = verdictFor(verdicts, QStringLiteral("config-set, 16 nodes <"));
        QCOMPARE(set.outcome, Outcome::Missed);
        QVERIFY2(set.detail.startsWith(u"run 2: exit 4"), qPrintable(set.detail));
        QCOMPARE(verdictFor(verdicts, QStringLiteral("status, 16 nodes <")).outcome, Outcome::Met);

        point = completePoint(16);
        point.status[0].rows[3].ok = false; // exit 0, but a node said DOWN
        QCOMPARE(verdictFor(judged({completePoint(3), point}), QStringLiteral("status, 16 nodes <"))
                     .outcome,
                 Outcome::Missed);
        point = completePoint(16);
        point.webhookAdd[2].rows.removeLast();
        QCOMPARE(
            verdictFor(judged({completePoint(3), point}), QStringLiteral("webhook-add, 16 nodes <"))
                .outcome,
            Outcome::Missed);
    }

    void slowCommandIsMissed() {
        PoolPoint point = completePoint(3);
        for (CommandRun &run : point.status)
            run.seconds = 0.6;
        point.hungStatus.seconds = 5.1;
        const auto verdicts = judged({point, completePoint(16)});
        QCOMPARE(verdictFor(verdicts, QStringLiteral("status, 3 nodes <")).outcome,
                 Outcome::Missed);
        QCOMPARE(verdictFor(verdicts, QStringLiteral("status, 3 nodes, 1 hung")).outcome,
                 Outcome::Missed);
    }

    void hungNodeMustBeTheOneRowNotOk() {
        PoolPoint point = completePoint(3);
        point.hungStatus = commandRunOf(0, 2.0, statusOutput(3)); // the hung node answered?
        QCOMPARE(verdictFor(judged({point, completePoint(16)}),
                            QStringLiteral("status, 3 nodes, 1 hung"))
                     .detail,
                 QStringLiteral("run 1: the hung node 127.0.0.102 is OK"));

        point = completePoint(3);
        point.hungStatus = commandRunOf(0, 2.0, statusOutput(3, 1)); // another node is down
        QCOMPARE(verdictFor(judged({point, completePoint(16)}),
                            QStringLiteral("status, 3 nodes, 1 hung"))
                     .outcome,
                 Outcome::Missed);

        point = completePoint(3);
        point.hungNode.clear();
        QCOMPARE(verdictFor(judged({point, completePoint(16)}),
                            QStringLiteral("config-set, 3 nodes, 1 hung"))
                     .outcome,
                 Outcome::Missed);
    }

    // A node that died or refused the connection fails at once: its row is not what a hung
    // node gives, and a quick answer shows nothing of the deadline.
    void deadNodeIsNotAHungOne() {
        PoolPoint point = completePoint(3);
        point.hungStatus = commandRunOf(0, 0.05, statusOutput(3, 2));
        QCOMPARE(verdictFor(judged({point, completePoint(16)}),
                            QStringLiteral("status, 3 nodes, 1 hung"))
                     .detail,
                 QStringLiteral("run 1: 0.050 s, before the deadline of the hung node (1.90 s)"));

        point = completePoint(3);
        QByteArray refused = operationOutput(3, 2);
        refused.replace("no answer in time", "connection refused");
        point.hungConfigSet = commandRunOf(4, 5.1, refused);
        QCOMPARE(verdictFor(judged({point, completePoint(16)}),
                            QStringLiteral("config-set, 3 nodes, 1 hung"))
                     .outcome,
                 Outcome::Missed);
    }

    void configSetWithAHungNodeMustExitFour() {
        PoolPoint point = completePoint(16);
        point.hungConfigSet.exitCode = 0;
        const TargetVerdict set = verdictFor(judged({completePoint(3), point}),
                                             QStringLiteral("config-set, 16 nodes, 1 hung"));
        QCOMPARE(set.outcome, Outcome::Missed);
        QCOMPARE(set.detail, QStringLiteral("run 1: exit 0, not 4"));
    }

    void hungNodeThatNeverCaughtUpIsMissed() {
        PoolPoint point = completePoint(3);
        point.caughtUpSeconds.reset();
        QCOMPARE(
            verdictFor(judged({point, completePoint(16)}), QStringLiteral("hung node caught up"))
                .outcome,
            Outcome::Missed);
        point.caughtUpSeconds = 3.5;
        QCOMPARE(
            verdictFor(judged({point, completePoint(16)}), QStringLiteral("hung node caught up"))
                .outcome,
            Outcome::Missed);
    }

    void sizeNotMeasuredOrNotStartedIsMissedEverywhere() {
        PoolPoint failed;
        failed.nodes = 16;
        failed.problem = QStringLiteral("the daemon on 127.0.0.107 did not start");
        auto verdicts = judged({completePoint(3), failed});
        QCOMPARE(verdicts.size(), 12);
        for (qsizetype i = 6; i < 12; ++i) {
            QCOMPARE(verdicts.at(i).outcome, Outcome::Missed);
            QCOMPARE(verdicts.at(i).detail, failed.problem);
        }
        verdicts = judged({completePoint(3)});
        QCOMPARE(verdicts.size(), 12);
        QCOMPARE(verdicts.last().detail, QStringLiteral("not measured"));
        QVERIFY(!allMet(verdicts));
    }

    void commandNeverRunIsMissed() {
        PoolPoint point = completePoint(3);
        point.webhookAdd.clear();
        QCOMPARE(
            verdictFor(judged({point, completePoint(16)}), QStringLiteral("webhook-add, 3 nodes <"))
                .outcome,
            Outcome::Missed);
    }
};

QTEST_GUILESS_MAIN(TestControlPlaneVerdict)
#include "tst_controlplaneverdict.moc"

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "controlplaneverdict.h"

#include "spread.h"
#include "targetmeasure.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

// What a case requires of a run's rows, exit code included.
struct Expectation {
    int exitCode = 0;
    int nodes = 0;
    QString hungNode;          // empty: every row OK; else that row DOWN, no answer, every other OK
    double atLeastSeconds = 0; // with a hung node: its deadline, waited out
};

const QString kNoAnswer = QStringLiteral("no answer in time");

// Why `run` is not what `expected` says; empty when it is.
QString shortfall(const CommandRun &run, const Expectation &expected) {
    if (!run.problem.isEmpty())
        return run.problem;
    if (run.seconds < 0)
        return QStringLiteral("not timed");
    if (run.exitCode != expected.exitCode)
        return QStringLiteral("exit %1, not %2").arg(run.exitCode).arg(expected.exitCode);
    if (run.rows.size() != expected.nodes)
        return QStringLiteral("%1 rows for %2 nodes").arg(run.rows.size()).arg(expected.nodes);
    bool sawHung = false;
    for (const SeenRow &row : run.rows) {
        if (!expected.hungNode.isEmpty() && row.node == expected.hungNode) {
            sawHung = true;
            if (row.ok)
                return QStringLiteral("the hung node %1 is OK").arg(row.node);
            if (row.up || !row.error.contains(kNoAnswer))
                return QStringLiteral("the hung node %1 is not DOWN with \"%2\": %3")
                    .arg(row.node, kNoAnswer, row.error);
            continue;
        }
        if (!row.ok || !row.up)
            return QStringLiteral("%1 NOT OK: %2").arg(row.node, row.error);
    }
    if (!expected.hungNode.isEmpty() && !sawHung)
        return QStringLiteral("no row for the hung node %1").arg(expected.hungNode);
    if (run.seconds < expected.atLeastSeconds)
        return QStringLiteral("%1 s, before the deadline of the hung node (%2 s)")
            .arg(run.seconds, 0, 'f', 3)
            .arg(expected.atLeastSeconds, 0, 'f', 2);
    return {};
}

// The median time of `runs`, failed by the first that is not as expected.
TargetMeasure medianSeconds(const QList<CommandRun> &runs, const Expectation &expected) {
    if (runs.isEmpty())
        return {std::nullopt, QStringLiteral("not run"), {}};
    QList<double> seconds;
    QStringList texts;
    for (qsizetype i = 0; i < runs.size(); ++i) {
        if (const QString why = shortfall(runs.at(i), expected); !why.isEmpty())
            return {std::nullopt, QStringLiteral("run %1: %2").arg(i + 1).arg(why), {}};
        seconds.append(runs.at(i).seconds);
        texts.append(QString::number(runs.at(i).seconds, 'f', 3));
    }
    return {Spread::of(seconds)->median, {}, QStringLiteral("runs: %1").arg(texts.join(u' '))};
}

} // namespace

CommandRun commandRunOf(int exitCode, double seconds, const QByteArray &standardOutput) {
    CommandRun run;
    run.exitCode = exitCode;
    run.seconds = seconds;
    if (exitCode < 0) {
        run.problem = QStringLiteral("the CLI did not finish");
        return run;
    }
    QJsonParseError error{};
    const QJsonObject json = QJsonDocument::fromJson(standardOutput, &error).object();
    if (error.error != QJsonParseError::NoError || !json.contains(QStringLiteral("output"))) {
        run.problem = QStringLiteral("the CLI printed no JSON: %1")
                          .arg(QString::fromUtf8(standardOutput.left(200)).trimmed());
        return run;
    }
    const QJsonValue output = json.value(QStringLiteral("output"));
    // status: {"webhooks": [...], "data": [rows]}; the cluster operations: [rows].
    const QJsonArray rows = output.isObject()
                                ? output.toObject().value(QStringLiteral("data")).toArray()
                                : output.toArray();
    for (const QJsonValue &value : rows) {
        const QJsonObject row = value.toObject();
        SeenRow seen;
        seen.node = row.value(QStringLiteral("node")).toString();
        seen.up = row.value(QStringLiteral("node_status")).toString() == u"UP";
        seen.error = row.value(QStringLiteral("error")).toString();
        for (auto it = row.begin(); it != row.end(); ++it) {
            if (it.key().endsWith(u"_status") && it.key() != u"node_status")
                seen.ok = it.value().toString() == u"OK" || it.value().toString() == u"UP";
        }
        run.rows.append(seen);
    }
    if (run.rows.isEmpty()) {
        const QString why = json.value(QStringLiteral("error")).toString();
        run.problem = why.isEmpty() ? QStringLiteral("the CLI printed no rows")
                                    : QStringLiteral("the CLI failed: %1").arg(why);
    }
    return run;
}

QList<TargetVerdict> judgeControlPlane(const QList<int> &sizes, const QList<PoolPoint> &points,
                                       const ControlPlaneLimits &limits) {
    QList<TargetVerdict> verdicts;
    for (const int nodes : sizes) {
        const PoolPoint *point = nullptr;
        for (const PoolPoint &candidate : points) {
            if (candidate.nodes == nodes)
                point = &candidate;
        }
        const QString size = QStringLiteral("%1 nodes").arg(nodes);
        const QList<BenchTarget> targets{
            {QStringLiteral("status, %1").arg(size), Comparison::Below, limits.statusSeconds, 2, 3,
             QStringLiteral(" s")},
            {QStringLiteral("webhook-add, %1").arg(size), Comparison::Below,
             limits.webhookAddSeconds, 2, 3, QStringLiteral(" s")},
            {QStringLiteral("config-set, %1").arg(size), Comparison::Below, limits.configSetSeconds,
             2, 3, QStringLiteral(" s")},
            {QStringLiteral("status, %1, 1 hung").arg(size), Comparison::Below,
             limits.hungStatusSeconds, 1, 2, QStringLiteral(" s")},
            {QStringLiteral("config-set, %1, 1 hung: exit 4").arg(size), Comparison::Below,
             limits.hungConfigSetSeconds, 1, 2, QStringLiteral(" s")},
            {QStringLiteral("hung node caught up after SIGCONT, %1").arg(size), Comparison::Below,
             limits.caughtUpSeconds, 1, 2, QStringLiteral(" s")},
        };
        if (!point || !point->problem.isEmpty()) {
            const QString why = point ? point->problem : QStringLiteral("not measured");
            for (const BenchTarget &target : targets)
                verdicts.append(judge(target, {std::nullopt, why, {}}));
            continue;
        }
        const Expectation everyNode{0, nodes, {}};
        verdicts.append(judge(targets.at(0), medianSeconds(point->status, everyNode)));
        verdicts.append(judge(targets.at(1), medianSeconds(point->webhookAdd, everyNode)));
        verdicts.append(judge(targets.at(2), medianSeconds(point->configSet, everyNode)));
        const QString hung = point->hungNode.isEmpty() ? QStringLiteral("?") : point->hungNode;
        verdicts.append(
            judge(targets.at(3), medianSeconds({point->hungStatus},
                                               {0, nodes, hung, limits.hungStatusAtLeastSeconds})));
        verdicts.append(judge(targets.at(4),
                              medianSeconds({point->hungConfigSet},
                                            {4, nodes, hung, limits.hungConfigSetAtLeastSeconds})));
        // judge() says "not measured" for a missing value without a reason.
        verdicts.append(judge(targets.at(5), {point->caughtUpSeconds, point->caughtUpProblem, {}}));
    }
    return verdicts;
}

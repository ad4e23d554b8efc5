// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// bench_control_plane: what the CLI costs as the pool grows, and what one hung node costs it.
// For pools of 3, 16, 32 and 64 real daemons on 127.0.0.100 and up (controlpool.h), the real
// gluster-eventsapi on the first node runs `status`, `webhook-add` and `config-set` with every
// node up (3 times each, the median counts); then the last node is stopped with SIGSTOP, which
// is how a hung node looks from outside (its kernel takes the connection, nothing answers),
// and `status` and `config-set` run once more; then how soon that node catches up once it runs
// again (controlplanescenario.h). Held to:
//
//   status, webhook-add, config-set     every node OK, exit 0, within 0.2, 0.6 and 0.6 s: about
//                                       three times what 64 nodes took on a 2-core VM (0.06,
//                                       0.19 and 0.2 s), with room for a busy machine
//   status with a node hung             exit 0, the hung row DOWN with "no answer in time" and
//                                       every other OK, after the read deadline and within a
//                                       second more
//   config-set with a node hung         exit 4, the same rows, within the operation deadline
//                                       and a second
//   the hung node, once it runs again   its config caught up within 3 s
//
// A CLI that did not finish, a row or an exit code not as the case must have it, a pool that
// did not start or a figure missing is MISSED, and any MISSED exits 1. Prints the date, commit,
// machine and load, each run as it happens, the curve as a table, the targets, and one JSON
// line. Takes about 3 minutes on 2 cores; run by hand, never by ctest:
//
//   cmake --build build --target bench_control_plane && build/bench/bench_control_plane
#include "controlclient.h"
#include "controlplanescenario.h"
#include "controlpool.h"
#include "runheader.h"
#include "summarytext.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>

namespace {

ControlPlaneLimits limits() {
    ControlPlaneLimits limits;
    limits.statusSeconds = 0.2;
    limits.webhookAddSeconds = 0.6;
    limits.configSetSeconds = 0.6;
    limits.hungStatusSeconds = ControlClient::kQueryDeadlineMs / 1000.0 + 1;
    limits.hungConfigSetSeconds = ControlClient::kOperationDeadlineMs / 1000.0 + 1;
    limits.caughtUpSeconds = 3;
    limits.hungStatusAtLeastSeconds = ControlClient::kQueryDeadlineMs * 0.95 / 1000;
    limits.hungConfigSetAtLeastSeconds = ControlClient::kOperationDeadlineMs * 0.95 / 1000;
    return limits;
}

// The median of the runs' seconds, when every run has one.
QJsonValue medianOf(const QList<CommandRun> &runs) {
    QList<double> seconds;
    for (const CommandRun &run : runs) {
        if (!run.problem.isEmpty() || run.seconds < 0)
            return QJsonValue();
        seconds.append(run.seconds);
    }
    std::sort(seconds.begin(), seconds.end());
    if (seconds.isEmpty())
        return QJsonValue();
    const qsizetype middle = seconds.size() / 2;
    return seconds.size() % 2 ? seconds.at(middle)
                              : (seconds.at(middle - 1) + seconds.at(middle)) / 2;
}

QString text(const QJsonValue &seconds, int decimals = 3) {
    return seconds.isDouble() ? QString::number(seconds.toDouble(), 'f', decimals)
                              : QStringLiteral("-");
}

QString withExit(const CommandRun &run) {
    if (!run.problem.isEmpty() || run.seconds < 0)
        return QStringLiteral("-");
    return QStringLiteral("%1 (%2)").arg(QString::number(run.seconds, 'f', 2)).arg(run.exitCode);
}

QJsonObject pointJson(const PoolPoint &point) {
    const auto single = [](const CommandRun &run) {
        return run.problem.isEmpty() && run.seconds >= 0 ? QJsonValue(run.seconds) : QJsonValue();
    };
    return {{QStringLiteral("nodes"), point.nodes},
            {QStringLiteral("problem"), point.problem},
            {QStringLiteral("status_s"), medianOf(point.status)},
            {QStringLiteral("webhook_add_s"), medianOf(point.webhookAdd)},
            {QStringLiteral("config_set_s"), medianOf(point.configSet)},
            {QStringLiteral("hung_status_s"), single(point.hungStatus)},
            {QStringLiteral("hung_status_exit"), point.hungStatus.exitCode},
            {QStringLiteral("hung_config_set_s"), single(point.hungConfigSet)},
            {QStringLiteral("hung_config_set_exit"), point.hungConfigSet.exitCode},
            {QStringLiteral("caught_up_s"),
             point.caughtUpSeconds ? QJsonValue(*point.caughtUpSeconds) : QJsonValue()}};
}

QStringList curveLines(const QList<PoolPoint> &points) {
    QStringList lines{QStringLiteral("%1 %2 %3 %4 | %5 %6 %7")
                          .arg(QStringLiteral("nodes"), 5)
                          .arg(QStringLiteral("status s"), 9)
                          .arg(QStringLiteral("webhook-add s"), 14)
                          .arg(QStringLiteral("config-set s"), 13)
                          .arg(QStringLiteral("1 hung: status s (exit)"), 24)
                          .arg(QStringLiteral("config-set s (exit)"), 20)
                          .arg(QStringLiteral("caught up s"), 12)};
    for (const PoolPoint &point : points) {
        if (!point.problem.isEmpty()) {
            lines.append(QStringLiteral("%1  FAILED: %2").arg(point.nodes, 5).arg(point.problem));
            continue;
        }
        lines.append(QStringLiteral("%1 %2 %3 %4 | %5 %6 %7")
                         .arg(point.nodes, 5)
                         .arg(text(medianOf(point.status)), 9)
                         .arg(text(medianOf(point.webhookAdd)), 14)
                         .arg(text(medianOf(point.configSet)), 13)
                         .arg(withExit(point.hungStatus), 24)
                         .arg(withExit(point.hungConfigSet), 20)
                         .arg(point.caughtUpSeconds
                                  ? QString::number(*point.caughtUpSeconds, 'f', 2)
                                  : QStringLiteral("-"),
                              12));
    }
    return lines;
}

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Times the CLI on pools of real daemons, with every node up and with one "
                       "hung; exits 1 if any target is missed."));
    parser.addHelpOption();
    const QCommandLineOption sizesOption(QStringLiteral("nodes"),
                                         QStringLiteral("Pool sizes (3,16,32,64)."),
                                         QStringLiteral("LIST"), QStringLiteral("3,16,32,64"));
    const QCommandLineOption repeatsOption(
        QStringLiteral("repeats"), QStringLiteral("Runs of each command with every node up (3)."),
        QStringLiteral("N"), QStringLiteral("3"));
    parser.addOptions({sizesOption, repeatsOption});
    parser.process(app);
    QList<int> sizes;
    for (const QString &size : parser.value(sizesOption).split(u',', Qt::SkipEmptyParts)) {
        const int nodes = size.toInt();
        if (nodes < 2 || nodes > ControlPool::kMaxNodes) {
            std::fprintf(stderr, "bench_control_plane: pool sizes are 2 to %d\n",
                         ControlPool::kMaxNodes);
            return 2;
        }
        sizes.append(nodes);
    }
    const int repeats = parser.value(repeatsOption).toInt();
    if (sizes.isEmpty() || repeats < 1) {
        std::fprintf(stderr, "bench_control_plane: --nodes and --repeats need values\n");
        return 2;
    }

    const RunHeader header = describeRun();
    const QString daemonBinary = QStringLiteral(BENCH_DAEMON_BINARY);
    printLines(headerLines(QStringLiteral("bench_control_plane"), header, daemonBinary));
    std::printf("\n");
    QList<PoolPoint> points;
    for (const int nodes : std::as_const(sizes))
        points.append(measurePoolPoint(nodes, repeats));

    const QList<TargetVerdict> verdicts = judgeControlPlane(sizes, points, limits());
    std::printf("\n");
    printLines(curveLines(points));
    std::printf("\n");
    printLines(verdictLines(verdicts));
    printLines({allTargetsLine(verdicts)});
    QJsonObject json = headerJson(header, daemonBinary);
    json.insert(QStringLiteral("bench"), QStringLiteral("control_plane"));
    QJsonArray curve;
    for (const PoolPoint &point : std::as_const(points))
        curve.append(pointJson(point));
    json.insert(QStringLiteral("curve"), curve);
    const QJsonObject result = resultJson(BenchFigures(), verdicts);
    for (auto it = result.begin(); it != result.end(); ++it)
        json.insert(it.key(), it.value());
    std::printf("%s\n", QJsonDocument(json).toJson(QJsonDocument::Compact).constData());
    return allMet(verdicts) ? 0 : 1;
}

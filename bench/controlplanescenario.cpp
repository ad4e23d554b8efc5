// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "controlplanescenario.h"

#include "cliprocess.h"
#include "controlpool.h"
#include "peersync.h"
#include "testfiles.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QThread>

#include <csignal>
#include <cstdio>

namespace {

constexpr int kQuietWithinMs = 60'000;
constexpr int kCaughtUpWithinMs = 60'000;
// retry_max_interval: a setting every daemon reloads without a restart and no run depends on.
const QString kSetting = QStringLiteral("retry_max_interval");

CommandRun runOnFirst(ControlPool &pool, const QStringList &arguments) {
    const CliRun cli = runCli(pool.node(0), QStringList{QStringLiteral("--json")} + arguments);
    CommandRun run = commandRunOf(cli.exitCode, cli.seconds, cli.out);
    std::printf("    %-40s exit %d in %.3f s%s\n", qPrintable(arguments.join(u' ').left(40)),
                run.exitCode, run.seconds,
                run.problem.isEmpty() ? "" : qPrintable(QStringLiteral(" (%1)").arg(run.problem)));
    std::fflush(stdout);
    return run;
}

CommandRun configSet(ControlPool &pool, int value) {
    return runOnFirst(pool, {QStringLiteral("config-set"), kSetting, QString::number(value)});
}

// Polls the node's config.json every 10 ms until `setting` is `value`; the seconds it took.
std::optional<double> waitForSetting(const DaemonProcess &node, int value, int limitMs) {
    QElapsedTimer clock;
    clock.start();
    const QDeadlineTimer deadline(limitMs);
    const QString file = node.eventsDir() + QStringLiteral("/config.json");
    while (!deadline.hasExpired()) {
        if (readJson(file).value(kSetting).toInt() == value)
            return double(clock.nsecsElapsed()) / 1e9;
        QThread::msleep(10);
    }
    return std::nullopt;
}

// Whether the kernel has the process stopped (state T in /proc/<pid>/stat), within a second.
bool isStopped(const DaemonProcess &node) {
    const QDeadlineTimer deadline(1'000);
    while (!deadline.hasExpired()) {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(node.pid()));
        if (!node.isRunning() || !stat.open(QIODevice::ReadOnly))
            return false;
        const QByteArray line = stat.readAll();
        // The state follows the command's closing parenthesis: "pid (comm) T ...".
        const qsizetype close = line.lastIndexOf(')');
        if (close >= 0 && line.mid(close + 2, 1) == "T")
            return true;
        QThread::msleep(10);
    }
    return false;
}

} // namespace

PoolPoint measurePoolPoint(int nodes, int repeats) {
    PoolPoint point;
    point.nodes = nodes;
    std::printf("  %d nodes: starting\n", nodes);
    std::fflush(stdout);
    ControlPool pool(nodes);
    if (!pool.start(&point.problem))
        return point;
    pool.waitUntilQuiet(kQuietWithinMs);
    for (int i = 0; i < repeats; ++i) {
        point.status.append(runOnFirst(pool, {QStringLiteral("status")}));
        point.webhookAdd.append(
            runOnFirst(pool, {QStringLiteral("webhook-add"),
                              QStringLiteral("http://127.0.0.1:9/control-plane-%1").arg(i)}));
        point.configSet.append(configSet(pool, 20 + i));
    }

    const int hung = nodes - 1;
    point.hungNode = ControlPool::addressOf(hung);
    const int valueWhileHung = 59;
    QElapsedTimer stopped;
    pool.node(hung).sendSignal(SIGSTOP);
    stopped.start();
    if (!isStopped(pool.node(hung))) {
        point.problem = QStringLiteral("%1 could not be stopped").arg(point.hungNode);
        return point;
    }
    point.hungStatus = runOnFirst(pool, {QStringLiteral("status")});
    point.hungConfigSet = configSet(pool, valueWhileHung);
    const qint64 rest = PeerSync::kIntervalMs - stopped.elapsed();
    if (rest > 0)
        QThread::msleep(ulong(rest));
    pool.node(hung).sendSignal(SIGCONT);
    point.caughtUpSeconds = waitForSetting(pool.node(hung), valueWhileHung, kCaughtUpWithinMs);
    if (!point.caughtUpSeconds)
        point.caughtUpProblem =
            QStringLiteral("not caught up within %1 s").arg(kCaughtUpWithinMs / 1000);
    std::printf("    hung node caught up in %s s\n",
                point.caughtUpSeconds ? qPrintable(QString::number(*point.caughtUpSeconds, 'f', 3))
                                      : "-");
    std::fflush(stdout);
    return point;
}

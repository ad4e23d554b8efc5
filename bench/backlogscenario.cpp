// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "backlogscenario.h"

#include "benchrun.h"
#include "cliprocess.h"
#include "daemonprocess.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QThread>

#include <algorithm>
#include <cstdio>

namespace {

std::optional<qint64> metric(const DaemonProcess &daemon, const QByteArray &name) {
    const double value = daemonMetric(daemon.listenAddress(), daemon.port(), name);
    return value < 0 ? std::nullopt : std::optional<qint64>(qint64(value));
}

BacklogPoint readPoint(const DaemonProcess &daemon, qint64 queued) {
    BacklogPoint point;
    point.queued = queued;
    const ProcessReading process = readProcess(daemon.pid());
    if (process.rssKiB > 0) {
        point.rssKiB = process.rssKiB;
        point.peakKiB = process.peakRssKiB;
    }
    point.diskBytes = metric(daemon, "glustereventsd_spool_disk_bytes");
    point.pendingBytes = metric(daemon, "glustereventsd_spool_bytes");
    qint64 files = 0;
    for (const char *suffix : {"", "-wal"})
        files += QFileInfo(daemon.eventsDir() + QStringLiteral("/spool.db") + QLatin1String(suffix))
                     .size();
    point.fileBytes = files;
    std::printf("  %9lld queued: resident %.1f MB, peak %.1f MB, spool %.1f MB in use\n",
                static_cast<long long>(queued), double(process.rssKiB) / 1024,
                double(process.peakRssKiB) / 1024, double(point.diskBytes.value_or(0)) / 1e6);
    std::fflush(stdout);
    return point;
}

// The median wall time of `repeats` runs of the CLI with `arguments`; empty with a problem
// when any run fails.
ResponseTime timeCli(const DaemonProcess &daemon, const QString &what, const QStringList &arguments,
                     int repeats) {
    ResponseTime response;
    response.what = what;
    QList<double> seconds;
    for (int i = 0; i < repeats; ++i) {
        QElapsedTimer timer;
        timer.start();
        const CliRun run = runCli(daemon, arguments);
        if (run.exitCode != 0) {
            response.problem = QStringLiteral("exit %1: %2")
                                   .arg(run.exitCode)
                                   .arg(QString::fromUtf8(run.err.trimmed()));
            return response;
        }
        seconds.append(double(timer.nsecsElapsed()) / 1e9);
    }
    std::sort(seconds.begin(), seconds.end());
    response.seconds = seconds.at(seconds.size() / 2);
    std::printf("  %-52s %.3f s\n", qPrintable(what), *response.seconds);
    std::fflush(stdout);
    return response;
}

// `deliveries` (the newest 100 attempts) and a `replay --since` of what arrived from now on:
// nothing, but the spool's events are searched for it.
void timeControl(const DaemonProcess &daemon, const QString &url, const QString &when, int repeats,
                 BacklogRun *run) {
    run->responses.append(timeCli(daemon, QStringLiteral("deliveries, %1").arg(when),
                                  {QStringLiteral("deliveries")}, repeats));
    const QString now = QString::number(QDateTime::currentSecsSinceEpoch() + 1);
    run->responses.append(timeCli(daemon, QStringLiteral("replay --since now, %1").arg(when),
                                  {QStringLiteral("replay"), url, QStringLiteral("--since"), now},
                                  repeats));
}

} // namespace

void measureBacklog(BenchRun &bench, const BacklogPlan &plan, BacklogRun *run) {
    run->events = plan.points.constLast();
    // Nothing listens on this port until the drain: every delivery is refused meanwhile.
    const quint16 sinkPort = freePort(bench.address());
    const QString url = QStringLiteral("http://%1:%2/").arg(bench.address()).arg(sinkPort);
    auto daemon = bench.startDaemon(bench.webhooksFor(sinkPort, 1, 1), &run->problem);
    if (!daemon)
        return;
    const std::optional<qint64> takenBefore = eventsTaken(*daemon);
    if (!takenBefore) {
        run->problem = QStringLiteral("the daemon did not answer /metrics");
        return;
    }
    run->curve.append(readPoint(*daemon, 0));
    EventSender sender(bench.address(), daemon->port());
    qint64 queued = 0;
    for (const qint64 point : plan.points) {
        const qint64 sent = sender.send(point - queued, plan.sendRate);
        const std::optional<qint64> taken = waitForIngest(*daemon, *takenBefore + point);
        if (sent != point - queued || !taken || *taken != *takenBefore + point) {
            run->problem =
                QStringLiteral("the daemon took %1 of %2 events")
                    .arg(taken ? QString::number(*taken - *takenBefore) : QStringLiteral("?"))
                    .arg(point);
            return;
        }
        queued = point;
        QThread::msleep(1'000); // the spool's last group commit, and the allocator settling
        run->curve.append(readPoint(*daemon, queued));
    }
    timeControl(*daemon, url, QStringLiteral("%L1 pending").arg(queued), plan.cliRepeats, run);

    if (daemon->stop() != 0) {
        run->problem = QStringLiteral("the daemon did not stop cleanly");
        return;
    }
    Sink sink;
    if (!sink.start(bench.address(), sinkPort)) {
        run->problem = QStringLiteral("the receiver did not start");
        return;
    }
    QElapsedTimer sinceStart;
    sinceStart.start();
    if (!daemon->start()) {
        run->problem = QStringLiteral("the daemon did not restart with its backlog");
        return;
    }
    run->readySeconds = double(sinceStart.nsecsElapsed()) / 1e9;
    run->restartRssKiB = readProcess(daemon->pid()).rssKiB;
    const QDeadlineTimer firstDeadline(60'000);
    while (sink.stats().count == 0 && !firstDeadline.hasExpired())
        QThread::msleep(5);
    if (sink.stats().count > 0)
        run->firstDeliverySeconds = double(sinceStart.nsecsElapsed()) / 1e9;
    std::printf("  restart: ready in %.2f s, first delivery after %.2f s, resident %.1f MB\n",
                run->readySeconds.value_or(-1), run->firstDeliverySeconds.value_or(-1),
                double(run->restartRssKiB.value_or(0)) / 1024);
    std::fflush(stdout);

    const Sink::Stats stats = sink.waitFor(quint64(queued), kReceiveStallMs);
    run->drainPeakKiB = readProcess(daemon->pid()).peakRssKiB;
    QString why;
    const auto count = countReceived(sink, {1, *takenBefore + 1, queued}, nullptr, &why);
    if (!count) {
        run->problem = why;
        return;
    }
    run->drained = *count;
    run->drainPerSecond = stats.perSecond();
    std::printf(
        "  drained %lld of %lld once (%lld lost, %lld duplicates) at %.0f/s, peak %.1f MB\n",
        static_cast<long long>(count->once), static_cast<long long>(count->expected),
        static_cast<long long>(count->lost), static_cast<long long>(count->duplicates),
        stats.perSecond(), double(run->drainPeakKiB.value_or(0)) / 1024);
    std::fflush(stdout);
    timeControl(*daemon, url, QStringLiteral("%L1 delivered").arg(queued), plan.cliRepeats, run);
    daemon->stop();
}

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// The two limits the daemon is held to: what the receiver takes and what the bare library loop
// sends, measured with the same receiver the daemon sends to.
#include "benchrun.h"
#include "scenarios.h"

void measureReceiverLimit(BenchRun &run) {
    const FigureKey figure{QStringLiteral("receiver_wrk_per_second"),
                           QStringLiteral("receiver limit (wrk, 16 connections), requests/s")};
    Sink sink;
    QString why;
    const auto url = run.startSink(sink, &why);
    if (!url) {
        run.fail({figure}, 1, why);
        return;
    }
    if (const auto wrk = runWrk(*url, 16, run.settings().loopSeconds))
        run.record(figure, 1, *wrk);
    else
        run.note(QStringLiteral("receiver limit: wrk is not installed or failed"));
}

void measureLoopLimit(BenchRun &run, int inFlight, bool jemallocLoop, int round) {
    // The loop as Debian's Qt runs it (glibc's malloc), and, when the daemon is linked with
    // jemalloc, the loop on jemalloc too: the first is the library's limit, the second shows
    // what the daemon's own work costs with the allocator's gain taken out.
    QList<std::pair<QString, QString>> allocators{{QString(), QString()}};
    if (jemallocLoop)
        allocators.append({QStringLiteral("_jemalloc"), QStringLiteral(BENCH_DAEMON_PRELOAD)});
    for (const auto &[suffix, preload] : std::as_const(allocators)) {
        const QString name =
            QStringLiteral("bare QNAM loop%1, %2 in flight")
                .arg(preload.isEmpty() ? QString() : QStringLiteral(" on jemalloc"))
                .arg(inFlight);
        const QString key = QStringLiteral("bare_loop%1_%2").arg(suffix).arg(inFlight);
        const FigureKey perSecond{key + QStringLiteral("_per_second"),
                                  QStringLiteral("%1, requests/s").arg(name)};
        const FigureKey cpu{key + QStringLiteral("_cpu_us"),
                            QStringLiteral("%1, CPU us/request").arg(name), 1};
        Sink sink;
        QString why;
        const auto url = run.startSink(sink, &why);
        if (!url) {
            run.fail({perSecond, cpu}, round, why);
            continue;
        }
        // The loop counts only requests answered 200 and exits on any error, so its figure
        // cannot be inflated by a duplicate nor hide a loss.
        const auto loop = runQnamLoop(*url, inFlight, run.settings().loopSeconds, preload);
        if (!loop) {
            run.fail({perSecond, cpu}, round, QStringLiteral("the loop failed"));
            continue;
        }
        run.record(perSecond, round, loop->perSecond);
        run.record(cpu, round, loop->cpuUsPerRequest);
        run.note(QStringLiteral("%1: CPU us/request by thread: %2").arg(name, loop->cpuPerThread));
    }
}

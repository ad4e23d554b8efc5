// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// Latency from send to receipt: the daemon with one strict webhook fed at a steady rate, and
// the bare loop posting at the same rate right before it, both stamped with each event's due
// time. A round's figures count only when every event arrived exactly once; its latencies are
// kept so that the p99 target is taken over every event of every round.
#include "benchrun.h"
#include "daemonprocess.h"
#include "percentile.h"
#include "scenarios.h"
#include "threadcpu.h"

#include <algorithm>
#include <cstdio>

namespace {

struct LatencyFigures {
    FigureKey p50;
    FigureKey p99;
    FigureKey cpu;
    QList<FigureKey> all() const { return {p50, p99, cpu}; }
};

LatencyFigures latencyFigures(const QString &key, const QString &name, const QString &per) {
    return {{key + QStringLiteral("_p50_ms"), QStringLiteral("%1: latency p50, ms").arg(name), 2},
            {key + QStringLiteral("_p99_ms"), QStringLiteral("%1: latency p99, ms").arg(name), 2},
            {key + QStringLiteral("_cpu_us"), QStringLiteral("%1: CPU us/%2").arg(name, per), 1}};
}

QString loopName(int rate) {
    return QStringLiteral("bare QNAM loop at %1/s, 1 in flight").arg(rate);
}

LatencyFigures loopFigures(int rate) {
    return latencyFigures(QStringLiteral("loop_latency_%1").arg(rate), loopName(rate),
                          QStringLiteral("request"));
}

// The daemon's figures at one rate: whether each event arrived once, then its timing.
struct DaemonFigures {
    FigureKey lost;
    FigureKey duplicates;
    FigureKey unexpected;
    LatencyFigures timing;
    QList<FigureKey> all() const {
        return QList<FigureKey>{lost, duplicates, unexpected} + timing.all();
    }
};

DaemonFigures daemonFigures(int rate, int seconds) {
    const QString name = QStringLiteral("%1/s for %2 s").arg(rate).arg(seconds);
    const QString key = QStringLiteral("latency_%1").arg(rate);
    return {{key + QStringLiteral("_lost"), QStringLiteral("%1: lost").arg(name)},
            {key + QStringLiteral("_duplicates"),
             QStringLiteral("%1: delivered twice or more").arg(name)},
            {key + QStringLiteral("_unexpected"), QStringLiteral("%1: unexpected ids").arg(name)},
            latencyFigures(key, name, QStringLiteral("event"))};
}

// p50 and p99 of `latenciesUs`, the p99 with the samples it was taken from.
void recordLatencies(BenchRun &run, const LatencyFigures &figures, int round,
                     const QList<qint64> &latenciesUs) {
    run.record(figures.p50, round, double(*percentile(latenciesUs, 50)) / 1e3);
    run.recordSamples(figures.p99, round, double(*percentile(latenciesUs, 99)) / 1e3, latenciesUs);
}

double slowestMs(const QList<qint64> &latenciesUs) {
    return latenciesUs.isEmpty()
               ? 0
               : double(*std::max_element(latenciesUs.begin(), latenciesUs.end())) / 1e3;
}

// The library's own latency at `rate`: the bare loop posting that many requests a second with
// one in flight, as the daemon sends to a strict webhook. What it shows is the floor under the
// daemon's figure on this machine at this minute.
void loopLatency(BenchRun &run, int rate, int seconds, int round) {
    const LatencyFigures figures = loopFigures(rate);
    const QList<FigureKey> all = figures.all();
    Sink sink;
    QString why;
    const auto url = run.startSink(sink, &why);
    if (!url) {
        run.fail(all, round, why);
        return;
    }
    const StealReading stealBefore = readSteal();
    const auto loop = runQnamLoop(*url, 1, seconds, QString(), rate);
    const double steal = stealPercent(stealBefore, readSteal());
    if (!loop) {
        run.fail(all, round, QStringLiteral("the loop failed"));
        return;
    }
    QList<qint64> latencies;
    const auto count = countReceived(sink, {1, 1, loop->posted}, &latencies, &why);
    if (!count) {
        run.fail(all, round, why);
        return;
    }
    if (!count->exactlyOnce()) {
        run.fail(all, round, count->problem());
        return;
    }
    // Only the paced requests carry sent_us; the warm-up's do not.
    const qint64 paced = qint64(rate) * seconds;
    if (latencies.size() != paced) {
        run.fail(all, round,
                 QStringLiteral("%1 of %2 requests timed").arg(latencies.size()).arg(paced));
        return;
    }
    recordLatencies(run, figures, round, latencies);
    run.record(figures.cpu, round, loop->cpuUsPerRequest);
    run.note(QStringLiteral("%1: CPU us/request by thread: %2; slowest request %3 ms; CPU "
                            "stolen by the hypervisor %4%")
                 .arg(loopName(rate), loop->cpuPerThread)
                 .arg(slowestMs(latencies), 0, 'f', 1)
                 .arg(steal, 0, 'f', 1));
}

// Events sent at `rate` for `seconds` to a running daemon: loss, latency, CPU per event.
void daemonLatency(BenchRun &run, DaemonProcess &daemon, Sink &sink, EventSender &sender, int rate,
                   int seconds, int round) {
    const DaemonFigures figures = daemonFigures(rate, seconds);
    const QList<FigureKey> all = figures.all();
    sink.reset();
    const std::optional<qint64> takenBefore = eventsTaken(daemon);
    if (!takenBefore) {
        run.fail(all, round, QStringLiteral("the daemon did not answer /metrics"));
        return;
    }
    const ProcessReading before = readProcess(daemon.pid());
    const QMap<QString, double> threadsBefore = readThreadCpu(daemon.pid());
    const StealReading stealBefore = readSteal();
    const qint64 planned = qint64(rate) * seconds;
    const qint64 sent = sender.send(planned, rate);
    sink.waitFor(quint64(planned), kReceiveStallMs);
    const double steal = stealPercent(stealBefore, readSteal());
    const QMap<QString, double> threadsAfter = readThreadCpu(daemon.pid());
    const ProcessReading after = readProcess(daemon.pid());
    QString why;
    QList<qint64> latencies;
    const auto count = countReceived(sink, {1, *takenBefore + 1, planned}, &latencies, &why);
    if (!count) {
        run.fail(all, round, why);
        return;
    }
    run.record(figures.lost, round, double(count->lost));
    run.record(figures.duplicates, round, double(count->duplicates));
    run.record(figures.unexpected, round, double(count->unexpected));
    run.note(QStringLiteral("%1/s for %2 s: CPU us/event by thread: %3; slowest event %4 ms; "
                            "CPU stolen by the hypervisor %5%")
                 .arg(rate)
                 .arg(seconds)
                 .arg(cpuPerThread(threadsBefore, threadsAfter, double(planned)))
                 .arg(slowestMs(latencies), 0, 'f', 1)
                 .arg(steal, 0, 'f', 1));
    if (sent != planned) {
        run.fail(figures.timing.all(), round,
                 QStringLiteral("%1 of %2 datagrams sent").arg(sent).arg(planned));
        return;
    }
    if (!count->exactlyOnce()) {
        run.fail(figures.timing.all(), round, count->problem());
        return;
    }
    // Each event's latency, or the percentiles stand for fewer events than were delivered.
    if (latencies.size() != planned) {
        run.fail(figures.timing.all(), round,
                 QStringLiteral("%1 of %2 events timed").arg(latencies.size()).arg(planned));
        return;
    }
    recordLatencies(run, figures.timing, round, latencies);
    run.record(figures.timing.cpu, round,
               (after.cpuSeconds - before.cpuSeconds) * 1e6 / double(planned));
}

// Every figure of the latency part, failed for `why` in every round it would have had.
void failLatency(BenchRun &run, const BenchPlan &plan, const QString &why) {
    for (int round = 1; round <= plan.rounds; ++round) {
        run.fail(loopFigures(plan.latencyRate).all(), round, why);
        run.fail(daemonFigures(plan.latencyRate, plan.latencySeconds).all(), round, why);
    }
    for (const int rate : plan.higherRates)
        run.fail(daemonFigures(rate, plan.latencySeconds).all(), 1, why);
}

} // namespace

void measureLatency(BenchRun &run, const BenchPlan &plan) {
    Sink sink;
    const quint16 sinkPort = freePort(run.address());
    if (!sink.start(run.address(), sinkPort)) {
        failLatency(run, plan, QStringLiteral("the receiver did not start"));
        return;
    }
    QString why;
    auto daemon = run.startDaemon(run.webhooksFor(sinkPort, 1, 1), &why);
    if (!daemon) {
        failLatency(run, plan, why);
        return;
    }
    EventSender sender(run.address(), daemon->port());
    sender.send(100, 1'000); // connections open before the clock starts
    sink.waitFor(100, kReceiveStallMs);
    for (int round = 1; round <= plan.rounds; ++round) {
        std::printf("latency round %d of %d\n", round, plan.rounds);
        loopLatency(run, plan.latencyRate, plan.latencySeconds, round);
        daemonLatency(run, *daemon, sink, sender, plan.latencyRate, plan.latencySeconds, round);
    }
    for (const int rate : plan.higherRates)
        daemonLatency(run, *daemon, sink, sender, rate, plan.latencySeconds, 1);
    daemon->stop();
}

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// Delivery: a backlog spooled while the receivers are down, then drained to them and timed at
// the receiver, from its first request to its last. Its figures count only when every event
// reached every webhook exactly once: a lost event makes a drain look faster, a duplicate
// would stand in for a lost one.
#include "benchrun.h"
#include "daemonprocess.h"
#include "pingprobe.h"
#include "profiler.h"
#include "scenarios.h"
#include "threadcpu.h"

#include <QThread>

void measureDelivery(BenchRun &run, const DeliveryRun &delivery, qint64 events, int round) {
    const quint16 sinkPort = freePort(run.address());
    measureDrain(run,
                 {delivery.key(), delivery.name(),
                  run.webhooksFor(sinkPort, delivery.webhooks, delivery.parallel), sinkPort,
                  delivery.webhooks},
                 events, round);
}

void measureDrain(BenchRun &run, const DrainSetup &setup, qint64 events, int round) {
    const QString &name = setup.name;
    const QString &key = setup.key;
    const FigureKey perSecond{key + QStringLiteral("_per_second"),
                              QStringLiteral("%1: delivered events/s").arg(name)};
    const FigureKey ingestCpu{key + QStringLiteral("_ingest_cpu_us"),
                              QStringLiteral("%1: CPU us/event, ingest+spool").arg(name), 1};
    const FigureKey deliveryCpu{key + QStringLiteral("_delivery_cpu_us"),
                                QStringLiteral("%1: CPU us/delivery").arg(name), 1};
    const FigureKey lost{key + QStringLiteral("_lost"), QStringLiteral("%1: lost").arg(name)};
    const FigureKey duplicates{key + QStringLiteral("_duplicates"),
                               QStringLiteral("%1: delivered twice or more").arg(name)};
    const FigureKey unexpected{key + QStringLiteral("_unexpected"),
                               QStringLiteral("%1: unexpected ids").arg(name)};
    const FigureKey pingMax{key + QStringLiteral("_ping_max_ms"),
                            QStringLiteral("%1: slowest GET /v1/ping while draining, ms").arg(name),
                            1};
    QList<FigureKey> timed{perSecond, ingestCpu, deliveryCpu};
    if (setup.probeControl)
        timed.append(pingMax);
    const QList<FigureKey> all = timed + QList<FigureKey>{lost, duplicates, unexpected};

    QString why;
    auto daemon = run.startDaemon(setup.webhooks, &why);
    if (!daemon) {
        run.fail(all, round, why);
        return;
    }
    const std::optional<qint64> takenBefore = eventsTaken(*daemon);
    if (!takenBefore) {
        run.fail(all, round, QStringLiteral("the daemon did not answer /metrics"));
        return;
    }
    const ProcessReading atStart = readProcess(daemon->pid());
    const QMap<QString, double> threadsAtStart = readThreadCpu(daemon->pid());
    Profiler ingestProfiler(run.settings().ingestProfiler, daemon->pid());
    EventSender sender(run.address(), daemon->port());
    sender.setTypes(setup.eventTypes);
    const qint64 sent = sender.send(events, 20'000);
    if (sent != events) {
        run.fail(all, round, QStringLiteral("%1 of %2 datagrams sent").arg(sent).arg(events));
        return;
    }
    const std::optional<qint64> taken = waitForIngest(*daemon, *takenBefore + events);
    if (!taken || *taken != *takenBefore + events) {
        run.fail(all, round,
                 QStringLiteral("the daemon took %1 of %2 events")
                     .arg(taken ? QString::number(*taken - *takenBefore) : QStringLiteral("?"))
                     .arg(events));
        return;
    }
    QThread::msleep(500); // the spool's last group commit
    ingestProfiler.stop();
    const ProcessReading ingested = readProcess(daemon->pid());
    const QMap<QString, double> threadsIngested = readThreadCpu(daemon->pid());
    Profiler drainProfiler(run.settings().drainProfiler, daemon->pid());
    std::optional<PingProbe> probe;
    if (setup.probeControl)
        probe.emplace(run.address(), daemon->port());
    Sink sink;
    if (!sink.start(run.address(), setup.firstPort, setup.receivers)) {
        run.fail(all, round, QStringLiteral("the receiver did not start"));
        return;
    }
    const ExpectedIds ids{setup.receivers, *takenBefore + 1, events, setup.shares};
    qint64 expected = 0;
    for (int webhook = 0; webhook < setup.receivers; ++webhook)
        expected += ids.shares.value(webhook).countOf(events);
    const Sink::Stats stats = sink.waitFor(quint64(expected), kReceiveStallMs);
    const ProcessReading drained = readProcess(daemon->pid());
    const QMap<QString, double> threadsDrained = readThreadCpu(daemon->pid());
    drainProfiler.stop();
    const PingProbe::Figures pings = probe ? probe->stop() : PingProbe::Figures{};
    const auto count = countReceived(sink, ids, nullptr, &why);
    if (!count) {
        run.fail(all, round, why);
        return;
    }
    run.record(lost, round, double(count->lost));
    run.record(duplicates, round, double(count->duplicates));
    run.record(unexpected, round, double(count->unexpected));
    if (!count->exactlyOnce()) {
        run.fail(timed, round, count->problem());
        return;
    }
    run.note(QStringLiteral("%1: CPU us/event by thread, ingest: %2; delivery: %3")
                 .arg(name, cpuPerThread(threadsAtStart, threadsIngested, double(events)),
                      cpuPerThread(threadsIngested, threadsDrained, double(expected))));
    run.record(perSecond, round, stats.perSecond());
    run.record(ingestCpu, round, (ingested.cpuSeconds - atStart.cpuSeconds) * 1e6 / double(events));
    run.record(deliveryCpu, round,
               (drained.cpuSeconds - ingested.cpuSeconds) * 1e6 / double(expected));
    if (probe && (pings.unanswered > 0 || pings.answered == 0))
        run.fail({pingMax}, round,
                 QStringLiteral("%1 of %2 pings unanswered within 10 s")
                     .arg(pings.unanswered)
                     .arg(pings.answered + pings.unanswered));
    else if (probe)
        run.record(pingMax, round, pings.maxMs);
    daemon->stop();
}

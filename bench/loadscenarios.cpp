// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// The daemon under load it cannot deliver as fast as it arrives: a burst of datagrams as fast
// as one socket sends them, and a backlog queued for a receiver that is down.
#include "benchrun.h"
#include "daemonprocess.h"
#include "scenarios.h"

#include <QThread>

void measureBurst(BenchRun &run, qint64 events) {
    const FigureKey sentFigure{QStringLiteral("burst_sent"),
                               QStringLiteral("burst: datagrams sent")};
    const FigureKey seconds{QStringLiteral("burst_send_seconds"),
                            QStringLiteral("burst: seconds to send them"), 2};
    const FigureKey taken{QStringLiteral("burst_received"),
                          QStringLiteral("burst: events the daemon took")};
    const FigureKey lost{QStringLiteral("burst_lost"),
                         QStringLiteral("burst: lost (of %1, not delivered)").arg(events)};
    const FigureKey duplicates{QStringLiteral("burst_duplicates"),
                               QStringLiteral("burst: delivered twice or more")};
    const FigureKey unexpected{QStringLiteral("burst_unexpected"),
                               QStringLiteral("burst: unexpected ids")};
    const QList<FigureKey> delivered{lost, duplicates, unexpected};
    const QList<FigureKey> all{sentFigure, seconds, taken, lost, duplicates, unexpected};

    Sink sink;
    const quint16 sinkPort = freePort(run.address());
    if (!sink.start(run.address(), sinkPort)) {
        run.fail(all, 1, QStringLiteral("the receiver did not start"));
        return;
    }
    QString why;
    auto daemon = run.startDaemon(run.webhooksFor(sinkPort, 1, 1), &why);
    if (!daemon) {
        run.fail(all, 1, why);
        return;
    }
    const std::optional<qint64> takenBefore = eventsTaken(*daemon);
    if (!takenBefore) {
        run.fail(all, 1, QStringLiteral("the daemon did not answer /metrics"));
        return;
    }
    EventSender sender(run.address(), daemon->port());
    const qint64 start = monotonicUs();
    const qint64 sent = sender.send(events, 0);
    run.record(sentFigure, 1, double(sent));
    run.record(seconds, 1, double(monotonicUs() - start) / 1e6);
    sink.waitFor(quint64(events), kReceiveStallMs);
    if (const std::optional<qint64> takenAfter = eventsTaken(*daemon))
        run.record(taken, 1, double(*takenAfter - *takenBefore));
    else
        run.fail({taken}, 1, QStringLiteral("the daemon did not answer /metrics"));
    // Every event of the burst is expected, sent or not: one the socket refused is lost too.
    const auto count = countReceived(sink, {1, *takenBefore + 1, events}, nullptr, &why);
    if (!count) {
        run.fail(delivered, 1, why);
        return;
    }
    run.record(lost, 1, double(count->lost));
    run.record(duplicates, 1, double(count->duplicates));
    run.record(unexpected, 1, double(count->unexpected));
    daemon->stop();
}

void measureMemory(BenchRun &run, qint64 events) {
    const FigureKey idle{QStringLiteral("memory_idle_mb"),
                         QStringLiteral("memory: resident at start, MB"), 1};
    const FigureKey taken{QStringLiteral("memory_events_taken"),
                          QStringLiteral("memory: events the daemon took")};
    const FigureKey peak{QStringLiteral("memory_queued_peak_mb"),
                         QStringLiteral("memory: peak resident with %1 queued, MB").arg(events), 1};
    // Nothing listens on this port: every delivery is refused and the events stay queued.
    const quint16 deadPort = freePort(run.address());
    QString why;
    auto daemon = run.startDaemon(run.webhooksFor(deadPort, 1, 1), &why);
    if (!daemon) {
        run.fail({idle, taken, peak}, 1, why);
        return;
    }
    const ProcessReading atStart = readProcess(daemon->pid());
    run.record(idle, 1, double(atStart.rssKiB) / 1024);
    EventSender sender(run.address(), daemon->port());
    sender.send(events, 20'000);
    const std::optional<qint64> takenIn = waitForIngest(*daemon, events);
    QThread::msleep(1'000);
    const ProcessReading loaded = readProcess(daemon->pid());
    if (!takenIn) {
        run.fail({taken, peak}, 1, QStringLiteral("the daemon did not answer /metrics"));
        return;
    }
    run.record(taken, 1, double(*takenIn));
    // A peak with fewer events queued says nothing about the target's.
    if (*takenIn != events) {
        run.fail({peak}, 1,
                 QStringLiteral("the daemon took %1 of %2 events").arg(*takenIn).arg(events));
        return;
    }
    run.record(peak, 1, double(loaded.peakRssKiB) / 1024);
    daemon->stop();
}

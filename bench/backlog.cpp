// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// bench_backlog: what a long outage of one webhook's receiver costs a real glustereventsd. The
// backlog is sent as datagrams through the daemon's own ingest (not written into a spool file),
// so the curve is the daemon's while its backlog grows, at 20,000 events/s (50 s for 1,000,000):
//
//   curve      resident memory (and its peak) and the spool's bytes per event at each point
//              (100,000, 250,000, 500,000, 1,000,000 queued by default), the receiver down
//   control    `deliveries` and `replay --since now` by the real CLI on that spool
//   restart    the daemon stopped and started again with the backlog: time to ready (its
//              daemon.json written) and to the receiver's first request, resident memory
//   drain      the backlog drained to bench_sink: events/s, counted by webhook-id (every event
//              exactly once, or MISSED), and peak resident memory over restart and drain;
//              then `deliveries` and `replay` again, on the spool's history
//   strict     events_bench's strict run (a 40,000-event backlog drained to one webhook) before
//              the fill and after the drain, which must agree within 15%: the drain rate is held
//              to their mean
//
// Prints a header (date, commit, machine, load), the figures as they are taken, a table of the
// targets and one JSON line; exits 1 when a target is MISSED. Takes 7-10 minutes on 2 cores:
//
//   cmake --build build --target bench_backlog && build/bench/bench_backlog
#include "backlogscenario.h"
#include "benchrun.h"
#include "runheader.h"
#include "scenarios.h"
#include "summarytext.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace {

QJsonValue json(const std::optional<qint64> &value, double scale = 1) {
    return value ? QJsonValue(double(*value) * scale) : QJsonValue();
}

QJsonValue json(const std::optional<double> &value) {
    return value ? QJsonValue(*value) : QJsonValue();
}

QString mib(const std::optional<qint64> &kiB) {
    return kiB ? QString::number(double(*kiB) / 1024, 'f', 1) : QStringLiteral("-");
}

void printCurve(const BacklogRun &run, QJsonArray *curve) {
    std::printf("\n%12s %12s %12s %14s %14s %14s\n", "queued", "resident MB", "peak MB", "spool MB",
                "bytes/event", "file MB");
    for (const BacklogPoint &point : run.curve) {
        const QString perEvent =
            point.diskBytes && point.queued > 0
                ? QString::number(double(*point.diskBytes) / double(point.queued), 'f', 0)
                : QStringLiteral("-");
        std::printf(
            "%12lld %12s %12s %14s %14s %14s\n", static_cast<long long>(point.queued),
            qPrintable(mib(point.rssKiB)), qPrintable(mib(point.peakKiB)),
            qPrintable(point.diskBytes ? QString::number(double(*point.diskBytes) / 1e6, 'f', 1)
                                       : QStringLiteral("-")),
            qPrintable(perEvent),
            qPrintable(point.fileBytes ? QString::number(double(*point.fileBytes) / 1e6, 'f', 1)
                                       : QStringLiteral("-")));
        curve->append(
            QJsonObject{{QStringLiteral("queued"), point.queued},
                        {QStringLiteral("resident_mb"), json(point.rssKiB, 1.0 / 1024)},
                        {QStringLiteral("peak_mb"), json(point.peakKiB, 1.0 / 1024)},
                        {QStringLiteral("spool_disk_bytes"), json(point.diskBytes)},
                        {QStringLiteral("spool_file_bytes"), json(point.fileBytes)},
                        {QStringLiteral("pending_body_bytes"), json(point.pendingBytes)}});
    }
}

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Measures a real glustereventsd through a long outage of its receiver; "
                       "exits 1 if any target is missed."));
    parser.addHelpOption();
    const QCommandLineOption addressOption(QStringLiteral("address"),
                                           QStringLiteral("Loopback address to use."),
                                           QStringLiteral("ADDR"), QStringLiteral("127.0.0.11"));
    const QCommandLineOption pointsOption(
        QStringLiteral("points"),
        QStringLiteral("Queued events at which the curve is read, comma-separated; the last is "
                       "the backlog."),
        QStringLiteral("N,..."), QStringLiteral("100000,250000,500000,1000000"));
    const QCommandLineOption strictOption(
        QStringLiteral("strict-events"),
        QStringLiteral("The backlog of each strict reference run (events_bench's)."),
        QStringLiteral("N"), QStringLiteral("40000"));
    parser.addOptions({addressOption, pointsOption, strictOption});
    parser.process(app);

    BacklogPlan plan;
    for (const QString &point : parser.value(pointsOption).split(u',', Qt::SkipEmptyParts)) {
        const qint64 queued = point.toLongLong();
        if (queued <= 0 || (!plan.points.isEmpty() && queued <= plan.points.constLast())) {
            std::fprintf(stderr, "bench_backlog: --points are rising counts\n");
            return 2;
        }
        plan.points.append(queued);
    }
    if (plan.points.isEmpty()) {
        std::fprintf(stderr, "bench_backlog: --points is empty\n");
        return 2;
    }
    const qint64 strictEvents = parser.value(strictOption).toLongLong();

    const RunHeader header = describeRun();
    const QString daemonBinary = QStringLiteral(BENCH_DAEMON_BINARY);
    printLines(headerLines(QStringLiteral("bench_backlog"), header, daemonBinary));
    std::printf("\n");

    BenchSettings settings;
    settings.address = parser.value(addressOption);
    BenchRun bench(settings);
    const DeliveryRun strict{1, 1};
    const QString strictKey = strict.key() + QStringLiteral("_per_second");
    BacklogRun run;
    std::printf("strict reference, before\n");
    measureDelivery(bench, strict, strictEvents, 1);
    std::printf("backlog of %lld, receiver down\n", static_cast<long long>(plan.points.last()));
    measureBacklog(bench, plan, &run);
    std::printf("strict reference, after\n");
    measureDelivery(bench, strict, strictEvents, 2);
    for (const int round : {1, 2}) {
        const RoundValue value = bench.figures().in(strictKey, round);
        if (value.value)
            run.strictPerSecond.append(*value.value);
    }

    QJsonArray curve;
    printCurve(run, &curve);
    std::printf("\n");
    QJsonArray responses;
    for (const ResponseTime &response : std::as_const(run.responses)) {
        std::printf("%-52s %s\n", qPrintable(response.what),
                    response.seconds
                        ? qPrintable(QString::number(*response.seconds, 'f', 3) + u" s")
                        : qPrintable(QStringLiteral("FAILED: ") + response.problem));
        responses.append(QJsonObject{{QStringLiteral("what"), response.what},
                                     {QStringLiteral("seconds"), json(response.seconds)},
                                     {QStringLiteral("problem"), response.problem}});
    }

    const QList<TargetVerdict> verdicts = judgeBacklog(run, BacklogTargets{});
    std::printf("\n");
    printLines(verdictLines(verdicts));
    if (!run.problem.isEmpty())
        std::printf("problem: %s\n", qPrintable(run.problem));
    printLines({allTargetsLine(verdicts)});
    const bool met = allMet(verdicts);
    QJsonArray targets;
    for (const TargetVerdict &verdict : verdicts)
        targets.append(QJsonObject{{QStringLiteral("target"), verdict.label},
                                   {QStringLiteral("measured"), verdict.measured},
                                   {QStringLiteral("met"), verdict.outcome == Outcome::Met},
                                   {QStringLiteral("detail"), verdict.detail}});

    QJsonArray strictRates;
    for (const double perSecond : std::as_const(run.strictPerSecond))
        strictRates.append(perSecond);
    QJsonObject result = headerJson(header, daemonBinary);
    const QJsonObject figures{
        {QStringLiteral("bench"), QStringLiteral("backlog")},
        {QStringLiteral("events"), run.events},
        {QStringLiteral("curve"), curve},
        {QStringLiteral("ready_s"), json(run.readySeconds)},
        {QStringLiteral("first_delivery_s"), json(run.firstDeliverySeconds)},
        {QStringLiteral("restart_resident_mb"), json(run.restartRssKiB, 1.0 / 1024)},
        {QStringLiteral("drain_peak_mb"), json(run.drainPeakKiB, 1.0 / 1024)},
        {QStringLiteral("drain_per_second"), json(run.drainPerSecond)},
        {QStringLiteral("strict_per_second"), strictRates},
        {QStringLiteral("lost"),
         run.drained ? QJsonValue(double(run.drained->lost)) : QJsonValue()},
        {QStringLiteral("duplicates"),
         run.drained ? QJsonValue(double(run.drained->duplicates)) : QJsonValue()},
        {QStringLiteral("unexpected"),
         run.drained ? QJsonValue(double(run.drained->unexpected)) : QJsonValue()},
        {QStringLiteral("responses"), responses},
        {QStringLiteral("targets"), targets},
        {QStringLiteral("problem"), run.problem},
        {QStringLiteral("all_targets_met"), met}};
    for (auto it = figures.begin(); it != figures.end(); ++it)
        result.insert(it.key(), it.value());
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
    return met ? 0 : 1;
}

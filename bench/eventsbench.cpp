// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// events_bench: the whole benchmark in one run, so that our figures and the limits they are
// held to come from the same machine at the same moment. Prints a table and one JSON line, and
// exits 1 when a target it was asked to judge is MISSED.
//
//   limits    the receiver (wrk, 16 connections) and the bare QNetworkAccessManager loop with
//             1 and 16 requests in flight
//   delivery  a backlog of events drained to 1 and to 10 webhooks, strict and --parallel 16:
//             delivered events/s and the daemon's CPU per event (ingest + spool + delivery)
//   burst     100,000 datagrams as fast as one socket sends them: how many are lost
//   latency   1,000/s, 5,000/s and 20,000/s for 5 s: loss, and p50/p99 from send to receipt;
//             1,000/s in rounds, each after the bare loop posting at 1,000/s (its own p99)
//   memory    peak resident memory with 100,000 events queued for a dead receiver
//
// Every delivered figure counts only when bench_sink saw each expected event (by webhook-id)
// exactly once; a round that fails leaves its reason, and a target it touches is MISSED.
// The daemon runs with its defaults (spool on, events log on). Addresses 127.0.0.9 by default.
#include "benchplan.h"
#include "benchrun.h"
#include "runheader.h"
#include "scenarios.h"
#include "summarytext.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>

#include <algorithm>
#include <cstdio>

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Benchmarks glustereventsd against the limits "
                                                    "of its receiver and of Qt's HTTP client."));
    parser.addHelpOption();
    const QCommandLineOption addressOption(QStringLiteral("address"),
                                           QStringLiteral("Loopback address to use."),
                                           QStringLiteral("ADDR"), QStringLiteral("127.0.0.9"));
    const QCommandLineOption onlyOption(
        QStringLiteral("only"),
        QStringLiteral("Comma-separated parts: limits,delivery,burst,latency,memory."),
        QStringLiteral("PARTS"), QStringLiteral("limits,delivery,burst,latency,memory"));
    const QCommandLineOption eventsOption(QStringLiteral("events"),
                                          QStringLiteral("Backlog per delivery run."),
                                          QStringLiteral("N"), QStringLiteral("40000"));
    const QCommandLineOption runsOption(
        QStringLiteral("delivery-runs"),
        QStringLiteral("Delivery runs as WEBHOOKSxPARALLEL, comma-separated."),
        QStringLiteral("RUNS"), QStringLiteral("1x1,10x1,1x16,10x16"));
    const QCommandLineOption configOption(
        QStringLiteral("daemon-config"),
        QStringLiteral("JSON object merged into every daemon's config.json."),
        QStringLiteral("JSON"), QStringLiteral("{}"));
    parser.addOptions({addressOption, onlyOption, eventsOption, runsOption, configOption});

    const QCommandLineOption roundsOption(
        QStringLiteral("rounds"),
        QStringLiteral("Rounds of limits and delivery, reported by their median (this machine's "
                       "neighbours move single runs by 15%)."),
        QStringLiteral("N"), QStringLiteral("5"));
    parser.addOption(roundsOption);
    const QCommandLineOption drainProfileOption(
        QStringLiteral("profile-drain"),
        QStringLiteral(
            "Command started while the daemon drains its backlog, %p standing for its "
            "pid, and stopped with SIGINT, e.g. \"perf record -g -o drain.data -p %p\"."),
        QStringLiteral("COMMAND"));
    parser.addOption(drainProfileOption);
    const QCommandLineOption ingestProfileOption(
        QStringLiteral("profile-ingest"),
        QStringLiteral("The same, while the daemon spools the backlog (receiver down)."),
        QStringLiteral("COMMAND"));
    parser.addOption(ingestProfileOption);
    parser.process(app);

    BenchSettings settings;
    settings.address = parser.value(addressOption);
    settings.drainProfiler = parser.value(drainProfileOption);
    settings.ingestProfiler = parser.value(ingestProfileOption);
    settings.extraConfig = QJsonDocument::fromJson(parser.value(configOption).toUtf8()).object();
    BenchRun bench(settings);
    const QStringList parts = parser.value(onlyOption).split(u',');
    const qint64 events = parser.value(eventsOption).toLongLong();
    BenchPlan plan;
    plan.rounds = std::max(1, parser.value(roundsOption).toInt());
    plan.limits = parts.contains(QStringLiteral("limits"));
    plan.delivery = parts.contains(QStringLiteral("delivery"));
    plan.burst = parts.contains(QStringLiteral("burst"));
    plan.latency = parts.contains(QStringLiteral("latency"));
    plan.memory = parts.contains(QStringLiteral("memory"));
    plan.jemallocLoop = !QStringLiteral(BENCH_DAEMON_PRELOAD).isEmpty();
    for (const QString &run : parser.value(runsOption).split(u',')) {
        const int webhooks = run.section(u'x', 0, 0).toInt();
        const int parallel = run.section(u'x', 1, 1).toInt();
        if (webhooks < 1 || parallel < 1) {
            std::fprintf(stderr, "events_bench: a delivery run is WEBHOOKSxPARALLEL\n");
            return 2;
        }
        plan.deliveryRuns.append({webhooks, parallel});
    }
    // Each limit is measured right before the runs held to it (the 1-in-flight loop before the
    // strict runs, the 16-in-flight loop before the parallel ones), and the targets compare
    // each round's pair: this machine's speed drifts by more than the margins from one minute
    // to the next, and a pair taken a few seconds apart drifts together.
    const RunHeader header = describeRun();
    const QString daemonBinary = QStringLiteral(BENCH_DAEMON_BINARY);
    printLines(headerLines(QStringLiteral("events_bench"), header, daemonBinary));
    std::printf("\n");
    for (int round = 1; round <= plan.rounds && (plan.limits || plan.delivery); ++round) {
        std::printf("round %d of %d\n", round, plan.rounds);
        if (plan.limits && round == 1)
            measureReceiverLimit(bench);
        for (const bool strict : {true, false}) {
            if (plan.limits)
                measureLoopLimit(bench, strict ? 1 : 16, plan.jemallocLoop, round);
            if (!plan.delivery)
                continue;
            for (const DeliveryRun &run : std::as_const(plan.deliveryRuns)) {
                // Ten webhooks get an eighth of the backlog each: 1.25 times the deliveries.
                if (run.strict() == strict)
                    measureDelivery(bench, run, run.webhooks > 1 ? events / 8 : events, round);
            }
        }
    }
    if (plan.burst)
        measureBurst(bench, plan.burstEvents);
    if (plan.latency)
        measureLatency(bench, plan);
    if (plan.memory)
        measureMemory(bench, plan.memoryEvents);

    std::printf("\n");
    for (const QString &line : summaryText(plan, bench.figures()))
        std::printf("%s\n", qPrintable(line));
    for (const QString &text : bench.notes())
        std::printf("note: %s\n", qPrintable(text));
    QJsonObject json = headerJson(header, daemonBinary);
    const QJsonObject summary = summaryJson(plan, bench.figures());
    for (auto it = summary.begin(); it != summary.end(); ++it)
        json.insert(it.key(), it.value());
    std::printf("%s\n", QJsonDocument(json).toJson(QJsonDocument::Compact).constData());
    return json.value(QStringLiteral("all_targets_met")).toBool() ? 0 : 1;
}

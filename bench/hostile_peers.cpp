// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// bench_hostile_peers: what hostile peers on the storage network (and local users) can cost a
// node's daemon, measured on a real glustereventsd. Each scenario starts the daemon given (by
// default this build's) on a fresh work dir listening on 127.0.0.1, attacks it, and reads its
// resident memory from /proc: VmRSS before; once the attack is over and the daemon idle again,
// VmRSS (after) and VmHWM (the peak, during the attack or the work it left queued):
//
//   never_reading_client   one connection, 4 KiB receive buffer, pipelining GET /metrics for 8 s
//                          and never reading: the peak must grow by less than 64 MB
//   udp_flood              10,000 events of 65,000 bytes, mostly control bytes: less than 150 MB
//   slots_held_open        16 connections from each of 127.0.0.2 .. 127.0.0.9, held silent,
//                          while the real CLI runs `status`: the CLI must exit 0
//   slots_held_dripping    the same, each connection sending one byte of a request a second
//
// Every scenario prints met or MISSED; a daemon that died, a send that failed, a figure not
// measured or a run cut short is MISSED, and any MISSED makes the exit code 1. A daemon that
// passes 2 GB resident is stopped there. Prints a header (date, commit, machine), a table and
// one JSON line. Takes about a minute; run it on a build of the code to be measured, e.g.
//
//   cmake --build build --target bench_hostile_peers && build/bench/bench_hostile_peers
//   build/bench/bench_hostile_peers --daemon OTHER/glustereventsd --cli OTHER/gluster-eventsapi
#include "benchtools.h"
#include "hostileattacks.h"
#include "hostileverdict.h"
#include "runheader.h"
#include "summarytext.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>

#include <cstdio>
#include <functional>

namespace {

constexpr qint64 kMiB = 1024;
constexpr int kSettleBeforeMs = 1'000;
constexpr int kSettleAfterMs = 3'000;
constexpr int kQuietWithinMs = 60'000;

struct Scenario {
    QString key;
    QString targetText;
    Target target;
    std::function<void(AttackedDaemon &, ScenarioRun *)> attack;
};

QList<Scenario> scenarios(const AttackSettings &settings) {
    Target cliWorks;
    cliWorks.cliMustSucceed = true;
    return {
        {QStringLiteral("never_reading_client"), QStringLiteral("growth < 64 MB"),
         Target{64 * kMiB, false},
         [settings](AttackedDaemon &daemon, ScenarioRun *run) {
             neverReadingClient(daemon, settings, run);
         }},
        {QStringLiteral("udp_flood"), QStringLiteral("growth < 150 MB"), Target{150 * kMiB, false},
         [settings](AttackedDaemon &daemon, ScenarioRun *run) {
             udpFlood(daemon, settings, run);
         }},
        {QStringLiteral("slots_held_open"), QStringLiteral("CLI: exit 0, UP"), cliWorks,
         [settings](AttackedDaemon &daemon, ScenarioRun *run) {
             holdSlots(daemon, settings, false, run);
         }},
        {QStringLiteral("slots_held_dripping"), QStringLiteral("CLI: exit 0, UP"), cliWorks,
         [settings](AttackedDaemon &daemon, ScenarioRun *run) {
             holdSlots(daemon, settings, true, run);
         }},
    };
}

// Waits, at most `limitMs`, until the daemon uses less than a tenth of a core: work the attack
// queued inside it may still be allocating after the last byte was sent.
void waitUntilQuiet(AttackedDaemon &daemon, int limitMs) {
    const QDeadlineTimer deadline(limitMs);
    double cpu = readProcess(daemon.pid()).cpuSeconds;
    while (!deadline.hasExpired() && daemon.isRunning()) {
        QThread::msleep(500);
        const double now = readProcess(daemon.pid()).cpuSeconds;
        if (now - cpu < 0.05)
            return;
        cpu = now;
    }
}

// One scenario against a daemon of its own, stopped (or killed) before returning.
ScenarioRun runScenario(const QString &daemonBinary, const Scenario &scenario) {
    ScenarioRun run;
    run.name = scenario.key;
    AttackedDaemon daemon(daemonBinary, QStringLiteral("127.0.0.1"));
    if (!daemon.start()) {
        run.problem = QStringLiteral("the daemon did not start");
        return run;
    }
    QThread::msleep(kSettleBeforeMs);
    run.rssBeforeKiB = daemon.residentKiB();
    scenario.attack(daemon, &run);
    // What it gives back once the attack is over; the peak (VmHWM) includes the work the attack
    // left queued.
    waitUntilQuiet(daemon, kQuietWithinMs);
    QThread::msleep(kSettleAfterMs);
    run.rssAfterKiB = daemon.residentKiB();
    run.peakKiB = daemon.peakResidentKiB();
    run.daemonAlive = daemon.isRunning();
    daemon.stop();
    return run;
}

QString mib(const std::optional<qint64> &kiB) {
    return kiB ? QString::number(double(*kiB) / kMiB, 'f', 1) : QStringLiteral("-");
}

QJsonValue mibJson(const std::optional<qint64> &kiB) {
    return kiB ? QJsonValue(double(*kiB) / kMiB) : QJsonValue();
}

void printHeader(const RunHeader &header, const QString &daemon, const QString &cli) {
    printLines(headerLines(QStringLiteral("bench_hostile_peers"), header, daemon) +
               QStringList{QStringLiteral("cli            %1").arg(cli), QString()});
}

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Attacks a real glustereventsd as hostile peers would and prints what it "
                       "cost; exits 1 if any target is missed."));
    parser.addHelpOption();
    const QCommandLineOption daemonOption(
        QStringLiteral("daemon"), QStringLiteral("The glustereventsd binary."),
        QStringLiteral("PATH"), QStringLiteral(BENCH_DAEMON_BINARY));
    const QCommandLineOption cliOption(QStringLiteral("cli"),
                                       QStringLiteral("The gluster-eventsapi binary."),
                                       QStringLiteral("PATH"), QStringLiteral(BENCH_CLI_BINARY));
    const QCommandLineOption onlyOption(QStringLiteral("only"),
                                        QStringLiteral("Comma-separated scenarios (default: all)."),
                                        QStringLiteral("KEYS"));
    parser.addOptions({daemonOption, cliOption, onlyOption});
    parser.process(app);

    AttackSettings settings;
    settings.cliBinary = QFileInfo(parser.value(cliOption)).absoluteFilePath();
    const QString daemonBinary = QFileInfo(parser.value(daemonOption)).absoluteFilePath();
    const QStringList only = parser.value(onlyOption).split(u',', Qt::SkipEmptyParts);
    QList<Scenario> chosen;
    for (const Scenario &scenario : scenarios(settings)) {
        if (only.isEmpty() || only.contains(scenario.key))
            chosen.append(scenario);
    }
    if (chosen.isEmpty() || (!only.isEmpty() && chosen.size() != only.size())) {
        std::fprintf(stderr, "bench_hostile_peers: unknown scenario in --only\n");
        return 2;
    }

    const RunHeader header = describeRun();
    printHeader(header, daemonBinary, settings.cliBinary);
    QList<ScenarioRun> runs;
    QList<Verdict> verdicts;
    for (const Scenario &scenario : std::as_const(chosen)) {
        std::printf("%s ...\n", qPrintable(scenario.key));
        std::fflush(stdout);
        runs.append(runScenario(daemonBinary, scenario));
        verdicts.append(judge(runs.constLast(), scenario.target));
        std::printf("  %s\n", qPrintable(runs.constLast().detail));
        std::fflush(stdout);
    }

    std::printf("\n%-22s %9s %9s %9s %9s %12s %8s  %-16s %s\n", "scenario", "before MB", "peak MB",
                "after MB", "growth MB", "sent", "CLI s", "target", "verdict");
    QJsonArray jsonRuns;
    for (qsizetype i = 0; i < runs.size(); ++i) {
        const ScenarioRun &run = runs.at(i);
        const Verdict &verdict = verdicts.at(i);
        const QString cliSeconds =
            run.cliSeconds ? QString::number(*run.cliSeconds, 'f', 2) : QStringLiteral("-");
        const QString verdictText =
            verdict.met ? QStringLiteral("met") : QStringLiteral("MISSED (%1)").arg(verdict.reason);
        std::printf("%-22s %9s %9s %9s %9s %12s %8s  %-16s %s\n", qPrintable(run.name),
                    qPrintable(mib(run.rssBeforeKiB)), qPrintable(mib(run.peakKiB)),
                    qPrintable(mib(run.rssAfterKiB)), qPrintable(mib(run.growthKiB())),
                    qPrintable(run.sent ? QString::number(*run.sent) : QStringLiteral("-")),
                    qPrintable(cliSeconds), qPrintable(chosen.at(i).targetText),
                    qPrintable(verdictText));
        jsonRuns.append(QJsonObject{
            {QStringLiteral("scenario"), run.name},
            {QStringLiteral("before_mb"), mibJson(run.rssBeforeKiB)},
            {QStringLiteral("peak_mb"), mibJson(run.peakKiB)},
            {QStringLiteral("after_mb"), mibJson(run.rssAfterKiB)},
            {QStringLiteral("growth_mb"), mibJson(run.growthKiB())},
            {QStringLiteral("sent"), run.sent ? QJsonValue(double(*run.sent)) : QJsonValue()},
            {QStringLiteral("cli_exit"),
             run.cliExitCode ? QJsonValue(*run.cliExitCode) : QJsonValue()},
            {QStringLiteral("cli_seconds"),
             run.cliSeconds ? QJsonValue(*run.cliSeconds) : QJsonValue()},
            {QStringLiteral("target"), chosen.at(i).targetText},
            {QStringLiteral("met"), verdict.met},
            {QStringLiteral("reason"), verdict.reason},
            {QStringLiteral("detail"), run.detail}});
    }
    const bool met = allMet(verdicts, int(chosen.size()));
    std::printf("all targets: %s\n", met ? "met" : "MISSED");
    QJsonObject json = headerJson(header, daemonBinary);
    json.insert(QStringLiteral("bench"), QStringLiteral("hostile_peers"));
    json.insert(QStringLiteral("scenarios"), jsonRuns);
    json.insert(QStringLiteral("all_met"), met);
    std::printf("%s\n", QJsonDocument(json).toJson(QJsonDocument::Compact).constData());
    return met ? 0 : 1;
}

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// Start-up, idle memory and throughput with many webhooks. The few and the many run the same
// mix (webhookmix.h), so that what differs between them is the count alone.
#include "manywebhooksscenarios.h"

#include "benchrun.h"
#include "daemonprocess.h"
#include "manywebhookstargets.h"
#include "scenarios.h"
#include "webhookmix.h"

#include <QThread>

namespace {

// The first event sent to an idle daemon: its webhooks connect, and a parallel webhook's
// manager starts its thread, as any webhook that has delivered once has.
constexpr qint64 kFirstEvents = 10;
// Long enough for the last replies to be freed and the daemon to settle.
constexpr int kIdleMs = 2'000;

struct IdleFigures {
    FigureKey startup;
    FigureKey resident;
    QList<FigureKey> exactlyOnce;
};

IdleFigures idleFigures(int webhooks) {
    using namespace ManyWebhooksKeys;
    const QString warmup = idleWarmup(webhooks);
    const QString name = QStringLiteral("%1 webhooks idle").arg(webhooks);
    return {{startupSeconds(webhooks),
             QStringLiteral("start-up with %1 webhooks: exec to listening, s").arg(webhooks), 3},
            {idleResidentKiB(webhooks),
             QStringLiteral("%1 after a first event: resident KiB").arg(name)},
            {{warmup + QStringLiteral("_lost"), QStringLiteral("%1: first event lost").arg(name)},
             {warmup + QStringLiteral("_duplicates"),
              QStringLiteral("%1: first event delivered twice or more").arg(name)},
             {warmup + QStringLiteral("_unexpected"),
              QStringLiteral("%1: first event, unexpected ids").arg(name)}}};
}

// One daemon with `webhooks` of the mix: its start-up, its first event, its resident memory
// once idle; empty when a figure is missing (each recorded as failed, with why).
std::optional<qint64> idleResident(BenchRun &run, int webhooks, int round) {
    const IdleFigures figures = idleFigures(webhooks);
    const QList<FigureKey> all =
        QList<FigureKey>{figures.startup, figures.resident} + figures.exactlyOnce;
    const quint16 firstPort = freePortRange(run.address(), webhooks);
    Sink sink;
    if (firstPort == 0 || !sink.start(run.address(), firstPort, webhooks)) {
        run.fail(all, round, QStringLiteral("the receiver did not start"));
        return std::nullopt;
    }
    QString why;
    double startSeconds = 0;
    auto daemon =
        run.startDaemon(WebhookMix::webhooks(run.address(), firstPort, WebhookMix::all(webhooks)),
                        &why, {}, &startSeconds);
    if (!daemon) {
        run.fail(all, round, why);
        return std::nullopt;
    }
    run.record(figures.startup, round, startSeconds);
    const std::optional<qint64> taken = eventsTaken(*daemon);
    EventSender sender(run.address(), daemon->port());
    sender.setTypes(WebhookMix::kEventTypes);
    if (!taken || sender.send(kFirstEvents, 100) != kFirstEvents) {
        run.fail(all, round, QStringLiteral("the first events were not sent"));
        return std::nullopt;
    }
    sink.waitFor(quint64(WebhookMix::deliveriesOf(webhooks, kFirstEvents)), kReceiveStallMs);
    const auto count = countReceived(
        sink, {webhooks, *taken + 1, kFirstEvents, WebhookMix::shares(webhooks)}, nullptr, &why);
    if (!count) {
        run.fail(all, round, why);
        return std::nullopt;
    }
    run.record(figures.exactlyOnce.at(0), round, double(count->lost));
    run.record(figures.exactlyOnce.at(1), round, double(count->duplicates));
    run.record(figures.exactlyOnce.at(2), round, double(count->unexpected));
    QThread::msleep(kIdleMs);
    const qint64 resident = readProcess(daemon->pid()).rssKiB;
    if (resident <= 0) {
        run.fail({figures.resident}, round, QStringLiteral("VmRSS not read"));
        return std::nullopt;
    }
    run.record(figures.resident, round, double(resident));
    return resident;
}

} // namespace

void measureStartup(BenchRun &run, const ManyWebhooksPlan &plan, int round) {
    const FigureKey perWebhook{ManyWebhooksKeys::idleKiBPerWebhook(),
                               QStringLiteral("resident per idle webhook, KiB: (%1 - %2) / %3")
                                   .arg(plan.many)
                                   .arg(plan.few)
                                   .arg(plan.many - plan.few),
                               1};
    const std::optional<qint64> few = idleResident(run, plan.few, round);
    const std::optional<qint64> many = idleResident(run, plan.many, round);
    if (!few || !many || plan.many <= plan.few) {
        run.fail({perWebhook}, round,
                 QStringLiteral("no resident memory of the %1")
                     .arg(few ? QStringLiteral("many") : QStringLiteral("few")));
        return;
    }
    run.record(perWebhook, round, double(*many - *few) / double(plan.many - plan.few));
}

void measureThroughput(BenchRun &run, const ManyWebhooksPlan &plan, int round) {
    for (const int webhooks : {plan.few, plan.many}) {
        const quint16 firstPort = freePortRange(run.address(), webhooks);
        DrainSetup setup{QStringLiteral("webhooks_%1").arg(webhooks),
                         QStringLiteral("%1 webhooks, mixed").arg(webhooks),
                         WebhookMix::webhooks(run.address(), firstPort, WebhookMix::all(webhooks)),
                         firstPort,
                         webhooks,
                         WebhookMix::shares(webhooks),
                         WebhookMix::kEventTypes,
                         true};
        measureDrain(run, setup, plan.events, round);
    }
}

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// Receivers down for an hour, and whether the other webhooks notice. An hour cannot be waited
// out, so what an hour leaves behind is built before the measured window instead:
//
// - The backlog: an hour of events at the window's rate (360,000 at 100/s) is sent as a burst
//   while the daemon has only the down webhooks, so it is queued for them alone, as it would
//   be after an hour in which the healthy webhooks kept up.
// - The retry state: after an hour a failing webhook waits retry_max_interval between
//   attempts, each request slot on its own. The window begins only once every down webhook's
//   failures show each of its slots has waited the ceiling, read from the daemon's /metrics
//   under the webhook's label. The ceiling is set to 10 s, not the default 60 s, so that it
//   is reached within a minute; in the window the down webhooks then try six times as often
//   as after a real hour with the defaults: more work beside the healthy ones, not less.
// - The receivers: one refuses every connection (nothing listens), two take connections and
//   never answer (each request waits out its 10 s deadline, holding a connection), one of those
//   with --parallel, as dead hosts behind a load balancer and hung applications do.
//
// Then the healthy webhooks are added (webhooks.json rewritten, as webhook-add would leave it;
// the daemon keeps the senders it has, their backlog and their retry state) and get events
// from then on. An hour adds nothing to that state but more of the same retries.
#include "manywebhooksscenarios.h"

#include "benchrun.h"
#include "clusterkey.h"
#include "daemonprocess.h"
#include "webhooklabel.h"
#include "webhookmix.h"
#include "webhooksender.h"

#include <QDeadlineTimer>
#include <QThread>

#include <cmath>

namespace {

constexpr qint64 kBurstPerSecond = 20'000;
constexpr int kCeilingWithinMs = 300'000;
constexpr int kReloadWithinMs = 30'000;
// Events sent before a window and not judged: new senders make their first connections.
constexpr qint64 kWarmupEvents = 10;

// Failed attempts after which a request slot has waited `ceilingSeconds`: waits double from the
// first retry's, and the one after the k-th failure is the first at the ceiling.
qint64 failuresToCeiling(int ceilingSeconds) {
    const double doublings =
        std::ceil(std::log2(double(ceilingSeconds) * 1000 / WebhookSender::kFirstRetryMs));
    return qint64(std::max(0.0, doublings)) + 1;
}

// One window: `events` at `rate` (all of them, then each delivered to every webhook its share
// names), per webhook the latencies.
LatencyWindow window(const DaemonProcess &daemon, Sink &sink, int webhooks, qint64 events, int rate,
                     const QList<int> &down) {
    LatencyWindow result;
    sink.reset();
    const std::optional<qint64> taken = eventsTaken(daemon);
    if (!taken) {
        result.problem = QStringLiteral("the daemon did not answer /metrics");
        return result;
    }
    EventSender sender(daemon.listenAddress(), daemon.port());
    sender.setTypes(WebhookMix::kEventTypes);
    if (const qint64 sent = sender.send(events, rate); sent != events) {
        result.problem = QStringLiteral("%1 of %2 datagrams sent").arg(sent).arg(events);
        return result;
    }
    if (const auto now = waitForIngest(daemon, *taken + events); !now || *now != *taken + events) {
        result.problem = QStringLiteral("the daemon did not take every event");
        return result;
    }
    sink.waitFor(quint64(WebhookMix::deliveriesOf(webhooks, events, down)), kReceiveStallMs);
    const ExpectedIds ids{webhooks, *taken + 1, events, WebhookMix::shares(webhooks, down)};
    const auto count = countReceived(sink, ids, nullptr, &result.problem, &result.latenciesUs);
    if (count && !count->exactlyOnce())
        result.problem = count->problem();
    return result;
}

// A figure of each down webhook from /metrics, by the label the daemon gives its URL.
std::optional<QHash<int, qint64>> perDownWebhook(const DaemonProcess &daemon,
                                                 const QByteArray &labelKey, quint16 firstPort,
                                                 const QList<int> &down, const QByteArray &name) {
    const QHash<QByteArray, double> series =
        daemonMetricSeries(daemon.listenAddress(), daemon.port(), name);
    QHash<int, qint64> values;
    for (const int webhook : down) {
        const QByteArray label =
            "webhook=\"" +
            WebhookLabel::of(labelKey,
                             WebhookMix::urlOf(daemon.listenAddress(), firstPort, webhook)) +
            '"';
        if (!series.contains(label))
            return std::nullopt;
        values.insert(webhook, qint64(series.value(label)));
    }
    return values;
}

// Waits until every down webhook has failed `needed` times; false when it did not in time.
bool waitForCeiling(const DaemonProcess &daemon, const QByteArray &labelKey, quint16 firstPort,
                    const OutageState &state) {
    const QDeadlineTimer deadline(kCeilingWithinMs);
    while (!deadline.hasExpired()) {
        const auto failures = perDownWebhook(daemon, labelKey, firstPort, state.down,
                                             "glustereventsd_delivery_failures_total");
        bool reached = failures.has_value();
        for (const int webhook : state.down)
            reached = reached && failures->value(webhook) >= state.failuresNeeded.value(webhook);
        if (reached)
            return true;
        QThread::msleep(500);
    }
    return false;
}

LatencyWindow failedWindow(const QString &why) {
    return {why, {}};
}

// The baseline: every receiver up, two windows after a warm-up.
void baseline(BenchRun &run, const ManyWebhooksPlan &plan, IsolationRun *result) {
    const qint64 events = qint64(plan.rate) * plan.windowSeconds;
    const quint16 firstPort = freePortRange(run.address(), plan.many);
    Sink sink;
    QString why;
    std::unique_ptr<DaemonProcess> daemon;
    if (firstPort == 0 || !sink.start(run.address(), firstPort, plan.many))
        why = QStringLiteral("the receiver did not start");
    else
        daemon = run.startDaemon(
            WebhookMix::webhooks(run.address(), firstPort, WebhookMix::all(plan.many)), &why);
    if (!daemon) {
        result->first = result->second = failedWindow(why);
        return;
    }
    const LatencyWindow warmup = window(*daemon, sink, plan.many, kWarmupEvents, plan.rate, {});
    if (!warmup.problem.isEmpty()) {
        result->first = result->second = failedWindow(QStringLiteral("warm-up: ") + warmup.problem);
        return;
    }
    run.note(QStringLiteral("baseline: %1 events at %2/s, all %3 receivers up")
                 .arg(events)
                 .arg(plan.rate)
                 .arg(plan.many));
    result->first = window(*daemon, sink, plan.many, events, plan.rate, {});
    result->second = window(*daemon, sink, plan.many, events, plan.rate, {});
}

} // namespace

IsolationRun measureIsolation(BenchRun &run, const ManyWebhooksPlan &plan) {
    IsolationRun result;
    baseline(run, plan, &result);

    OutageState &state = result.state;
    state.down = plan.down();
    state.hourOfEvents = plan.hourOfEvents();
    for (const int webhook : state.down)
        state.failuresNeeded.insert(webhook, failuresToCeiling(plan.retryCeilingSeconds) *
                                                 WebhookMix::parallelOf(webhook));
    const FigureKey held{QStringLiteral("outage_connections_held"),
                         QStringLiteral("outage: connections the hung receivers held")};
    const auto fail = [&](const QString &why) {
        state.problem = why;
        result.outage = failedWindow(why);
        run.fail({held}, 1, why);
        return result;
    };
    const quint16 firstPort = freePortRange(run.address(), plan.many);
    Sink sink;
    if (firstPort == 0 ||
        !sink.start(run.address(), firstPort, plan.many, SinkFaults{plan.refuse, plan.hang}))
        return fail(QStringLiteral("the receiver did not start"));
    QString why;
    auto daemon =
        run.startDaemon(WebhookMix::webhooks(run.address(), firstPort, state.down), &why,
                        {{QStringLiteral("retry_max_interval"), plan.retryCeilingSeconds}});
    if (!daemon)
        return fail(why);
    const auto clusterKey = ClusterKey::load(daemon->eventsDir() + QStringLiteral("/cluster.key"));
    if (!clusterKey)
        return fail(clusterKey.error());
    const QByteArray labelKey = WebhookLabel::keyFor(*clusterKey);

    run.note(QStringLiteral("outage: an hour's %1 events queued for the %2 down webhooks, then "
                            "their retries up to %3 s apart")
                 .arg(state.hourOfEvents)
                 .arg(state.down.size())
                 .arg(plan.retryCeilingSeconds));
    EventSender backlog(run.address(), daemon->port());
    backlog.setTypes(WebhookMix::kEventTypes);
    if (backlog.send(state.hourOfEvents, kBurstPerSecond) != state.hourOfEvents)
        return fail(QStringLiteral("the hour's backlog was not all sent"));
    if (const auto taken = waitForIngest(*daemon, state.hourOfEvents);
        !taken || *taken != state.hourOfEvents)
        return fail(QStringLiteral("the daemon did not take the hour's backlog"));
    if (!waitForCeiling(*daemon, labelKey, firstPort, state))
        return fail(QStringLiteral("the down webhooks did not reach their retry ceiling in %1 s")
                        .arg(kCeilingWithinMs / 1000));

    daemon->writeWebhooks(
        WebhookMix::webhooks(run.address(), firstPort, WebhookMix::all(plan.many)));
    if (!daemon->waitForLog(QStringLiteral("reloaded (settings files changed): %1 webhooks")
                                .arg(plan.many)
                                .toUtf8(),
                            kReloadWithinMs))
        return fail(QStringLiteral("the daemon did not take the healthy webhooks"));
    const LatencyWindow warmup =
        window(*daemon, sink, plan.many, kWarmupEvents, plan.rate, state.down);
    if (!warmup.problem.isEmpty())
        return fail(QStringLiteral("warm-up: ") + warmup.problem);
    const auto failures = perDownWebhook(*daemon, labelKey, firstPort, state.down,
                                         "glustereventsd_delivery_failures_total");
    const auto queued =
        perDownWebhook(*daemon, labelKey, firstPort, state.down, "glustereventsd_queue_depth");
    if (!failures || !queued)
        return fail(QStringLiteral("the down webhooks' figures were not on /metrics"));
    state.failures = *failures;
    state.queued = *queued;
    run.note(QStringLiteral("outage in place: %1 events at %2/s, %3 receivers down")
                 .arg(qint64(plan.rate) * plan.windowSeconds)
                 .arg(plan.rate)
                 .arg(state.down.size()));
    result.outage = window(*daemon, sink, plan.many, qint64(plan.rate) * plan.windowSeconds,
                           plan.rate, state.down);
    run.record(held, 1, double(sink.stats().held));
    return result;
}

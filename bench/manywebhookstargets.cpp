// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "manywebhookstargets.h"

#include "targetmeasure.h"

namespace {

constexpr double kMinThroughputRatio = 0.90;
constexpr double kMaxIdleKiBPerWebhook = 200;
constexpr double kMaxStartupSeconds = 1.0;

} // namespace

namespace ManyWebhooksKeys {

QString startupSeconds(int webhooks) {
    return QStringLiteral("startup_%1_s").arg(webhooks);
}

QString idleResidentKiB(int webhooks) {
    return QStringLiteral("idle_%1_rss_kib").arg(webhooks);
}

QString idleWarmup(int webhooks) {
    return QStringLiteral("idle_%1_first_event").arg(webhooks);
}

QString idleKiBPerWebhook() {
    return QStringLiteral("idle_kib_per_webhook");
}

} // namespace ManyWebhooksKeys

QString isolationLabel(const ManyWebhooksPlan &plan) {
    return QStringLiteral("p99 rise of healthy webhooks at %1/s, %2 of %3 down <= noise")
        .arg(plan.rate)
        .arg(plan.down().size())
        .arg(plan.many);
}

QList<TargetVerdict> judgeManyWebhooks(const ManyWebhooksPlan &plan, const BenchFigures &figures,
                                       const std::optional<IsolationResult> &isolation) {
    using namespace ManyWebhooksKeys;
    QList<TargetVerdict> verdicts;
    const int rounds = plan.rounds;

    const BenchTarget throughput{
        QStringLiteral("deliveries/s, %1 webhooks / %2 webhooks").arg(plan.many).arg(plan.few),
        Comparison::AtLeast, kMinThroughputRatio, 2, 2};
    if (plan.throughput) {
        TargetMeasure measure =
            ratioByRound(figures, {plan.manyKey() + QStringLiteral("_per_second")},
                         plan.fewKey() + QStringLiteral("_per_second"), rounds);
        measure = requireExactlyOnce(measure, figures, plan.manyKey(), rounds);
        measure = requireExactlyOnce(measure, figures, plan.fewKey(), rounds);
        verdicts.append(judge(throughput, measure));
    } else {
        verdicts.append(notRun(throughput, QStringLiteral("throughput not in --only")));
    }

    const BenchTarget memory{QStringLiteral("resident per idle webhook"),
                             Comparison::Below,
                             kMaxIdleKiBPerWebhook,
                             0,
                             1,
                             QStringLiteral(" KiB")};
    const BenchTarget startup{QStringLiteral("start-up with %1 webhooks").arg(plan.many),
                              Comparison::Below,
                              kMaxStartupSeconds,
                              0,
                              2,
                              QStringLiteral(" s")};
    if (plan.startup) {
        TargetMeasure perWebhook = medianOverRounds(figures, idleKiBPerWebhook(), rounds);
        // Each figure of memory counts only with the daemon's first event delivered once.
        perWebhook = requireExactlyOnce(perWebhook, figures, idleWarmup(plan.few), rounds);
        perWebhook = requireExactlyOnce(perWebhook, figures, idleWarmup(plan.many), rounds);
        verdicts.append(judge(memory, perWebhook));
        // A daemon that listens but does not deliver has not started.
        verdicts.append(
            judge(startup,
                  requireExactlyOnce(medianOverRounds(figures, startupSeconds(plan.many), rounds),
                                     figures, idleWarmup(plan.many), rounds)));
    } else {
        verdicts.append(notRun(memory, QStringLiteral("startup not in --only")));
        verdicts.append(notRun(startup, QStringLiteral("startup not in --only")));
    }

    const QString label = isolationLabel(plan);
    if (!plan.isolation) {
        verdicts.append({label, Outcome::NotRun, QStringLiteral("-"),
                         QStringLiteral("isolation not in --only")});
    } else if (!isolation) {
        verdicts.append(
            {label, Outcome::Missed, QStringLiteral("-"), QStringLiteral("not measured")});
    } else {
        TargetVerdict verdict = isolation->verdict;
        // The label is the plan's: a result made for another plan cannot pass as this one.
        if (verdict.label != label && verdict.outcome == Outcome::Met) {
            verdict.outcome = Outcome::Missed;
            verdict.detail = QStringLiteral("judged as '%1'").arg(verdict.label);
        }
        verdict.label = label;
        verdicts.append(verdict);
    }
    return verdicts;
}

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "benchtargets.h"

#include <QLocale>

#include <algorithm>

namespace {

constexpr double kMinThroughputRatio = 0.90;
constexpr double kMaxCpuRatio = 1.15;
constexpr double kMaxP99Ms = 5;
constexpr double kMaxPeakMb = 60;

QString grouped(qint64 number) {
    return QLocale(QLocale::English).toString(number);
}

const DeliveryRun *findRun(const BenchPlan &plan, int webhooks, bool strict) {
    const auto it = std::find_if(
        plan.deliveryRuns.cbegin(), plan.deliveryRuns.cend(),
        [&](const DeliveryRun &run) { return run.webhooks == webhooks && run.strict() == strict; });
    return it == plan.deliveryRuns.cend() ? nullptr : &*it;
}

class Judge {
public:
    Judge(const BenchPlan &plan, const BenchFigures &figures)
        : m_plan(plan)
        , m_figures(figures) {}

    QList<TargetVerdict> all() {
        QList<QString> variants{QString()};
        if (m_plan.jemallocLoop)
            variants.append(QStringLiteral("_jemalloc"));
        for (const QString &variant : std::as_const(variants))
            againstLoop(variant);
        for (const DeliveryRun &run : m_plan.deliveryRuns) {
            const BenchTarget target{run.name() +
                                         QStringLiteral(": events not delivered exactly once"),
                                     Comparison::Exactly, 0};
            add(target, m_plan.delivery, QStringLiteral("delivery not in --only"),
                [&] { return totalOverRounds(m_figures, exactlyOnceKeys(run.key()), rounds()); });
        }
        burst();
        latency();
        memory();
        return m_verdicts;
    }

private:
    int rounds() const { return m_plan.rounds; }

    template <typename Measure>
    void add(const BenchTarget &target, bool planned, const QString &whyNotRun,
             const Measure &measure) {
        m_verdicts.append(planned ? judge(target, measure()) : notRun(target, whyNotRun));
    }

    // Held to the loop as Debian's Qt runs it and, when the daemon uses jemalloc, also to the
    // loop on jemalloc (the stricter of the two: the allocator's gain is the library's too).
    void againstLoop(const QString &variant) {
        const QString loop = QStringLiteral("bare_loop") + variant;
        const QString on = variant.isEmpty() ? QString() : QStringLiteral(" on jemalloc");
        for (const bool strict : {true, false}) {
            const DeliveryRun *run = findRun(m_plan, 1, strict);
            const bool planned = m_plan.limits && m_plan.delivery && run;
            const QString whyNotRun =
                !m_plan.limits || !m_plan.delivery
                    ? QStringLiteral("limits and delivery not both in --only")
                    : QStringLiteral("no 1-webhook %1 run")
                          .arg(strict ? QStringLiteral("strict") : QStringLiteral("parallel"));
            const QString key = run ? run->key() : QString();
            const int inFlight = strict ? 1 : 16;
            const QString runName =
                strict ? QStringLiteral("strict") : QStringLiteral("parallel %1").arg(inFlight);
            add({QStringLiteral("%1 events/s / loop%2, %3 in flight")
                     .arg(runName, on)
                     .arg(inFlight),
                 Comparison::AtLeast, kMinThroughputRatio, 2, 2},
                planned, whyNotRun, [&] {
                    return ratioByRound(m_figures, {key + QStringLiteral("_per_second")},
                                        QStringLiteral("%1_%2_per_second").arg(loop).arg(inFlight),
                                        rounds());
                });
            add({QStringLiteral("%1 CPU per event / loop%2's per request")
                     .arg(strict ? QStringLiteral("strict") : QStringLiteral("parallel"), on),
                 Comparison::AtMost, kMaxCpuRatio, 2, 2},
                planned, whyNotRun, [&] {
                    return ratioByRound(m_figures,
                                        {key + QStringLiteral("_ingest_cpu_us"),
                                         key + QStringLiteral("_delivery_cpu_us")},
                                        QStringLiteral("%1_%2_cpu_us").arg(loop).arg(inFlight),
                                        rounds());
                });
        }
    }

    void burst() {
        const BenchTarget target{
            QStringLiteral("lost of a %1 burst").arg(grouped(m_plan.burstEvents)),
            Comparison::Exactly, 0};
        add(target, m_plan.burst, QStringLiteral("burst not in --only"), [&] {
            TargetMeasure measure = roundValue(m_figures, QStringLiteral("burst_lost"));
            // Fewer sent would be fewer to lose: the burst counts only if all of it went out.
            measure = requireEqual(measure, m_figures, QStringLiteral("burst_sent"),
                                   double(m_plan.burstEvents));
            return requireExactlyOnce(measure, m_figures, QStringLiteral("burst"), 1);
        });
    }

    void latency() {
        const QString whyNotRun = QStringLiteral("latency not in --only");
        if (!m_plan.higherRates.isEmpty()) {
            const int rate = m_plan.higherRates.last();
            const QString prefix = QStringLiteral("latency_%1").arg(rate);
            add({QStringLiteral("lost at %1/s").arg(grouped(rate)), Comparison::Exactly, 0},
                m_plan.latency, whyNotRun, [&] {
                    return requireExactlyOnce(
                        roundValue(m_figures, prefix + QStringLiteral("_lost")), m_figures, prefix,
                        1);
                });
        }
        const QString prefix = QStringLiteral("latency_%1").arg(m_plan.latencyRate);
        add({QStringLiteral("p99 at %1/s").arg(grouped(m_plan.latencyRate)), Comparison::Below,
             kMaxP99Ms, 0, 2, QStringLiteral(" ms")},
            m_plan.latency, whyNotRun, [&] {
                return requireExactlyOnce(pooledPercentile(m_figures,
                                                           prefix + QStringLiteral("_p99_ms"),
                                                           rounds(), 99, 1e-3),
                                          m_figures, prefix, rounds());
            });
    }

    void memory() {
        add({QStringLiteral("peak resident with %1 queued").arg(grouped(m_plan.memoryEvents)),
             Comparison::Below, kMaxPeakMb, 0, 1, QStringLiteral(" MB")},
            m_plan.memory, QStringLiteral("memory not in --only"), [&] {
                // The peak counts only with the whole backlog taken in.
                return requireEqual(roundValue(m_figures, QStringLiteral("memory_queued_peak_mb")),
                                    m_figures, QStringLiteral("memory_events_taken"),
                                    double(m_plan.memoryEvents));
            });
    }

    const BenchPlan &m_plan;
    const BenchFigures &m_figures;
    QList<TargetVerdict> m_verdicts;
};

} // namespace

QList<TargetVerdict> judgeTargets(const BenchPlan &plan, const BenchFigures &figures) {
    return Judge(plan, figures).all();
}

QList<ContextFigure> contextFigures(const BenchPlan &plan, const BenchFigures &figures) {
    if (!plan.latency)
        return {};
    const QString rate = QString::number(plan.latencyRate);
    const QString daemon = QStringLiteral("latency_") + rate;
    const QString loop = QStringLiteral("loop_latency_") + rate;
    QList<ContextFigure> context;
    const TargetMeasure ours =
        pooledPercentile(figures, daemon + QStringLiteral("_p99_ms"), plan.rounds, 99, 1e-3);
    const TargetMeasure theirs =
        pooledPercentile(figures, loop + QStringLiteral("_p99_ms"), plan.rounds, 99, 1e-3);
    TargetMeasure ratio;
    if (!ours.value || !theirs.value || *theirs.value <= 0) {
        ratio.why = !ours.why.isEmpty()     ? ours.why
                    : !theirs.why.isEmpty() ? theirs.why
                                            : QStringLiteral("the loop's p99 is 0");
    } else {
        ratio.value = *ours.value / *theirs.value;
        ratio.detail =
            QStringLiteral("pooled: %1 ms / %2 ms")
                .arg(QString::number(*ours.value, 'f', 2), QString::number(*theirs.value, 'f', 2));
    }
    const QString at = grouped(plan.latencyRate);
    context.append(
        {QStringLiteral("context: p99 at %1/s / the bare loop's at %1/s").arg(at), ratio});
    context.append(
        {QStringLiteral("context: CPU per event at %1/s / the loop's per request").arg(at),
         ratioByRound(figures, {daemon + QStringLiteral("_cpu_us")},
                      loop + QStringLiteral("_cpu_us"), plan.rounds)});
    return context;
}

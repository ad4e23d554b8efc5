// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "isolationverdict.h"

#include "percentile.h"

#include <algorithm>
#include <cmath>

namespace {

QString ms(double value) {
    return QString::number(value, 'f', 2) + QStringLiteral(" ms");
}

// Each of `healthy`'s p99 in `window`, or why one has none.
std::optional<QHash<int, double>> p99s(const LatencyWindow &window, const QList<int> &healthy,
                                       const QString &name, QString *why) {
    if (!window.problem.isEmpty()) {
        *why = QStringLiteral("%1: %2").arg(name, window.problem);
        return std::nullopt;
    }
    QHash<int, double> result;
    for (const int webhook : healthy) {
        const std::optional<qint64> p99 = percentile(window.latenciesUs.value(webhook), 99);
        if (!p99) {
            *why = QStringLiteral("%1: webhook %2 has no latencies").arg(name).arg(webhook);
            return std::nullopt;
        }
        result.insert(webhook, double(*p99) / 1e3);
    }
    return result;
}

std::optional<double> pooledP99(const LatencyWindow &window, const QList<int> &healthy) {
    QList<qint64> pooled;
    for (const int webhook : healthy)
        pooled += window.latenciesUs.value(webhook);
    const std::optional<qint64> p99 = percentile(pooled, 99);
    return p99 ? std::optional<double>(double(*p99) / 1e3) : std::nullopt;
}

// Why the outage does not stand for an hour of it; empty when it does.
QString outageShortfall(const OutageState &state) {
    if (!state.problem.isEmpty())
        return state.problem;
    if (state.down.isEmpty())
        return QStringLiteral("no receiver was down");
    for (const int webhook : state.down) {
        const qint64 failures = state.failures.value(webhook, -1);
        const qint64 needed = state.failuresNeeded.value(webhook, -1);
        if (failures < 0 || needed <= 0)
            return QStringLiteral("down webhook %1: its failures were not read").arg(webhook);
        if (failures < needed)
            return QStringLiteral("down webhook %1 failed %2 times before the window, not the %3 "
                                  "that reach the retry ceiling")
                .arg(webhook)
                .arg(failures)
                .arg(needed);
        const qint64 queued = state.queued.value(webhook, -1);
        if (state.hourOfEvents <= 0 || queued < state.hourOfEvents)
            return QStringLiteral("down webhook %1 had %2 events queued, not an hour's %3")
                .arg(webhook)
                .arg(queued)
                .arg(state.hourOfEvents);
    }
    return {};
}

} // namespace

IsolationResult judgeIsolation(const QString &label, const LatencyWindow &first,
                               const LatencyWindow &second, const LatencyWindow &outage,
                               const OutageState &state, const QList<int> &healthy) {
    IsolationResult result;
    result.verdict.label = label;
    result.verdict.outcome = Outcome::Missed;
    result.verdict.measured = QStringLiteral("-");
    result.baselineP99Ms = pooledP99(second, healthy);
    result.outageP99Ms = pooledP99(outage, healthy);
    QString why;
    if (healthy.isEmpty())
        why = QStringLiteral("no healthy webhook to judge");
    for (const int webhook : healthy) {
        if (why.isEmpty() && state.down.contains(webhook))
            why = QStringLiteral("webhook %1 is both down and judged healthy").arg(webhook);
    }
    if (why.isEmpty())
        why = outageShortfall(state);
    const auto a =
        why.isEmpty() ? p99s(first, healthy, QStringLiteral("baseline 1"), &why) : std::nullopt;
    const auto b = a ? p99s(second, healthy, QStringLiteral("baseline 2"), &why) : std::nullopt;
    const auto o = b ? p99s(outage, healthy, QStringLiteral("outage"), &why) : std::nullopt;
    if (!o) {
        result.verdict.detail = why;
        return result;
    }
    double noise = kNoiseFloorMs;
    double worstRise = -1e300;
    for (const int webhook : healthy) {
        const double baseline = std::max(a->value(webhook), b->value(webhook));
        noise = std::max(noise, std::abs(a->value(webhook) - b->value(webhook)));
        const double rise = o->value(webhook) - baseline;
        if (rise > worstRise) {
            worstRise = rise;
            result.worstWebhook = webhook;
        }
    }
    result.noiseMs = noise;
    result.worstRiseMs = worstRise;
    const int worst = result.worstWebhook;
    const bool steady = noise <= kNoiseCeilingMs;
    result.verdict.outcome = steady && worstRise <= noise ? Outcome::Met : Outcome::Missed;
    result.verdict.measured = ms(worstRise);
    result.verdict.detail =
        QStringLiteral("noise %1; worst webhook %2: p99 %3, %4 up, %5 with %6 down")
            .arg(ms(noise))
            .arg(worst)
            .arg(ms(a->value(worst)), ms(b->value(worst)), ms(o->value(worst)))
            .arg(state.down.size());
    if (!steady)
        result.verdict.detail =
            QStringLiteral("the baseline is unsteady: a p99 moved by %1 with every receiver up, "
                           "more than %2 (the daemon does not keep up with the rate, or the "
                           "machine was busy); %3")
                .arg(ms(noise), ms(kNoiseCeilingMs), result.verdict.detail);
    return result;
}

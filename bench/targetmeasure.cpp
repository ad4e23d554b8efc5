// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "targetmeasure.h"

#include "percentile.h"
#include "spread.h"

namespace {

QString roundFailure(int round, const QString &label, const QString &why) {
    return QStringLiteral("round %1: %2: %3").arg(round).arg(label, why);
}

QString labelOf(const BenchFigures &figures, const QString &key) {
    const BenchFigures::Figure *figure = figures.find(key);
    return figure ? figure->name.label : key;
}

TargetMeasure missing(int rounds) {
    return {std::nullopt, QStringLiteral("no rounds (%1 asked for)").arg(rounds), {}};
}

} // namespace

TargetMeasure TargetMeasure::failedFor(const QString &reason) const {
    TargetMeasure failed = *this;
    failed.why = why.isEmpty() ? reason : why + QStringLiteral("; ") + reason;
    return failed;
}

TargetMeasure roundValue(const BenchFigures &figures, const QString &key, int round) {
    const RoundValue value = figures.in(key, round);
    if (!value.value)
        return {std::nullopt, roundFailure(round, labelOf(figures, key), value.why), {}};
    return {value.value, {}, {}};
}

TargetMeasure ratioByRound(const BenchFigures &figures, const QStringList &ours,
                           const QString &limit, int rounds) {
    if (rounds < 1 || ours.isEmpty())
        return missing(rounds);
    QList<double> ratios;
    QStringList texts;
    for (int round = 1; round <= rounds; ++round) {
        const RoundValue under = figures.in(limit, round);
        if (!under.value)
            return {std::nullopt, roundFailure(round, labelOf(figures, limit), under.why), {}};
        if (*under.value <= 0) {
            return {std::nullopt,
                    roundFailure(round, labelOf(figures, limit), QStringLiteral("zero")),
                    {}};
        }
        double sum = 0;
        for (const QString &key : ours) {
            const RoundValue part = figures.in(key, round);
            if (!part.value)
                return {std::nullopt, roundFailure(round, labelOf(figures, key), part.why), {}};
            sum += *part.value;
        }
        ratios.append(sum / *under.value);
        texts.append(QString::number(ratios.last(), 'f', 2));
    }
    const Spread spread = *Spread::of(ratios);
    return {spread.median,
            {},
            QStringLiteral("range %1 .. %2; rounds: %3")
                .arg(QString::number(spread.low, 'f', 2), QString::number(spread.high, 'f', 2),
                     texts.join(u' '))};
}

TargetMeasure totalOverRounds(const BenchFigures &figures, const QStringList &keys, int rounds) {
    if (rounds < 1 || keys.isEmpty())
        return missing(rounds);
    double total = 0;
    QStringList texts;
    for (int round = 1; round <= rounds; ++round) {
        double inRound = 0;
        for (const QString &key : keys) {
            const RoundValue part = figures.in(key, round);
            if (!part.value)
                return {std::nullopt, roundFailure(round, labelOf(figures, key), part.why), {}};
            inRound += *part.value;
        }
        total += inRound;
        texts.append(QString::number(inRound, 'f', 0));
    }
    return {total, {}, QStringLiteral("rounds: %1").arg(texts.join(u' '))};
}

TargetMeasure pooledPercentile(const BenchFigures &figures, const QString &key, int rounds,
                               int percent, double scale) {
    if (rounds < 1)
        return missing(rounds);
    const BenchFigures::Figure *figure = figures.find(key);
    QList<qint64> pooled;
    for (int round = 1; round <= rounds; ++round) {
        const RoundValue value = figures.in(key, round);
        if (!value.value)
            return {std::nullopt, roundFailure(round, labelOf(figures, key), value.why), {}};
        const QList<qint64> samples = figure->samples.value(round);
        if (samples.isEmpty()) {
            return {std::nullopt,
                    roundFailure(round, labelOf(figures, key), QStringLiteral("no samples")),
                    {}};
        }
        pooled += samples;
    }
    const std::optional<qint64> value = percentile(pooled, percent);
    if (!value)
        return missing(rounds);
    return {double(*value) * scale,
            {},
            QStringLiteral("p%1 of %2 events over %3 round%4")
                .arg(percent)
                .arg(pooled.size())
                .arg(rounds)
                .arg(rounds == 1 ? QString() : QStringLiteral("s"))};
}

TargetMeasure medianOverRounds(const BenchFigures &figures, const QString &key, int rounds) {
    if (rounds < 1)
        return missing(rounds);
    QList<double> values;
    QStringList texts;
    const BenchFigures::Figure *figure = figures.find(key);
    const int decimals = figure ? figure->name.decimals : 2;
    for (int round = 1; round <= rounds; ++round) {
        const RoundValue value = figures.in(key, round);
        if (!value.value)
            return {std::nullopt, roundFailure(round, labelOf(figures, key), value.why), {}};
        values.append(*value.value);
        texts.append(QString::number(*value.value, 'f', decimals));
    }
    const Spread spread = *Spread::of(values);
    return {spread.median, {}, QStringLiteral("rounds: %1").arg(texts.join(u' '))};
}

QStringList exactlyOnceKeys(const QString &prefix) {
    return {prefix + QStringLiteral("_lost"), prefix + QStringLiteral("_duplicates"),
            prefix + QStringLiteral("_unexpected")};
}

TargetMeasure requireExactlyOnce(TargetMeasure measure, const BenchFigures &figures,
                                 const QString &prefix, int rounds) {
    for (const QString &key : exactlyOnceKeys(prefix))
        measure = requireEqual(measure, figures, key, 0, rounds);
    return measure;
}

TargetMeasure requireEqual(const TargetMeasure &measure, const BenchFigures &figures,
                           const QString &key, double expected, int rounds) {
    if (rounds < 1)
        return measure.failedFor(missing(rounds).why);
    for (int round = 1; round <= rounds; ++round) {
        const RoundValue value = figures.in(key, round);
        if (!value.value)
            return measure.failedFor(roundFailure(round, labelOf(figures, key), value.why));
        if (*value.value != expected) {
            return measure.failedFor(roundFailure(round, labelOf(figures, key),
                                                  QStringLiteral("%1, not %2")
                                                      .arg(QString::number(*value.value, 'f', 0),
                                                           QString::number(expected, 'f', 0))));
        }
    }
    return measure;
}

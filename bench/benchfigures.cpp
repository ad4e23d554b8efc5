// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "benchfigures.h"

BenchFigures::Figure &BenchFigures::figure(const FigureKey &name) {
    auto it = m_figures.find(name.key);
    if (it == m_figures.end()) {
        m_order.append(name.key);
        it = m_figures.insert(name.key, Figure{name, {}, {}, {}});
    }
    return it.value();
}

void BenchFigures::record(const FigureKey &name, int round, double value) {
    Figure &entry = figure(name);
    // A round that failed stays failed: a value recorded after the failure cannot be trusted.
    if (!entry.failures.contains(round))
        entry.values.insert(round, value);
}

void BenchFigures::fail(const FigureKey &name, int round, const QString &why) {
    Figure &entry = figure(name);
    // A round keeps its first failure: it is the cause, later ones follow from it.
    entry.values.remove(round);
    entry.samples.remove(round);
    if (!entry.failures.contains(round))
        entry.failures.insert(round, why.isEmpty() ? QStringLiteral("failed") : why);
}

void BenchFigures::addSamples(const FigureKey &name, int round, QList<qint64> samples) {
    Figure &entry = figure(name);
    if (!entry.failures.contains(round))
        entry.samples.insert(round, std::move(samples));
}

const BenchFigures::Figure *BenchFigures::find(const QString &key) const {
    const auto it = m_figures.constFind(key);
    return it == m_figures.cend() ? nullptr : &it.value();
}

RoundValue BenchFigures::in(const QString &key, int round) const {
    const Figure *entry = find(key);
    if (entry && entry->values.contains(round))
        return {entry->values.value(round), {}};
    if (entry && entry->failures.contains(round))
        return {std::nullopt, entry->failures.value(round)};
    return {std::nullopt, QStringLiteral("not measured")};
}

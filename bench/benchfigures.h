// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once
// What one events_bench run measured: figures by key, and for each the value of every round
// or why that round has none. A round that failed keeps its reason instead of leaving a gap,
// so that the summary says MISSED where a target depends on it, never met and never nothing.
#include <QHash>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

// A figure's name in the table and in the JSON line.
struct FigureKey {
    FigureKey() = default;
    FigureKey(QString key, QString label, int decimals = 0)
        : key(std::move(key))
        , label(std::move(label))
        , decimals(decimals) {}

    QString key;
    QString label;
    int decimals = 0;
};

// One round's value of a figure, or why there is none.
struct RoundValue {
    std::optional<double> value;
    QString why;
};

class BenchFigures {
public:
    struct Figure {
        FigureKey name;
        QMap<int, double> values;         // by round, from 1
        QMap<int, QString> failures;      // by round: why it has no value
        QMap<int, QList<qint64>> samples; // by round: every event's, for pooled percentiles
    };

    void record(const FigureKey &name, int round, double value);
    void fail(const FigureKey &name, int round, const QString &why);
    // Samples go with a recorded value: the figure a round's p99 is, with the latencies it
    // was taken from.
    void addSamples(const FigureKey &name, int round, QList<qint64> samples);

    // Keys in the order first recorded.
    const QStringList &keys() const { return m_order; }
    // Null when nothing was recorded under `key`.
    const Figure *find(const QString &key) const;
    // The value of `key` in `round`; "not measured" when the round left nothing.
    RoundValue in(const QString &key, int round) const;

private:
    Figure &figure(const FigureKey &name);

    QStringList m_order;
    QHash<QString, Figure> m_figures;
};

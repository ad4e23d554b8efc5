// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "summarytext.h"

#include "benchtargets.h"
#include "spread.h"

#include <QJsonValue>

#include <cstdio>

namespace {

QString row(const QString &label, const QString &value, const QString &rest) {
    // Padded by hand: labels are data, and QString::arg would read a "%1" in one as a place.
    const QString text = label.leftJustified(62) + u' ' + value.rightJustified(12) + u' ' + rest;
    return text.trimmed();
}

QString failuresOf(const BenchFigures::Figure &figure) {
    QStringList texts;
    for (auto it = figure.failures.cbegin(); it != figure.failures.cend(); ++it)
        texts.append(QStringLiteral("round %1: %2").arg(it.key()).arg(it.value()));
    return texts.join(QStringLiteral("; "));
}

QString figureRow(const BenchFigures::Figure &figure) {
    const auto spread = Spread::of(figure.values.values());
    const QString failures = failuresOf(figure);
    if (!spread)
        return row(figure.name.label, QStringLiteral("FAILED"), failures);
    const int decimals = figure.name.decimals;
    QString rest;
    if (spread->rounds > 1) {
        rest = QStringLiteral("%1 .. %2")
                   .arg(QString::number(spread->low, 'f', decimals),
                        QString::number(spread->high, 'f', decimals));
    }
    if (!failures.isEmpty())
        rest += QStringLiteral("  FAILED %1").arg(failures);
    return row(figure.name.label, QString::number(spread->median, 'f', decimals), rest);
}

QString outcomeText(Outcome outcome) {
    switch (outcome) {
    case Outcome::Met:
        return QStringLiteral("met");
    case Outcome::Missed:
        return QStringLiteral("MISSED");
    case Outcome::NotRun:
        return QStringLiteral("not run");
    }
    return QStringLiteral("MISSED");
}

QString jsonKeyOf(const QString &label) {
    return QStringLiteral("target_") + QString(label).replace(u' ', u'_');
}

} // namespace

QStringList figureLines(const BenchFigures &figures) {
    QStringList lines;
    lines.append(
        row(QStringLiteral("figure (median)"), QStringLiteral("value"), QStringLiteral("range")));
    for (const QString &key : figures.keys())
        lines.append(figureRow(*figures.find(key)));
    return lines;
}

QStringList verdictLines(const QList<TargetVerdict> &verdicts) {
    QStringList lines;
    lines.append(row(QStringLiteral("target"), QStringLiteral("measured"), QString()));
    for (const TargetVerdict &verdict : verdicts) {
        const QString detail =
            verdict.detail.isEmpty() ? QString() : QStringLiteral("  (%1)").arg(verdict.detail);
        lines.append(row(verdict.label, verdict.measured, outcomeText(verdict.outcome) + detail));
    }
    return lines;
}

QString allTargetsLine(const QList<TargetVerdict> &verdicts) {
    return QStringLiteral("all targets: %1")
        .arg(allMet(verdicts) ? QStringLiteral("met") : QStringLiteral("MISSED"));
}

QJsonObject resultJson(const BenchFigures &figures, const QList<TargetVerdict> &verdicts) {
    QJsonObject json;
    for (const QString &key : figures.keys()) {
        const auto spread = Spread::of(figures.find(key)->values.values());
        json.insert(key, spread ? QJsonValue(spread->median) : QJsonValue());
    }
    for (const TargetVerdict &verdict : verdicts) {
        json.insert(jsonKeyOf(verdict.label), verdict.outcome == Outcome::NotRun
                                                  ? QJsonValue()
                                                  : QJsonValue(verdict.outcome == Outcome::Met));
    }
    json.insert(QStringLiteral("all_targets_met"), allMet(verdicts));
    return json;
}

QStringList summaryText(const BenchPlan &plan, const BenchFigures &figures) {
    const QList<TargetVerdict> verdicts = judgeTargets(plan, figures);
    QStringList lines = figureLines(figures);
    lines.append(QString());
    lines += verdictLines(verdicts);
    for (const ContextFigure &context : contextFigures(plan, figures)) {
        const TargetMeasure &measure = context.measure;
        const QString value =
            measure.value ? QString::number(*measure.value, 'f', 2) : QStringLiteral("-");
        const QString detail = measure.why.isEmpty() ? measure.detail : measure.why;
        lines.append(row(context.label, value, QStringLiteral("  (%1)").arg(detail)));
    }
    lines.append(allTargetsLine(verdicts));
    return lines;
}

QJsonObject summaryJson(const BenchPlan &plan, const BenchFigures &figures) {
    return resultJson(figures, judgeTargets(plan, figures));
}

void printLines(const QStringList &lines) {
    for (const QString &line : lines)
        std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

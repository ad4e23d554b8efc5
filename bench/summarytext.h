// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once
// The end of an events_bench run as text: every figure by its median and range (and each
// round that left none, with why), each target with met, MISSED or not run, the context
// figures, and one JSON line with all of it.
#include "benchfigures.h"
#include "benchplan.h"
#include "targetverdict.h"

#include <QJsonObject>
#include <QStringList>

QStringList summaryText(const BenchPlan &plan, const BenchFigures &figures);

// Figures by key (their median, null when no round has one), "target_<label>" (true, false,
// null when not run) and "all_targets_met".
QJsonObject summaryJson(const BenchPlan &plan, const BenchFigures &figures);

// The pieces of that text, for every bench program that judges its figures this way: the
// table of figures by median and range, the table of verdicts, the closing line ("all
// targets: met" only when allMet()), and the JSON line of figures and verdicts.
QStringList figureLines(const BenchFigures &figures);
QStringList verdictLines(const QList<TargetVerdict> &verdicts);
QString allTargetsLine(const QList<TargetVerdict> &verdicts);
QJsonObject resultJson(const BenchFigures &figures, const QList<TargetVerdict> &verdicts);
// Prints `lines` to stdout, a line each, and flushes: a bench program's header and tables.
void printLines(const QStringList &lines);

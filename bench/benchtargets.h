// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once
// The targets events_bench holds the daemon to, judged on one run's figures: throughput and
// CPU against the limits measured in the same rounds, every event delivered exactly once, no
// loss on a burst or at 20,000/s, p99 at 1,000/s over every event of every round, memory with
// 100,000 events queued. A target whose part was not asked for is "not run"; one whose part
// ran but left a round without its figures, or with an event lost or delivered twice, is MISSED.
#include "benchfigures.h"
#include "benchplan.h"
#include "targetverdict.h"

#include <QList>
#include <QString>

QList<TargetVerdict> judgeTargets(const BenchPlan &plan, const BenchFigures &figures);

// Not targets: what the latency and CPU targets are up against (the bare loop's own p99 and
// CPU at the same rate). Each a label and its measure.
struct ContextFigure {
    QString label;
    TargetMeasure measure;
};
QList<ContextFigure> contextFigures(const BenchPlan &plan, const BenchFigures &figures);

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once
// The targets bench_many_webhooks holds one daemon with many webhooks to, judged on a run's
// figures: deliveries/s with the many at least 0.90 of those with the few, resident memory per
// idle webhook under 200 KiB, start-up with the many under 1 s, each healthy webhook's p99
// unchanged within noise while receivers are down (isolationverdict.h). A part not asked for
// is "not run"; one asked for whose round left a figure missing, an event lost, duplicated or
// unexpected, is MISSED. Every target is in the list whatever happened.
#include "benchfigures.h"
#include "isolationverdict.h"
#include "manywebhooksplan.h"
#include "targetverdict.h"

#include <QList>

#include <optional>

// Figure keys the scenarios record and the targets read.
namespace ManyWebhooksKeys {
QString startupSeconds(int webhooks);  // exec until the daemon listens
QString idleResidentKiB(int webhooks); // VmRSS once idle after a first event
QString idleWarmup(int webhooks);      // prefix of that first event's exactly-once counts
QString idleKiBPerWebhook();           // (many - few) / (many - few webhooks), per round
} // namespace ManyWebhooksKeys

// `isolation`: the outage's judging, when the part ran (a run that did not get as far as
// judging it passes a result whose verdict is MISSED with why).
QList<TargetVerdict> judgeManyWebhooks(const ManyWebhooksPlan &plan, const BenchFigures &figures,
                                       const std::optional<IsolationResult> &isolation);
// The isolation target's label for `plan`.
QString isolationLabel(const ManyWebhooksPlan &plan);

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once
// Percentiles of latency samples by nearest rank: the smallest sample with at least `percent`
// per cent of all samples at or below it. A p99 is taken over every sample it stands for (all
// rounds' events pooled), never as a median of per-round p99s, which would let two rounds in
// five exceed it unseen.
#include <QList>

#include <optional>

// Empty when there are no samples or `percent` is outside 1..100.
std::optional<qint64> percentile(QList<qint64> samples, int percent);

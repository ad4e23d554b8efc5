// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "percentile.h"

#include <algorithm>

std::optional<qint64> percentile(QList<qint64> samples, int percent) {
    if (samples.isEmpty() || percent < 1 || percent > 100)
        return std::nullopt;
    // In integers: the rank is ceil(n * percent / 100), which floating point gets wrong at
    // round products such as 5,000 * 0.99.
    const qsizetype rank = (samples.size() * percent + 99) / 100;
    const auto at = samples.begin() + (rank - 1);
    std::nth_element(samples.begin(), at, samples.end());
    return *at;
}

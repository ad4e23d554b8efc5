// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "spread.h"

#include <algorithm>

std::optional<Spread> Spread::of(QList<double> values) {
    if (values.isEmpty())
        return std::nullopt;
    std::sort(values.begin(), values.end());
    const qsizetype size = values.size();
    const double median =
        size % 2 == 1 ? values.at(size / 2) : (values.at(size / 2 - 1) + values.at(size / 2)) / 2;
    return Spread{median, values.first(), values.last(), size};
}

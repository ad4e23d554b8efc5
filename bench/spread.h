// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once
// A figure measured in several rounds, reported by its median and range. With an even number
// of rounds the median is the mean of the two middle ones: either middle value alone would
// report the better or the worse of them as the typical round.
#include <QList>

#include <optional>

struct Spread {
    double median = 0;
    double low = 0;
    double high = 0;
    qsizetype rounds = 0;

    // Empty when there are no values.
    static std::optional<Spread> of(QList<double> values);
};

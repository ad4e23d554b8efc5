// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "jsoninteger.h"

#include <cmath>

namespace JsonInteger {

Result<qint64> read(const QJsonObject &object, QStringView key, qint64 min, qint64 max,
                    qint64 fallback) {
    const QJsonValue value = object.value(key);
    if (value.isUndefined() || value.isNull())
        return fallback;
    const auto refused = [&] {
        return Result<qint64>::failure(
            QStringLiteral("%1 must be a whole number from %2 to %3").arg(key).arg(min).arg(max));
    };
    if (!value.isDouble())
        return refused();
    // Compared as a double first, so that no out-of-range value is ever converted; NaN and the
    // infinities fail these comparisons too.
    const double number = value.toDouble();
    if (!(number >= double(min) && number <= double(max)) || std::trunc(number) != number)
        return refused();
    // Qt keeps a JSON integer that fits 64 bits as one, which may lie just beyond the range the
    // double's rounding let through.
    const qint64 whole = value.toInteger();
    if (whole < min || whole > max)
        return refused();
    return whole;
}

} // namespace JsonInteger

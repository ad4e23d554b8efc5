// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "result.h"

#include <QJsonObject>
#include <QStringView>

// Whole numbers in JSON requests, read strictly. JSON numbers arrive as doubles, and converting
// a double outside an integer's range (1e300, 2^64) is undefined behaviour in C++; Qt's toInt()
// quietly turns such values into its default instead. A control request whose number is not a
// whole number within the range its field allows is refused, never converted.
namespace JsonInteger {

// The largest integer a double holds exactly: the widest range a JSON number keeps intact.
inline constexpr qint64 kMaxExact = 9'007'199'254'740'991; // 2^53 - 1

// The value of `key` when it is a whole number from `min` to `max`; `fallback` when the key is
// absent or null. Anything else (a string, a fraction, a value out of range) is an error that
// names the key and the range.
Result<qint64> read(const QJsonObject &object, QStringView key, qint64 min, qint64 max,
                    qint64 fallback);

} // namespace JsonInteger

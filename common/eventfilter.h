// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "result.h"

#include <QStringList>

// A webhook's event filter: the types it wants, by name or with '*' wildcards (VOLUME_*).
// No patterns means every event, as the original sends.
namespace EventFilter {

// "VOLUME_*,PEER_ATTACH" -> patterns, upper-cased, without repeats; "*" alone is every event
// (no patterns). Each pattern must name or match at least one event type.
Result<QStringList> parse(const QString &list);

bool matches(const QStringList &patterns, QStringView type);

} // namespace EventFilter

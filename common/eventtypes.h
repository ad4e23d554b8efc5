// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include <QByteArrayView>
#include <QLatin1StringView>
#include <QString>

#include <optional>

// The event type table of the wire protocol: gluster processes send the index, webhooks get the
// name. Generated at build time from protocol/event-types.tsv, whose order is the protocol.
namespace EventTypes {

int count();
// The name for a wire index, or nullopt when the index is not in the table.
std::optional<QLatin1StringView> nameOf(int index);
// The same name as a QString shared by every event of that type (no copy per event).
std::optional<QString> sharedNameOf(int index);
// The index of a symbolic name (exact, upper case), or nullopt when there is no such type.
std::optional<int> indexOf(QByteArrayView name);

} // namespace EventTypes

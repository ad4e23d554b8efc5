// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "event.h"
#include "result.h"

#include <QByteArrayView>
#include <QStringView>

#include <optional>

// Turns one UDP datagram "<unix-ts> <type> <key>=<value>;..." into an Event (docs/contract.md,
// event datagrams), or says why it was rejected. Knows nothing of sockets.
namespace DatagramParser {

inline constexpr qsizetype kMaxDatagramBytes = 64 * 1024;
// The most an event's details ("message") may take as the JSON every webhook gets; the whole
// body adds under 200 bytes (type, node UUID, timestamp). Real events are a few hundred bytes
// and a brick path at most 4 KiB, so this leaves room for a long VOLUME_SET; yet a control
// byte is written as six ("\u001b"), and every holder of bodies counted by events (the live
// feed's pages, the admin GUI's rows, the in-memory queue) must stay small at 64 KiB x 6.
inline constexpr qsizetype kMaxMessageBytes = 32 * 1024;

Result<Event> parse(QByteArrayView datagram);

// The rules parse() applies, shared with EventEncoder's fast way so that both agree.
// The type a token names: a wire index, or a symbolic name in any case.
std::optional<QString> typeNamed(QStringView token);
// Attributes the original daemon converts (its AUTO_BOOL_ATTRIBUTES and AUTO_INT_ATTRIBUTES).
bool isBoolAttribute(QStringView key);
bool isIntAttribute(QStringView key);
bool boolify(QStringView value);

} // namespace DatagramParser

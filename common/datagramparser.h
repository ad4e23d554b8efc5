#pragma once

#include "event.h"
#include "result.h"

#include <QByteArrayView>
#include <QStringView>

#include <optional>

// Turns one UDP datagram "<unix-ts> <type> <key>=<value>;..." into an Event (SPEC §2), or
// says why it was rejected. Knows nothing of sockets.
namespace DatagramParser {

inline constexpr qsizetype kMaxDatagramBytes = 64 * 1024;

Result<Event> parse(QByteArrayView datagram);

// The rules parse() applies, shared with EventEncoder's fast way so that both agree.
// The type a token names: a wire index, or a symbolic name in any case.
std::optional<QString> typeNamed(QStringView token);
// Attributes the original daemon converts (its AUTO_BOOL_ATTRIBUTES and AUTO_INT_ATTRIBUTES).
bool isBoolAttribute(QStringView key);
bool isIntAttribute(QStringView key);
bool boolify(QStringView value);

} // namespace DatagramParser

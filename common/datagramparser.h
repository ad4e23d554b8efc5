#pragma once

#include "event.h"
#include "result.h"

#include <QByteArrayView>

// Turns one UDP datagram "<unix-ts> <type> <key>=<value>;..." into an Event (SPEC §2), or
// says why it was rejected. Knows nothing of sockets.
namespace DatagramParser {

inline constexpr qsizetype kMaxDatagramBytes = 64 * 1024;

Result<Event> parse(QByteArrayView datagram);

} // namespace DatagramParser

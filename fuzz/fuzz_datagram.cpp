// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// The UDP datagram parser (docs/contract.md), and the JSON body made from what it accepts. It is
// written by hand for speed (decision 010), two ways: from the parsed QJsonObject, and straight
// from the datagram's bytes (EventEncoder's fast way). For every datagram each must be byte for
// byte what Qt's own JSON writer makes of the parsed object, and both must accept and reject
// the same datagrams.
//
// Fed as ingest feeds it: one EventEncoder for the whole run (it keeps buffers and details
// between datagrams), and each datagram in one reused slot of the largest size ingest reads,
// so state left by earlier datagrams is fuzzed too. The bytes after the datagram in its slot
// are poisoned under AddressSanitizer: ingest's slots hold stale bytes there, which a read past
// the datagram would take for input. An input is a batch: datagrams separated by kSeparator,
// as one recvmmsg call returns several, so a crash that needs earlier datagrams replays from
// its one input file.
#include "datagramparser.h"
#include "eventencoder.h"
#include "fuzzsupport.h"
#include "payload.h"

#include <QByteArrayView>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstring>

#if defined(__has_include)
#if __has_include(<sanitizer/asan_interface.h>)
#include <sanitizer/asan_interface.h>
#endif
#endif
#ifndef ASAN_POISON_MEMORY_REGION
#define ASAN_POISON_MEMORY_REGION(addr, size) ((void)(addr), (void)(size))
#define ASAN_UNPOISON_MEMORY_REGION(addr, size) ((void)(addr), (void)(size))
#endif

namespace {

using FuzzSupport::check;

// One more byte than the parser accepts, as ingest's slots (an oversize datagram is seen).
constexpr qsizetype kSlotBytes = DatagramParser::kMaxDatagramBytes + 1;
constexpr QByteArrayView kSeparator("\0\xff\0", 3);
const QString kNodeId = QStringLiteral("7f9d0c3e-5a1b-4c2d-9e8f-0a1b2c3d4e5f");

// What ingest keeps from one datagram to the next, for the life of the process.
struct Ingest {
    EventEncoder encoder{kNodeId};
    QByteArray slot{kSlotBytes, Qt::Uninitialized};
};

Ingest &ingest() {
    static Ingest instance;
    return instance;
}

void checkDatagram(QByteArrayView input) {
    Ingest &state = ingest();
    char *slot = state.slot.data();
    std::memcpy(slot, input.data(), size_t(input.size()));
    ASAN_POISON_MEMORY_REGION(slot + input.size(), size_t(kSlotBytes - input.size()));
    const QByteArrayView datagram(slot, input.size());
    const auto plain = state.encoder.encodePlain(datagram);
    const auto encoded = state.encoder.encode(datagram);
    ASAN_UNPOISON_MEMORY_REGION(slot, size_t(kSlotBytes));

    // The oracle: a fresh parse of a copy, with nothing carried over.
    const auto event = DatagramParser::parse(input);
    check(encoded.ok() == event.ok()); // the encoder accepts what the parser does
    if (!event) {
        check(!plain);
        check(encoded.error() == event.error());
        return;
    }
    const QJsonObject whole{{QStringLiteral("event"), event->type},
                            {QStringLiteral("message"), event->message},
                            {QStringLiteral("nodeid"), kNodeId},
                            {QStringLiteral("ts"), event->timestamp}};
    const QByteArray expected = QJsonDocument(whole).toJson(QJsonDocument::Compact);
    check(Payload::encode(*event, kNodeId) == expected);
    check(encoded->body == expected);
    check(encoded->type == event->type && encoded->timestamp == event->timestamp);
    if (plain)
        check(plain->body == expected && plain->type == event->type &&
              plain->timestamp == event->timestamp);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    FuzzSupport::initialize();
    QByteArrayView rest(reinterpret_cast<const char *>(data), qsizetype(size));
    for (;;) {
        const qsizetype end = rest.indexOf(kSeparator);
        // Longer than a slot: ingest would have cut it to the slot, which the parser refuses.
        checkDatagram(rest.first(std::min(end < 0 ? rest.size() : end, kSlotBytes)));
        if (end < 0)
            break;
        rest = rest.sliced(end + kSeparator.size());
    }
    return 0;
}

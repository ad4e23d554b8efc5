// The UDP datagram parser (SPEC §2), and the JSON body made from what it accepts. The body is
// written by hand for speed (decision 010), two ways: from the parsed QJsonObject, and straight
// from the datagram's bytes (EventEncoder's fast way). For every datagram each must be byte for
// byte what Qt's own JSON writer makes of the parsed object, and both must accept and reject
// the same datagrams.
#include "datagramparser.h"
#include "eventencoder.h"
#include "fuzzsupport.h"
#include "payload.h"

#include <QJsonDocument>
#include <QJsonObject>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    FuzzSupport::initialize();
    const QByteArray datagram = FuzzSupport::bytes(data, size);
    const QString nodeId = QStringLiteral("7f9d0c3e-5a1b-4c2d-9e8f-0a1b2c3d4e5f");
    const auto event = DatagramParser::parse(datagram);
    EventEncoder encoder(nodeId);
    const auto plain = encoder.encodePlain(datagram);
    const auto encoded = encoder.encode(datagram);
    FuzzSupport::check(encoded.ok() == event.ok()); // the encoder accepts what the parser does
    if (!event) {
        FuzzSupport::check(!plain);
        FuzzSupport::check(encoded.error() == event.error());
        return 0;
    }
    const QJsonObject whole{{QStringLiteral("event"), event->type},
                            {QStringLiteral("message"), event->message},
                            {QStringLiteral("nodeid"), nodeId},
                            {QStringLiteral("ts"), event->timestamp}};
    const QByteArray expected = QJsonDocument(whole).toJson(QJsonDocument::Compact);
    FuzzSupport::check(Payload::encode(*event, nodeId) == expected);
    FuzzSupport::check(encoded->body == expected);
    FuzzSupport::check(encoded->type == event->type && encoded->timestamp == event->timestamp);
    if (plain)
        FuzzSupport::check(plain->body == expected && plain->type == event->type &&
                           plain->timestamp == event->timestamp);
    return 0;
}

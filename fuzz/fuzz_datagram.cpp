// The UDP datagram parser (SPEC §2), and the JSON body made from what it accepts. The body is
// written by hand for speed (decision 010), so for every accepted datagram it must be byte for
// byte what Qt's own JSON writer makes of the same object.
#include "datagramparser.h"
#include "fuzzsupport.h"
#include "payload.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    FuzzSupport::initialize();
    const auto event = DatagramParser::parse(FuzzSupport::bytes(data, size));
    if (!event)
        return 0;
    const QString nodeId = QStringLiteral("7f9d0c3e-5a1b-4c2d-9e8f-0a1b2c3d4e5f");
    const QJsonObject whole{{QStringLiteral("event"), event->type},
                            {QStringLiteral("message"), event->message},
                            {QStringLiteral("nodeid"), nodeId},
                            {QStringLiteral("ts"), event->timestamp}};
    if (Payload::encode(*event, nodeId) != QJsonDocument(whole).toJson(QJsonDocument::Compact))
        std::abort(); // the hand-written body differs from Qt's
    return 0;
}

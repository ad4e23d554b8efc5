#pragma once

#include "event.h"

#include <QByteArray>

// The JSON body a webhook receives (SPEC §3): one object, keys sorted.
namespace Payload {

QByteArray encode(const Event &event, const QString &nodeId);

// The body of webhook-test: JSON null, which the documented sample receiver reads as None.
QByteArray testBody();

} // namespace Payload

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "event.h"

#include <QByteArray>
#include <QByteArrayView>

// The JSON body a webhook receives (docs/contract.md, webhook requests): one object, keys sorted.
namespace Payload {

QByteArray encode(const Event &event, const QString &nodeId);
// An event's details alone, exactly as encode() writes them inside the body.
QByteArray encodeMessage(const QJsonObject &message);

// Writes `utf8` at `out` as a JSON string, quoted and escaped as QJsonDocument writes it, and
// returns the end of what it wrote: at most jsonStringBound(utf8.size()) bytes.
char *writeJsonString(char *out, QByteArrayView utf8);
constexpr qsizetype jsonStringBound(qsizetype utf8Bytes) {
    return 6 * utf8Bytes + 2; // a control byte becomes \u00XX
}
// The same, appended to `out`.
void appendJsonString(QByteArray &out, QByteArrayView utf8);

// The body of webhook-test: JSON null, which the documented sample receiver reads as None.
QByteArray testBody();

} // namespace Payload

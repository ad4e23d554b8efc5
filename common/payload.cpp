#include "payload.h"

#include <QJsonDocument>

namespace Payload {

QByteArray encode(const Event &event, const QString &nodeId) {
    // QJsonObject keeps its keys sorted, which gives the original's sort_keys order.
    const QJsonObject body{{QStringLiteral("event"), event.type},
                           {QStringLiteral("message"), event.message},
                           {QStringLiteral("nodeid"), nodeId},
                           {QStringLiteral("ts"), event.timestamp}};
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QByteArray testBody() {
    return QByteArrayLiteral("null");
}

} // namespace Payload

#include "deliveryattempt.h"

QJsonObject DeliveryAttempt::toJson() const {
    return {{QStringLiteral("time_ms"), atMs},
            {QStringLiteral("webhook"), webhook},
            {QStringLiteral("event"), QString::fromLatin1(eventId)},
            {QStringLiteral("type"), type},
            {QStringLiteral("status"), status},
            {QStringLiteral("latency_ms"), latencyMs},
            {QStringLiteral("error"), error}};
}

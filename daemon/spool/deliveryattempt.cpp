// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
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

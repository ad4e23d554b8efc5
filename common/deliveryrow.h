// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include <QString>

// One delivery attempt as `deliveries` lists it: which node made it, to which webhook, with
// which event, and how it ended.
struct DeliveryRow {
    QString node; // "localhost" or the host, as the node tables name it
    qint64 timeMs = 0;
    QString webhook;
    QString event; // the event id (the webhook-id header)
    QString type;
    int status = 0; // HTTP status; 0 when there was no answer
    qint64 latencyMs = 0;
    QString error; // empty when delivered
};

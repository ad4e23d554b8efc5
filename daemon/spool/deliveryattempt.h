// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

// One try at delivering one event to one webhook, as `deliveries` lists it. Senders record one
// for every answer or failure (DeliveryJournal); the spool keeps them for history_hours.
struct DeliveryAttempt {
    qint64 atMs = 0; // when the answer (or the failure) came
    QString webhook;
    QByteArray eventId;
    QString type;
    int status = 0; // the HTTP status; 0 when there was no answer
    qint64 latencyMs = 0;
    QString error; // empty when delivered

    // The row `deliveries` answers with, read back as a DeliveryRow (common/deliveryrow.h).
    QJsonObject toJson() const;
};

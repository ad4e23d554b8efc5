// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "deliveryattempt.h"
#include "queuedevent.h"

#include <QString>

// Where senders record what happened: every attempt, and events given up on (the dead-letter
// list that `replay --dead` sends again). The durable spool keeps both for history_hours.
class DeliveryJournal {
public:
    virtual ~DeliveryJournal() = default;
    virtual void recordAttempt(const DeliveryAttempt &attempt) = 0;
    virtual void deadLetter(const QString &webhook, const QueuedEvent &event,
                            const QString &why) = 0;
};

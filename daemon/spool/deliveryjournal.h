#pragma once

#include "queuedevent.h"

#include <QString>

// One try at delivering one event to one webhook, as `deliveries` lists it.
struct DeliveryAttempt {
    qint64 atMs = 0; // when the answer (or the failure) came
    QString webhook;
    QByteArray eventId;
    QString type;
    int status = 0; // the HTTP status; 0 when there was no answer
    qint64 latencyMs = 0;
    QString error; // empty when delivered
};

// Where senders record what happened: every attempt, and events given up on (the dead-letter
// list that `replay --dead` sends again). The durable spool keeps both for history_hours.
class DeliveryJournal {
public:
    virtual ~DeliveryJournal() = default;
    virtual void recordAttempt(const DeliveryAttempt &attempt) = 0;
    virtual void deadLetter(const QString &webhook, const QueuedEvent &event,
                            const QString &why) = 0;
};

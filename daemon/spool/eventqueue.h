// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "queuedevent.h"

#include <QString>
#include <QStringList>

// The seam between ingest and dispatch: an ordered log of events with one position per
// consumer (webhook). A consumer reads after its position and acknowledges what it delivered;
// an event leaves the queue once every consumer has acknowledged it. The in-memory queue and
// the durable spool both implement this, so neither ingest nor dispatch knows which is in use.
class EventQueue {
public:
    virtual ~EventQueue() = default;

    // Gives each event its seq, an id (unless it has one: a replay) and its arrival time, in
    // order, and keeps it for every consumer (or the one it targets).
    virtual void append(QueuedEventBatch &events) = 0;

    // Up to `max` events with seq > `position`, oldest first.
    virtual QueuedEventBatch readAfter(quint64 position, int max) const = 0;

    // The seq of the newest event appended (0 before any).
    virtual quint64 lastSeq() const = 0;

    // A new consumer starts after `position` (normally lastSeq(): events from now on).
    virtual void addConsumer(const QString &consumer, quint64 position) = 0;
    virtual void removeConsumer(const QString &consumer) = 0;
    virtual quint64 position(const QString &consumer) const = 0;
    // Consumers outlive a restart in a durable queue: a webhook resumes where it stopped.
    virtual bool hasConsumer(const QString &consumer) const = 0;
    virtual QStringList consumers() const = 0;

    // Everything up to and including `seq` is delivered for `consumer`.
    virtual void acknowledge(const QString &consumer, quint64 seq) = 0;

    // Events still waiting for at least one consumer.
    virtual qsizetype pendingCount() const = 0;
    // Their size (the bodies), which the spool limit bounds.
    virtual qint64 pendingBytes() const = 0;
};

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "spoolbudget.h"

#include <QJsonObject>
#include <QStringList>

#include <cstddef>
#include <functional>

// What gives way when the spool reaches spool_limit_mb, so that one dead receiver cannot make
// the others lose events. First the webhook furthest behind gives its backlog up to the
// dead-letter list (from where `replay --dead` sends it again): its stream keeps its order, cut
// at one point. Only when no webhook is behind are new events refused, counted and logged. The
// disk budget (SpoolBudget) evicts history and dead letters before the spool counts as full on
// disk. Reads the spool and sheds through what it is given, so it knows neither the spool nor
// the dispatcher.
class SpoolShedder {
public:
    // What it reads of the spool (SqliteSpool's figures in the daemon).
    struct Spool {
        std::function<qint64()> pendingBytes;           // undelivered bodies
        std::function<SpoolBudget::State()> diskBudget; // the database on disk
        std::function<quint64()> handedOver;            // what the spool writer was given
    };
    // Dead-letters the backlogs of the webhooks furthest behind until the undelivered events are
    // below `bytes`; one line per webhook for the log (Dispatcher::relieveSpool).
    using ShedBacklogs = std::function<QStringList(qint64 bytes)>;

    SpoolShedder(Spool spool, ShedBacklogs shedBacklogs, qint64 limitBytes);

    void setLimit(qint64 bytes) { m_limit = bytes; }
    qint64 limit() const { return m_limit; }

    // New events would be dropped: the undelivered events reach the limit, or the disk budget
    // is full of them (not while a backlog shed for it is still on its way to the disk).
    bool full() const;
    // Before a batch of `events` is queued: when full, sheds the backlog furthest behind; then
    // says whether the batch may be queued. A batch refused is counted, and the first refusal
    // and the return below the limit are logged.
    bool admit(std::size_t events);

    // What status shows beside UP about the spool; empty when nothing happened.
    QString warning() const;
    // The spool's use and what its limit made the node give up, for status --json.
    QJsonObject status() const;
    quint64 eventsDropped() const { return m_eventsDropped; }
    quint64 backlogsShed() const { return m_backlogsShed; }

private:
    // Sheds backlogs down below the limit, or one for a full disk budget, and logs each.
    void relieve();

    Spool m_spool;
    ShedBacklogs m_shedBacklogs;
    qint64 m_limit;
    quint64 m_eventsDropped = 0;
    quint64 m_backlogsShed = 0; // dead-lettered because the spool was full
    bool m_wasFull = false;
    // The spool writer's generation after the last backlog shed for the disk budget: until the
    // budget was checked after it, that shed is still making room, and no other is needed.
    quint64 m_diskReliefGeneration = 0;
};

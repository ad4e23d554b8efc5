// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "queuedevent.h"
#include "result.h"

#include <QSet>
#include <QSqlDatabase>
#include <QString>

#include <memory>

class SqliteStatement;

// The main thread's own read-only connection to the spool: the backlog read back in seq order
// (an indexed range of the events' rowid, through statements prepared once), what a range of
// it weighs, and the connection for the history's queries. It sees what the writer thread has
// committed (WAL: every read starts at the newest commit) and holds no read open between calls,
// which would keep the writer from checkpointing the WAL.
class SpoolEventReader {
public:
    struct Totals {
        qint64 events = 0;
        qint64 bytes = 0; // of the bodies
    };

    // `unknownArrivalMs` stands for the arrival time of events from a spool written before
    // arrival times were kept: their age counts from then (the start), so a restart does not
    // dead-letter them at their first failure.
    SpoolEventReader(QString path, qint64 unknownArrivalMs);
    ~SpoolEventReader();
    SpoolEventReader(const SpoolEventReader &) = delete;
    SpoolEventReader &operator=(const SpoolEventReader &) = delete;

    // The events with `after` < seq <= `upTo`, oldest first: at most `maxEvents`, and none
    // after the one whose body brings them to `maxBytes`.
    Result<QueuedEventBatch> read(quint64 after, quint64 upTo, int maxEvents, qint64 maxBytes);
    // How many events have `after` < seq <= `upTo`, and their bodies' size.
    Result<Totals> totals(quint64 after, quint64 upTo);
    // The connection, opened on first use.
    Result<QSqlDatabase> database();

private:
    // One string per event type, as ingest shares them: a page of a backlog is mostly a few.
    QString shared(const QString &type);

    QString m_path;
    QString m_connection;
    qint64 m_unknownArrivalMs;
    std::unique_ptr<SqliteStatement> m_read;
    std::unique_ptr<SqliteStatement> m_totals;
    QSet<QString> m_types;
};

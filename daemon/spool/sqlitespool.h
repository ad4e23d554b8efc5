// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "deliveryjournal.h"
#include "eventqueue.h"
#include "result.h"
#include "spoolbacklog.h"
#include "spoolbudget.h"
#include "spooleventreader.h"

#include <QSqlDatabase>

#include <chrono>
#include <memory>

class SpoolWriter;

// The durable EventQueue: every appended event and every consumer position is committed to a
// SQLite database by the SpoolWriter's thread, in groups, so appending never waits for the
// disk. Only a bounded window of the events is held in memory (SpoolBacklog): what the writer
// has not committed yet and the newest beyond it, while older events are read back from the
// database, a page at a time, as delivery reaches them. After a crash or kill -9, everything
// committed comes back: events not yet delivered to every webhook, and each webhook's
// position; a restart reads the positions and counts, not the events. It is also the delivery
// journal: attempts, dead letters and delivered events stay for the retention time, to be
// listed (`deliveries`) and sent again (`replay`).
class SqliteSpool final : public EventQueue, public DeliveryJournal {
public:
    // `window` bounds what is held in memory (the defaults are the daemon's).
    static Result<std::unique_ptr<SqliteSpool>> open(const QString &path, QByteArray idPrefix,
                                                     SpoolBacklog::Limits window = {});
    ~SqliteSpool() override;

    void append(QueuedEventBatch &events) override;
    QueuedEventBatch readAfter(quint64 position, int max) const override;
    quint64 lastSeq() const override { return m_backlog.lastSeq(); }
    void addConsumer(const QString &consumer, quint64 position) override;
    void removeConsumer(const QString &consumer) override;
    quint64 position(const QString &consumer) const override;
    bool hasConsumer(const QString &consumer) const override;
    QStringList consumers() const override;
    void acknowledge(const QString &consumer, quint64 seq) override;
    qsizetype pendingCount() const override { return m_backlog.pendingCount(); }
    qint64 pendingBytes() const override { return m_backlog.pendingBytes(); }

    void recordAttempt(const DeliveryAttempt &attempt) override;
    void deadLetter(const QString &webhook, const QueuedEvent &event, const QString &why) override;
    void setRetention(std::chrono::milliseconds retention);
    // One disk budget for undelivered events, history and dead letters (SpoolBudget): history
    // is evicted first, then dead letters; `diskBudget().full` when only undelivered is left.
    void setDiskLimit(qint64 bytes);
    SpoolBudget::State diskBudget() const;
    // Counts what was handed to the writer: `diskBudget().generation` reaches it once the
    // budget was checked after all of it.
    quint64 handedOver() const;

    // The newest `limit` attempts, newest first; for one webhook unless `webhook` is empty.
    Result<QList<DeliveryAttempt>> attempts(const QString &webhook, bool failedOnly, int limit);
    // Queues again, for `webhook` only, the events that arrived since `sinceMs` (with `dead`:
    // its dead letters since then, which leave the dead-letter list), or only the event with
    // `eventId` when one is given. Each event once. It stops before the undelivered events
    // would reach `maxBytes` (the spool limit) and says so in `partial`. Returns how many.
    Result<int> replay(const QString &webhook, qint64 sinceMs, bool dead, const QByteArray &eventId,
                       qint64 maxBytes, bool *partial);

    // Waits until everything so far is on disk; false if commits keep failing past `timeout`.
    bool flush(std::chrono::milliseconds timeout = std::chrono::seconds(30));
    // The events held in memory (the window, not the backlog), once the committed ones beyond
    // the window are let go.
    SpoolBacklog::Held heldInMemory() { return m_backlog.held(); }

private:
    SqliteSpool(const QString &path, QByteArray idPrefix, SpoolBacklog::Limits window,
                std::unique_ptr<SpoolWriter> writer);
    void forgetDelivered();
    // The main thread's connection, for the history, once what was handed over is committed.
    Result<QSqlDatabase> reader();

    SpoolEventReader m_reader;
    SpoolBacklog m_backlog;
    std::unique_ptr<SpoolWriter> m_writer;
    quint64 m_forgotten = 0;
};

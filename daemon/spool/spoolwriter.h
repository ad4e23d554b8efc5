// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "deliveryjournal.h"
#include "queuedevent.h"
#include "ratelimitedlog.h"
#include "result.h"
#include "spoolbudget.h"

#include <QHash>
#include <QSqlDatabase>

#include <atomic>
#include <deque>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

// The one owner of the spool database (SQLite, WAL, synchronous=FULL), on a thread of its own.
// The main thread hands it work and goes on; it commits everything handed over since its last
// commit in one transaction (group commit), so dispatch never waits for the disk and the disk
// sees one fsync per group, not per event. Besides the events it keeps the delivery history
// (attempts, dead letters) and the delivered events themselves for the retention time, so
// they can be listed and replayed; older history is pruned.
class SqliteStatement;

class SpoolWriter {
public:
    struct DeadLetter {
        QString webhook;
        QueuedEvent event;
        QString why;
        qint64 atMs = 0;
    };
    // Dead letters of events the database already holds, by seq range: a backlog given up at
    // once (spool full, or expired while its receiver kept failing) waits for its commit as a
    // few ranges, not as a copy of every event, and is copied row to row inside the database.
    struct DeadLetterRange {
        QString webhook;
        quint64 first = 0;
        quint64 last = 0;
        QString why;
        qint64 atMs = 0;
    };
    // What the database holds, without the events themselves: those are read back as delivery
    // reaches them (SpoolBacklog).
    struct Contents {
        QHash<QString, quint64> positions;
        quint64 lastSeq = 0;
        qint64 pendingEvents = 0; // not yet delivered to every consumer
        qint64 pendingBytes = 0;  // their bodies
    };

    // Opens (creating if needed) the database and reads what it holds.
    static Result<std::unique_ptr<SpoolWriter>> open(const QString &path, Contents *contents);
    ~SpoolWriter(); // commits what is pending, then stops
    SpoolWriter(const SpoolWriter &) = delete;
    SpoolWriter &operator=(const SpoolWriter &) = delete;

    void insert(const QueuedEventBatch &events, quint64 lastSeq);
    void setPosition(const QString &consumer, quint64 seq);
    void removeConsumer(const QString &consumer);
    // Every event up to `seq` is delivered to every webhook: kept only for the history now.
    void deliveredUpTo(quint64 seq);
    void recordAttempt(const DeliveryAttempt &attempt);
    void addDeadLetter(const QString &webhook, const QueuedEvent &event, const QString &why,
                       qint64 atMs);
    // The same for an event the database holds (committed, not yet delivered to every
    // webhook): it stays there at least until the positions that skip it are committed, and
    // they travel with its dead letter, so the row is copied inside the database.
    void addStoredDeadLetter(const QString &webhook, quint64 seq, const QString &why, qint64 atMs);
    void removeDeadLetters(const QString &webhook, const QList<quint64> &seqs);
    // How long history (attempts, dead letters, delivered events) is kept.
    void setRetention(std::chrono::milliseconds retention) { m_retentionMs = retention.count(); }
    // The disk budget the database is kept within (SpoolBudget), and what it came to.
    void setBudget(qint64 bytes) { m_budget.setLimit(bytes); }
    SpoolBudget::State budget() const { return m_budget.state(); }
    // Counts what was handed over: a budget state whose generation reached it has seen it.
    quint64 handedOver();
    // Every event up to this seq is committed: another connection reads it from the database.
    quint64 committedSeq() const { return m_lastSeqCommitted.load(); }
    // Blocks until everything handed over so far is committed (shutdown, tests), or until
    // `timeout` passes while commits keep failing; says which.
    bool flush(std::chrono::milliseconds timeout = std::chrono::seconds(30));

private:
    struct Work {
        QueuedEventBatch events;
        QHash<QString, quint64> positions;
        QStringList removedConsumers;
        quint64 lastSeq = 0;
        quint64 deliveredUpTo = 0;
        std::vector<DeliveryAttempt> attempts;
        std::vector<DeadLetter> deadLetters;
        std::vector<DeadLetterRange> deadLetterRanges;
        QList<QPair<QString, quint64>> revived; // dead letters sent again
        // Positions and history: what may wait for kHistoryGatherTime. Dead letters travel
        // with the positions that skip their events: committed apart, the events would still
        // look undelivered and the spool's budget would evict the dead letters in their place.
        bool hasHistory() const {
            return !positions.isEmpty() || deliveredUpTo != 0 || !attempts.empty() ||
                   !deadLetters.empty() || !deadLetterRanges.empty();
        }
        bool empty() const {
            return events.empty() && removedConsumers.isEmpty() && lastSeq == 0 &&
                   deadLetters.empty() && revived.isEmpty() && !hasHistory();
        }
    };
    // Where history stood at a moment: what is older than the retention can go.
    struct Mark {
        qint64 atMs;
        quint64 lastSeq;
        qint64 lastAttempt;
    };

    explicit SpoolWriter(QString path);
    Status openOnThread(Contents *contents);
    Status commit(const Work &work);
    // The statement in `slot`, prepared on first use.
    static Result<SqliteStatement *> hotStatement(std::unique_ptr<SqliteStatement> &slot,
                                                  const QSqlDatabase &db, const char *sql);
    void maintainHistory(); // marks and prunes, at most every so often
    void run();
    // Now: received events and anything a reader waits for. Soon: positions and history,
    // committed within kHistoryGatherTime.
    enum class Urgency { Now, Soon };
    static constexpr std::chrono::milliseconds kHistoryGatherTime{100};
    // Under a dense stream (the last commit began less than this ago) received events wait
    // for the rest of it, so that one fsync carries many: half the writer's CPU per event at
    // 20,000/s. A sparse stream is committed at once. Bounds the durability window.
    static constexpr std::chrono::milliseconds kDenseCommitSpacing{4};
    void handOver(const std::function<void(Work &)> &change, Urgency urgency);
    Work takeUrgent();       // with m_mutex held: all but positions and history
    void putBack(Work work); // with m_mutex held

    QString m_path;
    QString m_connection;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_done;
    Work m_pending;
    quint64 m_handedOver = 0; // generations: flush() waits until m_committed catches up
    quint64 m_committed = 0;
    bool m_stopping = false;
    bool m_urgent = false;      // pending work that must not wait for the gather time
    bool m_flushWanted = false; // flush() waits: no commit spacing either
    // When the pending positions and history began to gather (valid while there are some).
    std::chrono::steady_clock::time_point m_historySince;
    std::thread m_thread;
    RateLimitedLog m_failureLog{3, 60'000}; // a full disk must not also fill the log
    std::atomic<qint64> m_retentionMs{24 * 3'600'000LL};
    SpoolBudget m_budget{1024LL * 1024 * 1024};
    // Writer thread only:
    std::unique_ptr<SqliteStatement> m_insertEvent; // the hot inserts, prepared once
    std::unique_ptr<SqliteStatement> m_insertAttempt;
    std::unique_ptr<SqliteStatement> m_upsertPosition;
    std::unique_ptr<SqliteStatement> m_setLastSeq;
    std::deque<Mark> m_marks;
    std::atomic<quint64> m_lastSeqCommitted{0}; // written by the writer thread only
    quint64 m_delivered = 0;
    qint64 m_lastMaintenanceMs = 0;
    std::chrono::steady_clock::time_point m_lastCommitStart;
};

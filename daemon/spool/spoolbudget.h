// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "result.h"

#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QString>

#include <array>
#include <atomic>
#include <memory>
#include <optional>

class QSqlQuery;

// Keeps the spool database within one disk budget (spool_limit_mb) shared by the events still
// to be delivered, the delivery history and the dead letters, so that whoever can send
// datagrams to a node cannot fill its disk with history. Over the budget it frees room down to
// 7/8 of it, oldest first: the history (delivered events and attempts), then dead letters.
// Events still to be delivered are never touched here: when nothing else is left, it reports
// the spool full and the daemon sheds (a laggard's backlog, then new events).
// Runs on the spool writer's thread after its commits (reading two pragmas, cheap; deleting
// by key ranges only when over); its state is read from any thread.
class SpoolBudget {
public:
    struct State {
        qint64 usedBytes = 0; // the database's pages in use at the last check
        qint64 limitBytes = 0;
        quint64 historyEvicted = 0;     // delivered events and attempts removed early
        quint64 deadLettersEvicted = 0; // dead letters removed early
        bool full = false;              // over the limit with nothing left to evict
        quint64 generation = 0;         // the writer's last full commit the check came after
    };

    explicit SpoolBudget(qint64 limitBytes);
    ~SpoolBudget();
    SpoolBudget(const SpoolBudget &) = delete;
    SpoolBudget &operator=(const SpoolBudget &) = delete;

    void setLimit(qint64 bytes) { m_limit = bytes; }
    State state() const;
    // After a commit, on the writer's thread: measures, and evicts when over the limit.
    // Events up to `deliveredUpTo` are history; `generation` is what the commit covered.
    // `historyKnown`: the commit took everything handed over, positions too. Without them an
    // event just delivered still looks undelivered (a shed backlog, say), so only history is
    // evicted then: dead letters wait for the next such commit (100 ms at most).
    void enforce(QSqlDatabase &db, quint64 deliveredUpTo, quint64 generation, bool historyKnown);
    // Before the connection closes.
    void close();

private:
    enum class Kind { History = 0, DeadLetters = 1 };
    std::optional<qint64> measure(QSqlDatabase &db);
    void sizeWal(QSqlDatabase &db, qint64 limit);
    // Deletes the oldest `fraction` of the rows of a kind; how many went.
    Result<qint64> evictOldest(QSqlDatabase &db, Kind kind, double fraction, quint64 deliveredUpTo);
    // Evicts until `used` is below the target; what went, per kind, into `evicted`.
    Status evict(QSqlDatabase &db, qint64 limit, quint64 deliveredUpTo, bool historyKnown,
                 qint64 *used, std::array<quint64, 2> *evicted);
    void logEvicted(Kind kind, quint64 rows, qint64 limit);

    std::atomic<qint64> m_limit;
    std::atomic<qint64> m_used{0};
    std::atomic<quint64> m_historyEvicted{0};
    std::atomic<quint64> m_deadLettersEvicted{0};
    std::atomic<bool> m_nothingLeft{false};
    std::atomic<quint64> m_generation{0};
    // Writer thread only:
    std::unique_ptr<QSqlQuery> m_measure;
    qint64 m_walSizedFor = -1;
    // One log line per kind of eviction per interval, with what was evicted since the last.
    struct Unlogged {
        QElapsedTimer since;
        quint64 rows = 0;
    };
    std::array<Unlogged, 2> m_unlogged;
    QElapsedTimer m_failureLogged;
};

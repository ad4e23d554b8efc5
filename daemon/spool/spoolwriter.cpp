// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "spoolwriter.h"

#include "logsink.h"
#include "spoolschema.h"
#include "sqlitestatement.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <future>
#include <optional>

namespace {

QString sqlError(const QSqlQuery &query) {
    return query.lastError().text();
}

Status exec(QSqlDatabase &db, const QString &statement) {
    QSqlQuery query(db);
    if (!query.exec(statement))
        return Status::failure(QStringLiteral("%1: %2").arg(statement.left(60), sqlError(query)));
    return Status::success();
}

// A null QString binds as SQL NULL; the text columns are NOT NULL and mean "none" by ''.
QVariant text(const QString &value) {
    return value.isNull() ? QVariant(QString(QLatin1String(""))) : QVariant(value);
}

} // namespace

SpoolWriter::SpoolWriter(QString path)
    : m_path(std::move(path))
    , m_connection(QStringLiteral("spool-") + QUuid::createUuid().toString(QUuid::WithoutBraces)) {
}

Result<std::unique_ptr<SpoolWriter>> SpoolWriter::open(const QString &path, Contents *contents) {
    std::unique_ptr<SpoolWriter> writer(new SpoolWriter(path));
    std::promise<Status> opened;
    auto result = opened.get_future();
    writer->m_thread = std::thread([raw = writer.get(), contents, &opened] {
        const Status status = raw->openOnThread(contents);
        const bool ok = status.ok();
        opened.set_value(status);
        if (ok)
            raw->run();
    });
    const Status status = result.get();
    if (!status) {
        writer->m_thread.join();
        return Result<std::unique_ptr<SpoolWriter>>::failure(
            QStringLiteral("cannot open the spool %1: %2").arg(path, status.error()));
    }
    return Result<std::unique_ptr<SpoolWriter>>(std::move(writer));
}

SpoolWriter::~SpoolWriter() {
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
    // Statements are finalized before their connection closes.
    m_insertEvent.reset();
    m_insertAttempt.reset();
    m_upsertPosition.reset();
    m_setLastSeq.reset();
    m_budget.close();
    QSqlDatabase::removeDatabase(m_connection);
}

Status SpoolWriter::openOnThread(Contents *contents) {
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(m_path);
    // Waiting long on a lock only delays the retry loop, which keeps the work anyway.
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=1000"));
    if (!db.open())
        return Status::failure(db.lastError().text());
    // The version first, so a spool from a later version is refused before anything writes.
    if (const Status schema = SpoolSchema::prepare(db, m_path); !schema)
        return schema;
    for (const char *statement : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL"}) {
        if (const Status done = exec(db, QString::fromLatin1(statement)); !done)
            return done;
    }
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'last_seq'")))
        return Status::failure(sqlError(query));
    if (query.next())
        contents->lastSeq = quint64(query.value(0).toLongLong());
    // A spool that kept no last seq: its newest event's (the rowid's end, not a scan).
    if (!query.exec(QStringLiteral("SELECT MAX(seq) FROM events")))
        return Status::failure(sqlError(query));
    if (query.next())
        contents->lastSeq = std::max(contents->lastSeq, quint64(query.value(0).toLongLong()));
    m_lastSeqCommitted = contents->lastSeq;
    // History already on disk is pruned one retention time from now (its age is not tracked
    // across restarts).
    if (!query.exec(QStringLiteral("SELECT MAX(id) FROM attempts")))
        return Status::failure(sqlError(query));
    const qint64 lastAttempt = query.next() ? query.value(0).toLongLong() : 0;
    m_marks.push_back(Mark{QDateTime::currentMSecsSinceEpoch(), contents->lastSeq, lastAttempt});
    if (!query.exec(QStringLiteral("SELECT consumer, seq FROM positions")))
        return Status::failure(sqlError(query));
    quint64 lowest = contents->lastSeq;
    while (query.next()) {
        const quint64 seq = quint64(query.value(1).toLongLong());
        contents->positions.insert(query.value(0).toString(), seq);
        lowest = std::min(lowest, seq);
    }
    if (contents->positions.isEmpty())
        return Status::success();
    // What waits is counted, not read: one pass over the rowid range and each row's header
    // (length() of a blob does not read it).
    query.prepare(
        QStringLiteral("SELECT COUNT(*), IFNULL(SUM(length(body)), 0) FROM events WHERE seq > ?"));
    query.addBindValue(qint64(lowest));
    if (!query.exec() || !query.next())
        return Status::failure(sqlError(query));
    contents->pendingEvents = query.value(0).toLongLong();
    contents->pendingBytes = query.value(1).toLongLong();
    return Status::success();
}

void SpoolWriter::handOver(const std::function<void(Work &)> &change, Urgency urgency) {
    bool wake = false;
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        // The writer sleeps until work comes, then lets history gather: waking it for every
        // delivery would cost a thread switch per event.
        wake = m_pending.empty() || (urgency == Urgency::Now && !m_urgent);
        const bool hadHistory = m_pending.hasHistory();
        change(m_pending);
        m_urgent = m_urgent || urgency == Urgency::Now;
        if (!hadHistory && m_pending.hasHistory())
            m_historySince = std::chrono::steady_clock::now();
        ++m_handedOver;
    }
    if (wake)
        m_wake.notify_one();
}

void SpoolWriter::insert(const QueuedEventBatch &events, quint64 lastSeq) {
    handOver(
        [&](Work &work) {
            work.events.insert(work.events.end(), events.begin(), events.end());
            work.lastSeq = std::max(work.lastSeq, lastSeq);
        },
        Urgency::Now);
}

void SpoolWriter::setPosition(const QString &consumer, quint64 seq) {
    // Only the newest position per consumer matters: positions advance per group, not per row.
    handOver(
        [&](Work &work) {
            work.removedConsumers.removeAll(consumer);
            work.positions.insert(consumer, seq);
        },
        Urgency::Soon);
}

void SpoolWriter::removeConsumer(const QString &consumer) {
    handOver(
        [&](Work &work) {
            work.positions.remove(consumer);
            work.removedConsumers.append(consumer);
        },
        Urgency::Now);
}

void SpoolWriter::deliveredUpTo(quint64 seq) {
    handOver([&](Work &work) { work.deliveredUpTo = std::max(work.deliveredUpTo, seq); },
             Urgency::Soon);
}

void SpoolWriter::recordAttempt(const DeliveryAttempt &attempt) {
    handOver([&](Work &work) { work.attempts.push_back(attempt); }, Urgency::Soon);
}

void SpoolWriter::addDeadLetter(const QString &webhook, const QueuedEvent &event,
                                const QString &why, qint64 atMs) {
    handOver(
        [&](Work &work) {
            work.deadLetters.push_back(DeadLetter{webhook, event, why, atMs});
        },
        Urgency::Soon);
}

void SpoolWriter::addStoredDeadLetter(const QString &webhook, quint64 seq, const QString &why,
                                      qint64 atMs) {
    handOver(
        [&](Work &work) {
            if (!work.deadLetterRanges.empty()) {
                DeadLetterRange &last = work.deadLetterRanges.back();
                if (last.last + 1 == seq && last.webhook == webhook && last.why == why) {
                    last.last = seq;
                    return;
                }
            }
            work.deadLetterRanges.push_back(DeadLetterRange{webhook, seq, seq, why, atMs});
        },
        Urgency::Soon);
}

void SpoolWriter::removeDeadLetters(const QString &webhook, const QList<quint64> &seqs) {
    handOver(
        [&](Work &work) {
            for (const quint64 seq : seqs)
                work.revived.append({webhook, seq});
        },
        Urgency::Now);
}

SpoolWriter::Work SpoolWriter::takeUrgent() {
    Work work;
    std::swap(work.events, m_pending.events);
    std::swap(work.removedConsumers, m_pending.removedConsumers);
    std::swap(work.revived, m_pending.revived);
    work.lastSeq = std::exchange(m_pending.lastSeq, 0);
    return work;
}

void SpoolWriter::putBack(Work work) {
    if (!m_pending.hasHistory() && work.hasHistory())
        m_historySince = std::chrono::steady_clock::now();
    // What arrived while the commit failed is newer: it wins where the two disagree.
    work.events.insert(work.events.end(), std::make_move_iterator(m_pending.events.begin()),
                       std::make_move_iterator(m_pending.events.end()));
    m_pending.events = std::move(work.events);
    for (auto it = work.positions.cbegin(); it != work.positions.cend(); ++it) {
        if (!m_pending.positions.contains(it.key()) &&
            !m_pending.removedConsumers.contains(it.key()))
            m_pending.positions.insert(it.key(), it.value());
    }
    for (const QString &consumer : std::as_const(work.removedConsumers)) {
        if (!m_pending.positions.contains(consumer) &&
            !m_pending.removedConsumers.contains(consumer))
            m_pending.removedConsumers.append(consumer);
    }
    m_pending.lastSeq = std::max(m_pending.lastSeq, work.lastSeq);
    m_pending.deliveredUpTo = std::max(m_pending.deliveredUpTo, work.deliveredUpTo);
    work.attempts.insert(work.attempts.end(), m_pending.attempts.begin(), m_pending.attempts.end());
    m_pending.attempts = std::move(work.attempts);
    work.deadLetters.insert(work.deadLetters.end(), m_pending.deadLetters.begin(),
                            m_pending.deadLetters.end());
    m_pending.deadLetters = std::move(work.deadLetters);
    work.deadLetterRanges.insert(work.deadLetterRanges.end(), m_pending.deadLetterRanges.begin(),
                                 m_pending.deadLetterRanges.end());
    m_pending.deadLetterRanges = std::move(work.deadLetterRanges);
    m_pending.revived = work.revived + m_pending.revived;
}

quint64 SpoolWriter::handedOver() {
    const std::lock_guard<std::mutex> lock(m_mutex);
    return m_handedOver;
}

bool SpoolWriter::flush(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(m_mutex);
    const quint64 target = m_handedOver;
    m_urgent = true;
    m_flushWanted = true;
    m_wake.notify_one();
    return m_done.wait_for(lock, timeout, [&] { return m_committed >= target; });
}

void SpoolWriter::run() {
    for (;;) {
        Work work;
        std::optional<quint64> generation; // set when the commit takes everything handed over
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_wake.wait(lock, [&] { return m_stopping || !m_pending.empty(); });
            if (m_pending.empty() && m_stopping)
                return;
            // Received events are committed at once (the durability window); positions and
            // history wait a moment for more to join them. A crash in between sends a few
            // delivered events again, which at-least-once delivery allows.
            const auto historyDue = m_historySince + kHistoryGatherTime;
            m_wake.wait_until(lock, historyDue, [&] { return m_stopping || m_urgent; });
            m_wake.wait_until(lock, m_lastCommitStart + kDenseCommitSpacing,
                              [&] { return m_stopping || m_flushWanted; });
            m_urgent = false;
            if (!m_pending.hasHistory() || m_stopping || m_flushWanted ||
                std::chrono::steady_clock::now() >= historyDue) {
                std::swap(work, m_pending);
                generation = m_handedOver;
            } else {
                // History not yet due stays behind: a commit of received events alone writes
                // two pages (the events' last and the last seq), not the attempts, their index
                // and the positions as well. At 1,000 events/s: 9,650 -> 5,400 bytes written per
                // event (decision 007).
                work = takeUrgent();
            }
            m_flushWanted = false;
        }
        m_lastCommitStart = std::chrono::steady_clock::now();
        if (const Status done = commit(work); !done) {
            qint64 suppressed = 0;
            if (m_failureLog.admit(&suppressed))
                qCCritical(lcDaemon).noquote()
                    << QStringLiteral("spool commit failed (%1 events waiting, retrying): %2")
                           .arg(work.events.size())
                           .arg(done.error());
            std::unique_lock<std::mutex> lock(m_mutex);
            // Keep the work and try again: an event that cannot be written must not vanish.
            putBack(std::move(work));
            if (m_stopping) {
                if (!m_pending.events.empty())
                    qCCritical(lcDaemon).noquote()
                        << QStringLiteral("stopping with %1 received events not written to the "
                                          "spool: they are lost")
                               .arg(m_pending.events.size());
                else
                    qCWarning(lcDaemon).noquote() << QStringLiteral(
                        "stopping with delivery history not written to the spool");
                return;
            }
            m_wake.wait_for(lock, std::chrono::milliseconds(200), [this] { return m_stopping; });
            continue;
        }
        // After the commit: readers on other connections see every event up to it now.
        m_lastSeqCommitted = std::max(m_lastSeqCommitted.load(), work.lastSeq);
        m_delivered = std::max(m_delivered, work.deliveredUpTo);
        maintainHistory();
        // Before flush() returns: what it waited for is then also within the budget. Only this
        // thread writes m_committed, so it reads it without the lock.
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        m_budget.enforce(db, m_delivered, generation.value_or(m_committed), generation.has_value());
        {
            const std::lock_guard<std::mutex> lock(m_mutex);
            if (generation)
                m_committed = *generation;
        }
        m_done.notify_all();
    }
}

Result<SqliteStatement *> SpoolWriter::hotStatement(std::unique_ptr<SqliteStatement> &slot,
                                                    const QSqlDatabase &db, const char *sql) {
    if (!slot) {
        auto prepared = SqliteStatement::prepare(db, sql);
        if (!prepared)
            return Result<SqliteStatement *>::failure(prepared.error());
        slot = std::move(prepared).value();
    }
    return slot.get();
}

Status SpoolWriter::commit(const Work &work) {
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.transaction())
        return Status::failure(db.lastError().text());
    const auto rollback = [&db](const QString &why) {
        db.rollback();
        return Status::failure(why);
    };
    if (!work.events.empty()) {
        auto insert = hotStatement(m_insertEvent, db, SpoolSchema::kInsertEvent);
        if (!insert)
            return rollback(insert.error());
        for (const QueuedEvent &event : work.events) {
            (*insert)->bind(1, qint64(event.seq));
            (*insert)->bindBlob(2, event.id);
            (*insert)->bindText(3, event.type);
            (*insert)->bind(4, event.timestamp);
            (*insert)->bindBlob(5, event.body);
            (*insert)->bind(6, event.receivedMs);
            (*insert)->bindText(7, event.target);
            if (const Status done = (*insert)->run(); !done)
                return rollback(done.error());
        }
    }
    QSqlQuery query(db);
    for (const QString &consumer : work.removedConsumers) {
        query.prepare(QStringLiteral("DELETE FROM positions WHERE consumer = ?"));
        query.addBindValue(consumer);
        if (!query.exec())
            return rollback(sqlError(query));
    }
    // Positions and the last seq are written by nearly every commit: prepared once too (SQL
    // parsing was a sixth of the writer's CPU at 1,000 events/s).
    if (!work.positions.isEmpty()) {
        auto upsert = hotStatement(
            m_upsertPosition, db, "INSERT OR REPLACE INTO positions (consumer, seq) VALUES (?, ?)");
        if (!upsert)
            return rollback(upsert.error());
        for (auto it = work.positions.cbegin(); it != work.positions.cend(); ++it) {
            (*upsert)->bindText(1, it.key());
            (*upsert)->bind(2, qint64(it.value()));
            if (const Status done = (*upsert)->run(); !done)
                return rollback(done.error());
        }
    }
    if (work.lastSeq > 0) {
        auto setLastSeq = hotStatement(
            m_setLastSeq, db, "INSERT OR REPLACE INTO meta (key, value) VALUES ('last_seq', ?)");
        if (!setLastSeq)
            return rollback(setLastSeq.error());
        (*setLastSeq)->bind(1, qint64(work.lastSeq));
        if (const Status done = (*setLastSeq)->run(); !done)
            return rollback(done.error());
    }
    if (!work.attempts.empty()) {
        auto insert = hotStatement(m_insertAttempt, db,
                                   "INSERT INTO attempts (at_ms, webhook, event_id, type, "
                                   "status, latency_ms, error) VALUES (?, ?, ?, ?, ?, ?, ?)");
        if (!insert)
            return rollback(insert.error());
        for (const DeliveryAttempt &attempt : work.attempts) {
            (*insert)->bind(1, attempt.atMs);
            (*insert)->bindText(2, attempt.webhook);
            (*insert)->bindBlob(3, attempt.eventId);
            (*insert)->bindText(4, attempt.type);
            (*insert)->bind(5, attempt.status);
            (*insert)->bind(6, attempt.latencyMs);
            (*insert)->bindText(7, attempt.error);
            if (const Status done = (*insert)->run(); !done)
                return rollback(done.error());
        }
    }
    for (const DeadLetter &dead : work.deadLetters) {
        query.prepare(QStringLiteral(
            "INSERT OR REPLACE INTO dead_letters (webhook, seq, id, type, ts, body, received_ms, "
            "died_ms, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        for (const QVariant &value :
             {QVariant(dead.webhook), QVariant(qint64(dead.event.seq)), QVariant(dead.event.id),
              QVariant(dead.event.type), QVariant(dead.event.timestamp), QVariant(dead.event.body),
              QVariant(dead.event.receivedMs), QVariant(dead.atMs), text(dead.why)})
            query.addBindValue(value);
        if (!query.exec())
            return rollback(sqlError(query));
    }
    for (const DeadLetterRange &range : work.deadLetterRanges) {
        // An event from a spool that kept no arrival times counts as arrived when it died.
        query.prepare(QStringLiteral(
            "INSERT OR REPLACE INTO dead_letters (webhook, seq, id, type, ts, body, received_ms, "
            "died_ms, error) SELECT ?, seq, id, type, ts, body, "
            "CASE received_ms WHEN 0 THEN ? ELSE received_ms END, ?, ? FROM events "
            "WHERE seq BETWEEN ? AND ?"));
        for (const QVariant &value :
             {QVariant(range.webhook), QVariant(range.atMs), QVariant(range.atMs), text(range.why),
              QVariant(qint64(range.first)), QVariant(qint64(range.last))})
            query.addBindValue(value);
        if (!query.exec())
            return rollback(sqlError(query));
    }
    for (const auto &[webhook, seq] : work.revived) {
        query.prepare(QStringLiteral("DELETE FROM dead_letters WHERE webhook = ? AND seq = ?"));
        query.addBindValue(webhook);
        query.addBindValue(qint64(seq));
        if (!query.exec())
            return rollback(sqlError(query));
    }
    if (!db.commit())
        return rollback(db.lastError().text());
    return Status::success();
}

void SpoolWriter::maintainHistory() {
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 retention = m_retentionMs.load();
    // A mark every 1/16 of the retention (at most a minute apart) bounds how long past its
    // retention an entry can stay.
    const qint64 interval = std::clamp<qint64>(retention / 16, 10, 60'000);
    if (now - m_lastMaintenanceMs < interval)
        return;
    m_lastMaintenanceMs = now;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT MAX(id) FROM attempts")))
        return;
    const qint64 lastAttempt = query.next() ? query.value(0).toLongLong() : 0;
    m_marks.push_back(Mark{now, m_lastSeqCommitted.load(), lastAttempt});

    const qint64 cutoff = now - retention;
    std::optional<Mark> expired;
    while (!m_marks.empty() && m_marks.front().atMs < cutoff) {
        expired = m_marks.front();
        m_marks.pop_front();
    }
    if (!expired)
        return;
    // Events still waiting for some webhook stay, however old.
    const quint64 eventsUpTo = std::min(expired->lastSeq, m_delivered);
    const auto prune = [&](const QString &statement, const QVariant &bound) {
        query.prepare(statement);
        query.addBindValue(bound);
        if (!query.exec())
            qCWarning(lcDaemon).noquote()
                << QStringLiteral("pruning the delivery history: %1").arg(sqlError(query));
    };
    prune(QStringLiteral("DELETE FROM events WHERE seq <= ?"), qint64(eventsUpTo));
    prune(QStringLiteral("DELETE FROM attempts WHERE id <= ?"), expired->lastAttempt);
    prune(QStringLiteral("DELETE FROM dead_letters WHERE died_ms < ?"), cutoff);
}

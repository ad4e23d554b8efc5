#include "spoolwriter.h"

#include "logsink.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <future>

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
    QSqlDatabase::removeDatabase(m_connection);
}

Status SpoolWriter::openOnThread(Contents *contents) {
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(m_path);
    // Waiting long on a lock only delays the retry loop, which keeps the work anyway.
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=1000"));
    if (!db.open())
        return Status::failure(db.lastError().text());
    for (const char *statement :
         {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
          "CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, id BLOB NOT NULL, "
          "type TEXT NOT NULL, ts INTEGER NOT NULL, body BLOB NOT NULL)",
          "CREATE TABLE IF NOT EXISTS positions (consumer TEXT PRIMARY KEY, seq INTEGER NOT NULL)",
          "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)"}) {
        if (const Status done = exec(db, QString::fromLatin1(statement)); !done)
            return done;
    }
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'last_seq'")))
        return Status::failure(sqlError(query));
    if (query.next())
        contents->lastSeq = quint64(query.value(0).toLongLong());
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
    query.setForwardOnly(true);
    query.prepare(
        QStringLiteral("SELECT seq, id, type, ts, body FROM events WHERE seq > ? ORDER BY seq"));
    query.addBindValue(qint64(lowest));
    if (!query.exec())
        return Status::failure(sqlError(query));
    while (query.next()) {
        QueuedEvent event;
        event.seq = quint64(query.value(0).toLongLong());
        event.id = query.value(1).toByteArray();
        event.type = query.value(2).toString();
        event.timestamp = query.value(3).toLongLong();
        event.body = query.value(4).toByteArray();
        contents->events.push_back(std::move(event));
    }
    return Status::success();
}

void SpoolWriter::handOver(const std::function<void(Work &)> &change) {
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        change(m_pending);
        ++m_handedOver;
    }
    m_wake.notify_one();
}

void SpoolWriter::insert(const QueuedEventBatch &events, quint64 lastSeq) {
    handOver([&](Work &work) {
        work.events.insert(work.events.end(), events.begin(), events.end());
        work.lastSeq = std::max(work.lastSeq, lastSeq);
    });
}

void SpoolWriter::setPosition(const QString &consumer, quint64 seq) {
    // Only the newest position per consumer matters: positions advance per group, not per row.
    handOver([&](Work &work) {
        work.removedConsumers.removeAll(consumer);
        work.positions.insert(consumer, seq);
    });
}

void SpoolWriter::removeConsumer(const QString &consumer) {
    handOver([&](Work &work) {
        work.positions.remove(consumer);
        work.removedConsumers.append(consumer);
    });
}

void SpoolWriter::forgetUpTo(quint64 seq) {
    handOver([&](Work &work) { work.forgetUpTo = std::max(work.forgetUpTo, seq); });
}

void SpoolWriter::putBack(Work work) {
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
    m_pending.forgetUpTo = std::max(m_pending.forgetUpTo, work.forgetUpTo);
}

bool SpoolWriter::flush(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(m_mutex);
    const quint64 target = m_handedOver;
    m_wake.notify_one();
    return m_done.wait_for(lock, timeout, [&] { return m_committed >= target; });
}

void SpoolWriter::run() {
    for (;;) {
        Work work;
        quint64 generation = 0;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_wake.wait(lock, [&] { return m_stopping || !m_pending.empty(); });
            if (m_pending.empty() && m_stopping)
                return;
            std::swap(work, m_pending);
            generation = m_handedOver;
        }
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
                qCCritical(lcDaemon).noquote()
                    << QStringLiteral("stopping with %1 received events not written to the spool: "
                                      "they are lost")
                           .arg(m_pending.events.size());
                return;
            }
            m_wake.wait_for(lock, std::chrono::milliseconds(200), [this] { return m_stopping; });
            continue;
        }
        {
            const std::lock_guard<std::mutex> lock(m_mutex);
            m_committed = generation;
        }
        m_done.notify_all();
    }
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
        QSqlQuery insert(db);
        insert.prepare(QStringLiteral(
            "INSERT OR REPLACE INTO events (seq, id, type, ts, body) VALUES (?, ?, ?, ?, ?)"));
        for (const QueuedEvent &event : work.events) {
            insert.addBindValue(qint64(event.seq));
            insert.addBindValue(event.id);
            insert.addBindValue(event.type);
            insert.addBindValue(event.timestamp);
            insert.addBindValue(event.body);
            if (!insert.exec())
                return rollback(sqlError(insert));
        }
    }
    QSqlQuery query(db);
    for (const QString &consumer : work.removedConsumers) {
        query.prepare(QStringLiteral("DELETE FROM positions WHERE consumer = ?"));
        query.addBindValue(consumer);
        if (!query.exec())
            return rollback(sqlError(query));
    }
    for (auto it = work.positions.cbegin(); it != work.positions.cend(); ++it) {
        query.prepare(
            QStringLiteral("INSERT OR REPLACE INTO positions (consumer, seq) VALUES (?, ?)"));
        query.addBindValue(it.key());
        query.addBindValue(qint64(it.value()));
        if (!query.exec())
            return rollback(sqlError(query));
    }
    if (work.lastSeq > 0) {
        query.prepare(
            QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES ('last_seq', ?)"));
        query.addBindValue(qint64(work.lastSeq));
        if (!query.exec())
            return rollback(sqlError(query));
    }
    if (work.forgetUpTo > 0) {
        query.prepare(QStringLiteral("DELETE FROM events WHERE seq <= ?"));
        query.addBindValue(qint64(work.forgetUpTo));
        if (!query.exec())
            return rollback(sqlError(query));
    }
    if (!db.commit())
        return rollback(db.lastError().text());
    return Status::success();
}

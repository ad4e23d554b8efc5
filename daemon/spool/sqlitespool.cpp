// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "sqlitespool.h"

#include "privatefiles.h"
#include "spoolwriter.h"

#include <QDateTime>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

Result<std::unique_ptr<SqliteSpool>> SqliteSpool::open(const QString &path, QByteArray idPrefix,
                                                       SpoolBacklog::Limits window) {
    // Made 0600 here, not by SQLite (0644 less the umask): its -wal and -shm files copy the
    // database's mode, and an empty file is an empty database.
    if (const Status created = PrivateFiles::createFile(path); !created)
        return Result<std::unique_ptr<SqliteSpool>>::failure(
            QStringLiteral("cannot open the spool: %1").arg(created.error()));
    SpoolWriter::Contents contents;
    auto writer = SpoolWriter::open(path, &contents);
    if (!writer)
        return Result<std::unique_ptr<SqliteSpool>>::failure(writer.error());
    std::unique_ptr<SqliteSpool> spool(
        new SqliteSpool(path, std::move(idPrefix), window, std::move(writer).value()));
    spool->m_backlog.restore(contents.positions, contents.lastSeq,
                             {contents.pendingEvents, contents.pendingBytes});
    return Result<std::unique_ptr<SqliteSpool>>(std::move(spool));
}

SqliteSpool::SqliteSpool(const QString &path, QByteArray idPrefix, SpoolBacklog::Limits window,
                         std::unique_ptr<SpoolWriter> writer)
    : m_reader(path, QDateTime::currentMSecsSinceEpoch())
    , m_backlog(std::move(idPrefix), window,
                SpoolPageCache::Source{
                    [this](quint64 after, quint64 upTo, int maxEvents, qint64 maxBytes) {
                        return m_reader.read(after, upTo, maxEvents, maxBytes);
                    },
                    [this](quint64 after, quint64 upTo) {
                        return m_reader.totals(after, upTo);
                    }},
                [this] { return m_writer->committedSeq(); })
    , m_writer(std::move(writer)) {
}

// The writer commits what is pending before it stops; the reader's connection closes after.
SqliteSpool::~SqliteSpool() = default;

void SqliteSpool::append(QueuedEventBatch &events) {
    m_backlog.append(events);
    // With no consumer nobody wants the events: only the seq counter is kept.
    if (m_backlog.consumers().isEmpty()) {
        m_writer->insert({}, m_backlog.lastSeq());
        return;
    }
    m_writer->insert(events, m_backlog.lastSeq());
}

QueuedEventBatch SqliteSpool::readAfter(quint64 position, int max) const {
    return m_backlog.readAfter(position, max);
}

void SqliteSpool::addConsumer(const QString &consumer, quint64 position) {
    m_backlog.addConsumer(consumer, position);
    m_writer->setPosition(consumer, position);
}

void SqliteSpool::removeConsumer(const QString &consumer) {
    m_backlog.removeConsumer(consumer);
    m_writer->removeConsumer(consumer);
    forgetDelivered();
}

quint64 SqliteSpool::position(const QString &consumer) const {
    return m_backlog.position(consumer);
}

bool SqliteSpool::hasConsumer(const QString &consumer) const {
    return m_backlog.hasConsumer(consumer);
}

QStringList SqliteSpool::consumers() const {
    return m_backlog.consumers();
}

void SqliteSpool::acknowledge(const QString &consumer, quint64 seq) {
    const quint64 before = m_backlog.position(consumer);
    m_backlog.acknowledge(consumer, seq);
    if (m_backlog.position(consumer) != before)
        m_writer->setPosition(consumer, m_backlog.position(consumer));
    forgetDelivered();
}

void SqliteSpool::forgetDelivered() {
    // What the backlog has counted off: the writer may prune it as history from then on.
    const quint64 delivered = m_backlog.forgotten();
    if (delivered > m_forgotten) {
        m_forgotten = delivered;
        m_writer->deliveredUpTo(delivered);
    }
}

bool SqliteSpool::flush(std::chrono::milliseconds timeout) {
    return m_writer->flush(timeout);
}

void SqliteSpool::recordAttempt(const DeliveryAttempt &attempt) {
    m_writer->recordAttempt(attempt);
}

void SqliteSpool::deadLetter(const QString &webhook, const QueuedEvent &event, const QString &why) {
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    // An event still waiting and already committed is in the database: a backlog given up at
    // once then waits for its commit as a few seq ranges, not as a copy of every event.
    if (event.seq > m_backlog.forgotten() && event.seq <= m_writer->committedSeq()) {
        m_writer->addStoredDeadLetter(webhook, event.seq, why, now);
        return;
    }
    m_writer->addDeadLetter(webhook, event, why, now);
}

void SqliteSpool::setRetention(std::chrono::milliseconds retention) {
    m_writer->setRetention(retention);
}

void SqliteSpool::setDiskLimit(qint64 bytes) {
    m_writer->setBudget(bytes);
}

SpoolBudget::State SqliteSpool::diskBudget() const {
    return m_writer->budget();
}

quint64 SqliteSpool::handedOver() const {
    return m_writer->handedOver();
}

Result<QSqlDatabase> SqliteSpool::reader() {
    // What was handed to the writer a moment ago is asked about next (a dead letter, the
    // attempt that just failed): wait for it to be committed.
    m_writer->flush(std::chrono::seconds(5));
    return m_reader.database();
}

Result<QList<DeliveryAttempt>> SqliteSpool::attempts(const QString &webhook, bool failedOnly,
                                                     int limit) {
    using R = Result<QList<DeliveryAttempt>>;
    auto db = reader();
    if (!db)
        return R::failure(db.error());
    QString sql = QStringLiteral("SELECT at_ms, webhook, event_id, type, status, latency_ms, "
                                 "error FROM attempts WHERE 1");
    if (!webhook.isEmpty())
        sql += QStringLiteral(" AND webhook = :webhook");
    if (failedOnly)
        sql += QStringLiteral(" AND error != ''");
    sql += QStringLiteral(" ORDER BY id DESC LIMIT :limit");
    QSqlQuery query(*db);
    query.setForwardOnly(true);
    query.prepare(sql);
    if (!webhook.isEmpty())
        query.bindValue(QStringLiteral(":webhook"), webhook);
    query.bindValue(QStringLiteral(":limit"), limit);
    if (!query.exec())
        return R::failure(
            QStringLiteral("reading the delivery history: %1").arg(query.lastError().text()));
    QList<DeliveryAttempt> result;
    while (query.next())
        result.append(DeliveryAttempt{query.value(0).toLongLong(), query.value(1).toString(),
                                      query.value(2).toByteArray(), query.value(3).toString(),
                                      query.value(4).toInt(), query.value(5).toLongLong(),
                                      query.value(6).toString()});
    return result;
}

Result<int> SqliteSpool::replay(const QString &webhook, qint64 sinceMs, bool dead,
                                const QByteArray &eventId, qint64 maxBytes, bool *partial) {
    auto db = reader();
    if (!db)
        return Result<int>::failure(db.error());
    QSqlQuery query(*db);
    query.setForwardOnly(true);
    if (dead) {
        query.prepare(QStringLiteral("SELECT seq, id, type, ts, body FROM dead_letters WHERE "
                                     "webhook = ? AND received_ms >= ? AND (? = '' OR id = ?) "
                                     "ORDER BY seq"));
        query.addBindValue(webhook);
    } else {
        // A replay is for the webhook it was made for; the events of everyone are for all.
        query.prepare(QStringLiteral("SELECT seq, id, type, ts, body FROM events WHERE "
                                     "(target = '' OR target = ?) AND received_ms >= ? "
                                     "AND (? = '' OR id = ?) ORDER BY seq"));
        query.addBindValue(webhook);
    }
    query.addBindValue(sinceMs);
    // One event: its first copy only (a replay of it is another row with the same id).
    const QByteArray id = eventId.isNull() ? QByteArray("") : eventId;
    query.addBindValue(QString::fromLatin1(id)); // text: '' means every event
    query.addBindValue(id);                      // a blob, as the id column holds it
    if (!query.exec())
        return Result<int>::failure(
            QStringLiteral("reading the spool for the replay: %1").arg(query.lastError().text()));
    QueuedEventBatch events;
    QList<quint64> revived;
    QSet<QByteArray> seen;
    qint64 bytes = 0;
    *partial = false;
    while (query.next()) {
        // Earlier replays are rows of the same events: each event once.
        if (seen.contains(query.value(1).toByteArray()))
            continue;
        if (pendingBytes() + bytes + query.value(4).toByteArray().size() > maxBytes) {
            *partial = true;
            break;
        }
        seen.insert(query.value(1).toByteArray());
        QueuedEvent event;
        revived.append(quint64(query.value(0).toLongLong()));
        event.id = query.value(1).toByteArray();
        event.type = query.value(2).toString();
        event.timestamp = query.value(3).toLongLong();
        event.body = query.value(4).toByteArray();
        event.target = webhook;
        bytes += event.body.size();
        events.push_back(std::move(event));
    }
    query.finish();
    if (events.empty())
        return 0;
    append(events);
    if (dead)
        m_writer->removeDeadLetters(webhook, revived);
    return int(events.size());
}

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "spooleventreader.h"

#include "spoolschema.h"
#include "sqlitestatement.h"

#include <QSqlError>
#include <QUuid>

namespace {

// Types are a fixed table's names; a spool edited by hand could hold any number of others.
constexpr qsizetype kMaxSharedTypes = 1024;

} // namespace

SpoolEventReader::SpoolEventReader(QString path, qint64 unknownArrivalMs)
    : m_path(std::move(path))
    , m_connection(QStringLiteral("spool-read-") +
                   QUuid::createUuid().toString(QUuid::WithoutBraces))
    , m_unknownArrivalMs(unknownArrivalMs) {
}

SpoolEventReader::~SpoolEventReader() {
    // Statements are finalized before their connection closes.
    m_read.reset();
    m_totals.reset();
    if (QSqlDatabase::contains(m_connection)) {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
}

Result<QSqlDatabase> SpoolEventReader::database() {
    if (QSqlDatabase::contains(m_connection))
        return QSqlDatabase::database(m_connection);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000;QSQLITE_OPEN_READONLY"));
    if (!db.open())
        return Result<QSqlDatabase>::failure(
            QStringLiteral("cannot read the spool: %1").arg(db.lastError().text()));
    return db;
}

QString SpoolEventReader::shared(const QString &type) {
    const auto known = m_types.constFind(type);
    if (known != m_types.constEnd())
        return *known;
    if (m_types.size() >= kMaxSharedTypes)
        m_types.clear();
    m_types.insert(type);
    return type;
}

Result<QueuedEventBatch> SpoolEventReader::read(quint64 after, quint64 upTo, int maxEvents,
                                                qint64 maxBytes) {
    using R = Result<QueuedEventBatch>;
    if (!m_read) {
        auto db = database();
        if (!db)
            return R::failure(db.error());
        const QByteArray sql = QByteArrayLiteral("SELECT ") + SpoolSchema::kEventColumns +
                               " FROM events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?";
        auto prepared = SqliteStatement::prepare(*db, sql.constData());
        if (!prepared)
            return R::failure(QStringLiteral("reading the spool: %1").arg(prepared.error()));
        m_read = std::move(prepared).value();
    }
    m_read->bind(1, qint64(after));
    m_read->bind(2, qint64(upTo));
    m_read->bind(3, maxEvents);
    QueuedEventBatch events;
    qint64 bytes = 0;
    for (;;) {
        const Result<bool> row = m_read->next();
        if (!row)
            return R::failure(QStringLiteral("reading the spool: %1").arg(row.error()));
        if (!*row)
            break;
        QueuedEvent event;
        event.seq = quint64(m_read->columnInt64(0));
        event.id = m_read->columnBlob(1);
        event.type = shared(m_read->columnText(2));
        event.timestamp = m_read->columnInt64(3);
        event.body = m_read->columnBlob(4);
        event.receivedMs = m_read->columnInt64(5);
        if (event.receivedMs == 0)
            event.receivedMs = m_unknownArrivalMs;
        event.target = m_read->columnText(6);
        bytes += event.body.size();
        events.push_back(std::move(event));
        if (bytes >= maxBytes) {
            m_read->reset();
            break;
        }
    }
    return events;
}

Result<SpoolEventReader::Totals> SpoolEventReader::totals(quint64 after, quint64 upTo) {
    using R = Result<Totals>;
    if (!m_totals) {
        auto db = database();
        if (!db)
            return R::failure(db.error());
        // length() of a blob reads its size from the row's header, not the blob.
        auto prepared = SqliteStatement::prepare(
            *db, "SELECT COUNT(*), IFNULL(SUM(length(body)), 0) FROM events "
                 "WHERE seq > ? AND seq <= ?");
        if (!prepared)
            return R::failure(QStringLiteral("reading the spool: %1").arg(prepared.error()));
        m_totals = std::move(prepared).value();
    }
    m_totals->bind(1, qint64(after));
    m_totals->bind(2, qint64(upTo));
    const Result<bool> row = m_totals->next();
    if (!row)
        return R::failure(QStringLiteral("reading the spool: %1").arg(row.error()));
    Totals totals;
    if (*row) {
        totals.events = m_totals->columnInt64(0);
        totals.bytes = m_totals->columnInt64(1);
        m_totals->reset();
    }
    return totals;
}

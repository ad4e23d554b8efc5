// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "sqlitestatement.h"

#include <QSqlDriver>
#include <QVariant>

#include <sqlite3.h>

Result<std::unique_ptr<SqliteStatement>> SqliteStatement::prepare(const QSqlDatabase &db,
                                                                  const char *sql) {
    using R = Result<std::unique_ptr<SqliteStatement>>;
    // Qt's SQLite driver hands out its sqlite3* as a QVariant named "sqlite3*".
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return R::failure(QStringLiteral("the spool connection is not an open SQLite database"));
    sqlite3 *connection = *static_cast<sqlite3 *const *>(handle.constData());
    if (!connection)
        return R::failure(QStringLiteral("the spool connection is closed"));
    sqlite3_stmt *statement = nullptr;
    if (sqlite3_prepare_v3(connection, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr) !=
        SQLITE_OK)
        return R::failure(QString::fromUtf8(sqlite3_errmsg(connection)));
    return R(std::unique_ptr<SqliteStatement>(new SqliteStatement(connection, statement)));
}

SqliteStatement::SqliteStatement(sqlite3 *db, sqlite3_stmt *statement)
    : m_db(db)
    , m_statement(statement)
    , m_utf8(size_t(sqlite3_bind_parameter_count(statement)) + 1) {
}

SqliteStatement::~SqliteStatement() {
    sqlite3_finalize(m_statement);
}

void SqliteStatement::bind(int position, qint64 value) {
    sqlite3_bind_int64(m_statement, position, value);
}

void SqliteStatement::bindText(int position, const QString &value) {
    QByteArray &utf8 = m_utf8.at(size_t(position));
    utf8 = value.toUtf8();
    sqlite3_bind_text(m_statement, position, utf8.isNull() ? "" : utf8.constData(),
                      int(utf8.size()), SQLITE_STATIC);
}

void SqliteStatement::bindBlob(int position, const QByteArray &value) {
    // SQLITE_STATIC: the caller's array outlives run(); a zero-length blob is '' not NULL.
    sqlite3_bind_blob(m_statement, position, value.isNull() ? "" : value.constData(),
                      int(value.size()), SQLITE_STATIC);
}

Status SqliteStatement::run() {
    const int done = sqlite3_step(m_statement);
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
    if (done != SQLITE_DONE)
        return Status::failure(QString::fromUtf8(sqlite3_errmsg(m_db)));
    return Status::success();
}

Result<bool> SqliteStatement::next() {
    const int stepped = sqlite3_step(m_statement);
    if (stepped == SQLITE_ROW)
        return true;
    reset();
    if (stepped != SQLITE_DONE)
        return Result<bool>::failure(QString::fromUtf8(sqlite3_errmsg(m_db)));
    return false;
}

void SqliteStatement::reset() {
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
}

qint64 SqliteStatement::columnInt64(int column) const {
    return sqlite3_column_int64(m_statement, column);
}

QByteArray SqliteStatement::columnBlob(int column) const {
    // The pointer first, then the size: that is the order SQLite documents as safe.
    const auto *data = static_cast<const char *>(sqlite3_column_blob(m_statement, column));
    return QByteArray(data, sqlite3_column_bytes(m_statement, column));
}

QString SqliteStatement::columnText(int column) const {
    const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
    return QString::fromUtf8(data, sqlite3_column_bytes(m_statement, column));
}

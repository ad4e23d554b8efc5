// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "result.h"

#include <QByteArray>
#include <QSqlDatabase>
#include <QString>

#include <memory>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

// One prepared SQLite statement on a Qt SQL connection's own handle, for the spool's hot
// inserts and the reads of the backlog: binding through QSqlQuery costs about 2,000
// instructions per value (QVariant copies, placeholder bookkeeping), sqlite3_bind a few dozen,
// and reading a column through it as much again. Everything else in the spool stays on
// QSqlQuery. Prepared once, reused for every row; finalized before the connection closes (the
// owner destroys it first).
class SqliteStatement {
public:
    static Result<std::unique_ptr<SqliteStatement>> prepare(const QSqlDatabase &db,
                                                            const char *sql);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    // Positions count from 1, as in SQLite. Text is bound as UTF-8; a null QString or
    // QByteArray binds as '' (the columns are NOT NULL and mean "none" by '').
    void bind(int position, qint64 value);
    void bindText(int position, const QString &value);
    void bindBlob(int position, const QByteArray &value);
    // Runs the statement with what is bound, then clears it for the next row.
    Status run();

    // A query: steps to its next row. True with a row to read (columns count from 0), false
    // once there is none; either way but true, the statement is reset for the next use, which
    // ends its read of the database (a reader holding it open would keep the WAL growing).
    Result<bool> next();
    // Stops a query before its last row, and clears what was bound.
    void reset();
    qint64 columnInt64(int column) const;
    QByteArray columnBlob(int column) const;
    QString columnText(int column) const;

private:
    SqliteStatement(sqlite3 *db, sqlite3_stmt *statement);
    sqlite3 *m_db;
    sqlite3_stmt *m_statement;
    std::vector<QByteArray> m_utf8; // by position: text SQLite reads at run(), not before
};

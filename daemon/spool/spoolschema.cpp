// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "spoolschema.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

namespace {

Status exec(QSqlDatabase &db, const QString &statement) {
    QSqlQuery query(db);
    if (!query.exec(statement))
        return Status::failure(
            QStringLiteral("%1: %2").arg(statement.left(60), query.lastError().text()));
    return Status::success();
}

Status execAll(QSqlDatabase &db, std::initializer_list<const char *> statements) {
    for (const char *statement : statements) {
        if (const Status done = exec(db, QString::fromLatin1(statement)); !done)
            return done;
    }
    return Status::success();
}

bool hasTable(const QSqlDatabase &db, const QString &table) {
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"));
    query.addBindValue(table);
    return query.exec() && query.next();
}

bool hasColumn(const QSqlDatabase &db, const QString &table, const QString &column) {
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA table_info(%1)").arg(table)))
        return false;
    while (query.next()) {
        if (query.value(1).toString() == column)
            return true;
    }
    return false;
}

// The current version's tables, for an empty spool.
Status create(QSqlDatabase &db) {
    return execAll(
        db, {"CREATE TABLE events (seq INTEGER PRIMARY KEY, id BLOB NOT NULL, type TEXT NOT NULL, "
             "ts INTEGER NOT NULL, body BLOB NOT NULL, received_ms INTEGER NOT NULL DEFAULT 0, "
             "target TEXT NOT NULL DEFAULT '')",
             "CREATE TABLE positions (consumer TEXT PRIMARY KEY, seq INTEGER NOT NULL)",
             "CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
             "CREATE TABLE attempts (id INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, "
             "webhook TEXT NOT NULL, event_id BLOB NOT NULL, type TEXT NOT NULL, "
             "status INTEGER NOT NULL, latency_ms INTEGER NOT NULL, error TEXT NOT NULL)",
             "CREATE TABLE dead_letters (webhook TEXT NOT NULL, seq INTEGER NOT NULL, "
             "id BLOB NOT NULL, type TEXT NOT NULL, ts INTEGER NOT NULL, body BLOB NOT NULL, "
             "received_ms INTEGER NOT NULL, died_ms INTEGER NOT NULL, error TEXT NOT NULL, "
             "PRIMARY KEY (webhook, seq))",
             // The deliveries URL reads by this, on the main thread.
             "CREATE INDEX attempts_by_webhook ON attempts (webhook, id)"});
}

// Version 1 to 2: the delivery history. Events from before it count as received at 0 (so
// `replay --since` includes them) and for every webhook.
Status migrateTo2(QSqlDatabase &db) {
    return execAll(
        db,
        {"ALTER TABLE events ADD COLUMN received_ms INTEGER NOT NULL DEFAULT 0",
         "ALTER TABLE events ADD COLUMN target TEXT NOT NULL DEFAULT ''",
         "CREATE TABLE IF NOT EXISTS attempts (id INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, "
         "webhook TEXT NOT NULL, event_id BLOB NOT NULL, type TEXT NOT NULL, "
         "status INTEGER NOT NULL, latency_ms INTEGER NOT NULL, error TEXT NOT NULL)",
         "CREATE TABLE IF NOT EXISTS dead_letters (webhook TEXT NOT NULL, seq INTEGER NOT NULL, "
         "id BLOB NOT NULL, type TEXT NOT NULL, ts INTEGER NOT NULL, body BLOB NOT NULL, "
         "received_ms INTEGER NOT NULL, died_ms INTEGER NOT NULL, error TEXT NOT NULL, "
         "PRIMARY KEY (webhook, seq))",
         "CREATE INDEX IF NOT EXISTS attempts_by_webhook ON attempts (webhook, id)"});
}

// Version 2 to 3: the index on events.id made each insert write a page at a random place (5.5
// of the writer's 12.8 µs per event at 20,000/s) and no query used it.
Status migrateTo3(QSqlDatabase &db) {
    return execAll(db, {"DROP INDEX IF EXISTS events_by_id"});
}

} // namespace

namespace SpoolSchema {

Result<int> versionOf(const QSqlDatabase &db) {
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next())
        return Result<int>::failure(query.lastError().text());
    const int stated = query.value(0).toInt();
    if (stated != 0)
        return stated;
    // Written before the version was recorded: its tables tell.
    if (!hasTable(db, QStringLiteral("events")))
        return 0;
    return hasColumn(db, QStringLiteral("events"), QStringLiteral("received_ms")) ? 2 : 1;
}

Status prepare(QSqlDatabase &db, const QString &path) {
    const auto version = versionOf(db);
    if (!version)
        return Status::failure(QStringLiteral("%1: %2").arg(path, version.error()));
    if (*version > kVersion)
        return Status::failure(
            QStringLiteral("%1 has spool version %2, newer than this glustereventsd's (%3): it "
                           "was written by a later version. Run that version, or move the file "
                           "aside to start with an empty spool; it was not changed")
                .arg(path)
                .arg(*version)
                .arg(kVersion));
    if (*version == kVersion)
        return Status::success();
    // All steps or none: a crash half way leaves the spool as it was.
    if (const Status begun = exec(db, QStringLiteral("BEGIN IMMEDIATE")); !begun)
        return begun;
    Status done = Status::success();
    if (*version == 0)
        done = create(db);
    if (done && *version >= 1 && *version < 2)
        done = migrateTo2(db);
    if (done && *version >= 1 && *version < 3)
        done = migrateTo3(db);
    if (done)
        done = exec(db, QStringLiteral("PRAGMA user_version = %1").arg(kVersion));
    if (!done) {
        // What failed is reported below; a rollback that fails too changes nothing for it.
        (void)exec(db, QStringLiteral("ROLLBACK"));
        return Status::failure(QStringLiteral("%1: cannot bring the spool from version %2 to "
                                              "%3: %4")
                                   .arg(path)
                                   .arg(*version)
                                   .arg(kVersion)
                                   .arg(done.error()));
    }
    return exec(db, QStringLiteral("COMMIT"));
}

} // namespace SpoolSchema

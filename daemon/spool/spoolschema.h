// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "result.h"

#include <QSqlDatabase>

// The spool's SQLite schema in one place: its version (PRAGMA user_version), the tables and
// columns of the current version, and the migrations from each earlier one. Versions:
//   1  events (seq, id, type, ts, body), positions, meta: the first durable spool;
//   2  events gain received_ms and target; attempts and dead_letters (the delivery history),
//      indexed by webhook; an index events_by_id may exist;
//   3  no events_by_id (it slowed every insert and no query used it).
// Spools from before versioning say 0; their version is read off their tables.
namespace SpoolSchema {

inline constexpr int kVersion = 3;

// The columns of an event row, in the order the writer inserts and the readers select them,
// and the writer's insert of one (its parameters bound in that order).
inline constexpr char kEventColumns[] = "seq, id, type, ts, body, received_ms, target";
inline constexpr char kInsertEvent[] =
    "INSERT OR REPLACE INTO events (seq, id, type, ts, body, received_ms, target) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";

// The version of the spool open in `db` (0 for an empty database), read without writing.
Result<int> versionOf(const QSqlDatabase &db);

// Brings the spool open in `db` to kVersion: creates the tables of an empty one, migrates an
// older one in order inside one transaction, and refuses one newer than kVersion with a clear
// error before anything is written (the caller has not touched it either).
Status prepare(QSqlDatabase &db, const QString &path);

} // namespace SpoolSchema

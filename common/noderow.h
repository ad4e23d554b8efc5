// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include <QList>
#include <QPair>
#include <QString>

// One node's line in the result of a cluster operation: what the CLI prints as a table row
// (NODE | NODE STATUS | <column>) and as a JSON row, and what the GUI shows.
struct NodeRow {
    QString node; // "localhost" for this node, else the host it was added with
    bool nodeUp = false;
    bool ok = false;   // the operation's own column: OK / UP
    QString error;     // why not OK; when OK, a warning for the admin (status: spool full)
    qint64 count = -1; // replay: how many events the node queued again
    // status: the node's spool, as it reported it (disk_bytes, limit_bytes, history_evicted,
    // dead_letters_evicted, backlogs_shed, events_dropped); empty when it did not.
    QList<QPair<QString, qint64>> spool;
};

// Which operation's column a result carries (docs/contract.md, tables).
enum class StatusColumn {
    Glustereventsd, // GLUSTEREVENTSD STATUS: UP / DOWN
    Sync,           // SYNC STATUS: OK / NOT OK: <reason>
    Webhook,        // WEBHOOK STATUS: OK / NOT OK: <reason>
    Replay,         // REPLAY STATUS: OK (<n> events) / NOT OK: <reason>
    Reload,         // RELOAD STATUS: OK / NOT OK: <reason>
};

struct NodeRows {
    StatusColumn column = StatusColumn::Sync;
    QList<NodeRow> rows;
};

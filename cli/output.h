// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "deliveryrow.h"
#include "noderow.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

// What the CLI prints (docs/contract.md): the tables and the --json shapes. Headers, status
// words and JSON keys are part of the contract and are never translated.

// One member of the pool as pool-list shows it.
struct PoolRow {
    QString node;   // "localhost" for this node, else the host it is known by
    QString nodeId; // the node's UUID
    bool up = false;
};

// NODE | NODE STATUS | GLUSTEREVENTSD STATUS, SYNC STATUS or WEBHOOK STATUS, per rows.column.
QString nodeTable(const NodeRows &rows);
// [{"node", "node_status", "<column>_status", "error"}, ...]; status rows also carry "spool":
// {"disk_bytes", "limit_bytes", "history_evicted", "dead_letters_evicted", "backlogs_shed",
// "events_dropped"} when the node reported it.
QJsonArray nodeRowsJson(const NodeRows &rows);

// `status`: "Webhooks:", one line per webhook (or "None"), a blank line, then the node table.
QString statusText(const QStringList &webhookLines, const NodeRows &rows);
// `status --json`: {"webhooks": [urls], "data": [rows]}
QJsonObject statusJson(const QStringList &webhookUrls, const NodeRows &rows);

// `config-get`: NAME | VALUE, values already shown as text.
QString configTable(const QList<QPair<QString, QString>> &nameValues);

// `pool-list`: NODE | NODE ID | STATUS.
QString poolTable(const QList<PoolRow> &rows);
// [{"node", "node_id", "status": "UP"|"DOWN"}, ...]
QJsonArray poolJson(const QList<PoolRow> &rows);

// `deliveries`: TIME | NODE | WEBHOOK | EVENT | TYPE | STATUS | LATENCY MS | ERROR, newest first.
QString deliveriesTable(const QList<DeliveryRow> &rows);
// [{"time", "node", "webhook", "event", "type", "status", "latency_ms", "error"}, ...]
QJsonArray deliveriesJson(const QList<DeliveryRow> &rows);

// The whole of a --json answer: {"error": error, "output": output} on one line, then "\n".
// A non-empty error makes output "" whatever was passed, as docs/contract.md says of a failure.
QByteArray jsonEnvelope(const QJsonValue &output, const QString &error);

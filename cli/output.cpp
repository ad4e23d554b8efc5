// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "output.h"

#include "table.h"

#include <QDateTime>
#include <QJsonDocument>

namespace {

QString upDown(bool up) {
    return up ? QStringLiteral("UP") : QStringLiteral("DOWN");
}

QString columnHeader(StatusColumn column) {
    switch (column) {
    case StatusColumn::Glustereventsd:
        return QStringLiteral("GLUSTEREVENTSD STATUS");
    case StatusColumn::Sync:
        return QStringLiteral("SYNC STATUS");
    case StatusColumn::Webhook:
        return QStringLiteral("WEBHOOK STATUS");
    case StatusColumn::Replay:
        return QStringLiteral("REPLAY STATUS");
    case StatusColumn::Reload:
        return QStringLiteral("RELOAD STATUS");
    }
    return QString();
}

QString columnKey(StatusColumn column) {
    switch (column) {
    case StatusColumn::Glustereventsd:
        return QStringLiteral("glustereventsd_status");
    case StatusColumn::Sync:
        return QStringLiteral("sync_status");
    case StatusColumn::Webhook:
        return QStringLiteral("webhook_status");
    case StatusColumn::Replay:
        return QStringLiteral("replay_status");
    case StatusColumn::Reload:
        return QStringLiteral("reload_status");
    }
    return QString();
}

// The status word without the reason: UP/DOWN for glustereventsd, OK/NOT OK otherwise.
QString statusWord(StatusColumn column, bool ok) {
    if (column == StatusColumn::Glustereventsd)
        return upDown(ok);
    return ok ? QStringLiteral("OK") : QStringLiteral("NOT OK");
}

QString statusCell(StatusColumn column, const NodeRow &row) {
    const QString word = statusWord(column, row.ok);
    if (row.ok && row.count >= 0)
        return QStringLiteral("%1 (%2 events)").arg(word).arg(row.count);
    // A daemon that is up but needs attention says so beside UP.
    if (row.ok && column == StatusColumn::Glustereventsd && !row.error.isEmpty())
        return QStringLiteral("%1 (%2)").arg(word, row.error);
    if (row.ok || column == StatusColumn::Glustereventsd || row.error.isEmpty())
        return word;
    return word + u": " + row.error;
}

} // namespace

QString nodeTable(const NodeRows &rows) {
    Table table({QStringLiteral("NODE"), QStringLiteral("NODE STATUS"), columnHeader(rows.column)});
    table.setAlignment(0, Table::Align::Left);
    table.setAlignment(1, Table::Align::Right);
    table.setAlignment(2, Table::Align::Right);
    for (const NodeRow &row : rows.rows)
        table.addRow({row.node, upDown(row.nodeUp), statusCell(rows.column, row)});
    return table.render();
}

QJsonArray nodeRowsJson(const NodeRows &rows) {
    const QString key = columnKey(rows.column);
    QJsonArray array;
    for (const NodeRow &row : rows.rows) {
        QJsonObject object{
            {QStringLiteral("node"), row.node},
            {QStringLiteral("node_status"), upDown(row.nodeUp)},
            {key, statusWord(rows.column, row.ok)},
            {QStringLiteral("error"), row.error},
        };
        if (row.count >= 0)
            object.insert(QStringLiteral("replayed"), row.count);
        if (!row.spool.isEmpty()) {
            QJsonObject spool;
            for (const auto &[key, value] : row.spool)
                spool.insert(key, value);
            object.insert(QStringLiteral("spool"), spool);
        }
        array.append(object);
    }
    return array;
}

QString statusText(const QStringList &webhookLines, const NodeRows &rows) {
    QString text = QStringLiteral("Webhooks:\n");
    if (webhookLines.isEmpty())
        text += QStringLiteral("None\n");
    for (const QString &line : webhookLines)
        text += line + u'\n';
    text += u'\n';
    return text + nodeTable(rows);
}

QJsonObject statusJson(const QStringList &webhookUrls, const NodeRows &rows) {
    return QJsonObject{
        {QStringLiteral("webhooks"), QJsonArray::fromStringList(webhookUrls)},
        {QStringLiteral("data"), nodeRowsJson(rows)},
    };
}

QString configTable(const QList<QPair<QString, QString>> &nameValues) {
    Table table({QStringLiteral("NAME"), QStringLiteral("VALUE")});
    table.setAlignment(0, Table::Align::Center);
    table.setAlignment(1, Table::Align::Left);
    for (const auto &[name, value] : nameValues)
        table.addRow({name, value});
    return table.render();
}

QString poolTable(const QList<PoolRow> &rows) {
    Table table({QStringLiteral("NODE"), QStringLiteral("NODE ID"), QStringLiteral("STATUS")});
    table.setAlignment(0, Table::Align::Left);
    table.setAlignment(1, Table::Align::Left);
    table.setAlignment(2, Table::Align::Right);
    for (const PoolRow &row : rows)
        table.addRow({row.node, row.nodeId, upDown(row.up)});
    return table.render();
}

QJsonArray poolJson(const QList<PoolRow> &rows) {
    QJsonArray array;
    for (const PoolRow &row : rows) {
        array.append(QJsonObject{
            {QStringLiteral("node"), row.node},
            {QStringLiteral("node_id"), row.nodeId},
            {QStringLiteral("status"), upDown(row.up)},
        });
    }
    return array;
}

QByteArray jsonEnvelope(const QJsonValue &output, const QString &error) {
    // An undefined value would silently drop the "output" key from the object.
    const bool empty = !error.isEmpty() || output.isUndefined();
    const QJsonObject envelope{
        {QStringLiteral("error"), error},
        {QStringLiteral("output"), empty ? QJsonValue(QString()) : output},
    };
    return QJsonDocument(envelope).toJson(QJsonDocument::Compact) + '\n';
}

QString deliveriesTable(const QList<DeliveryRow> &rows) {
    Table table({QStringLiteral("TIME"), QStringLiteral("NODE"), QStringLiteral("WEBHOOK"),
                 QStringLiteral("EVENT"), QStringLiteral("TYPE"), QStringLiteral("STATUS"),
                 QStringLiteral("LATENCY MS"), QStringLiteral("ERROR")});
    for (int column : {0, 1, 2, 3, 4, 7})
        table.setAlignment(column, Table::Align::Left);
    table.setAlignment(5, Table::Align::Right);
    table.setAlignment(6, Table::Align::Right);
    for (const DeliveryRow &row : rows)
        table.addRow({QDateTime::fromMSecsSinceEpoch(row.timeMs, Qt::UTC)
                          .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ")),
                      row.node, row.webhook, row.event, row.type,
                      row.status > 0 ? QString::number(row.status) : QStringLiteral("-"),
                      QString::number(row.latencyMs), row.error});
    return table.render();
}

QJsonArray deliveriesJson(const QList<DeliveryRow> &rows) {
    QJsonArray array;
    for (const DeliveryRow &row : rows)
        array.append(QJsonObject{
            {QStringLiteral("time"), QDateTime::fromMSecsSinceEpoch(row.timeMs, Qt::UTC)
                                         .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"))},
            {QStringLiteral("node"), row.node},
            {QStringLiteral("webhook"), row.webhook},
            {QStringLiteral("event"), row.event},
            {QStringLiteral("type"), row.type},
            {QStringLiteral("status"), row.status},
            {QStringLiteral("latency_ms"), row.latencyMs},
            {QStringLiteral("error"), row.error},
        });
    return array;
}

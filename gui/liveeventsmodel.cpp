// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "liveeventsmodel.h"

#include "plaintext.h"

#include <QDateTime>

#include <algorithm>

LiveEventsModel::LiveEventsModel(int capacity, qint64 maxBytes, QObject *parent)
    : QAbstractTableModel(parent)
    , m_capacity(std::max(1, capacity))
    , m_maxBytes(std::max<qint64>(1, maxBytes)) {
}

qint64 LiveEventsModel::bytesOf(const Row &row) {
    return qint64(sizeof(Row)) + row.body.size() +
           2 * (row.type.size() + row.node.size() + row.message.size());
}

void LiveEventsModel::keepNewest(std::vector<Row> &rows, int capacity, qint64 maxBytes) {
    size_t keep = 0;
    qint64 bytes = 0;
    for (auto it = rows.rbegin(); it != rows.rend() && keep < size_t(std::max(1, capacity)); ++it) {
        bytes += bytesOf(*it);
        if (keep > 0 && bytes > maxBytes)
            break;
        ++keep;
    }
    rows.erase(rows.begin(), rows.end() - qsizetype(keep));
}

void LiveEventsModel::append(std::vector<Row> rows) {
    if (rows.empty())
        return;
    // A batch larger than the bounds keeps only its newest rows.
    keepNewest(rows, m_capacity, m_maxBytes);
    qint64 incoming = 0;
    for (const Row &row : rows)
        incoming += bytesOf(row);
    // Then the oldest rows held make room, by count and by bytes.
    size_t overflow = 0;
    qint64 bytesAfter = m_bytes + incoming;
    while (
        overflow < m_rows.size() &&
        (m_rows.size() - overflow + rows.size() > size_t(m_capacity) || bytesAfter > m_maxBytes)) {
        bytesAfter -= bytesOf(m_rows[overflow]);
        ++overflow;
    }
    if (overflow > 0) {
        beginRemoveRows({}, 0, int(overflow) - 1);
        m_rows.erase(m_rows.begin(), m_rows.begin() + qsizetype(overflow));
        endRemoveRows();
    }
    m_bytes = bytesAfter;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(rows.size()) - 1);
    for (Row &row : rows)
        m_rows.push_back(std::move(row));
    endInsertRows();
}

void LiveEventsModel::clear() {
    beginResetModel();
    m_rows.clear();
    m_bytes = 0;
    endResetModel();
}

int LiveEventsModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int LiveEventsModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LiveEventsModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid())
        return {};
    if (role == Qt::ToolTipRole)
        // Views render a tooltip that looks like HTML as HTML; events are shown as sent.
        return PlainText::toolTip(data(index, Qt::DisplayRole).toString());
    if (role != Qt::DisplayRole)
        return {};
    const Row &row = m_rows.at(size_t(index.row()));
    switch (index.column()) {
    case Time:
        return QDateTime::fromMSecsSinceEpoch(row.receivedMs)
            .toString(QStringLiteral("HH:mm:ss.zzz"));
    case Event:
        return row.type;
    case Node:
        return row.node;
    case Message:
        return row.message;
    default:
        return {};
    }
}

QVariant LiveEventsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Event:
        return tr("Event");
    case Node:
        return tr("Node");
    case Message:
        return tr("Message");
    default:
        return {};
    }
}

void LiveEventsFilter::setFilters(const QString &type, const QString &node, const QString &text) {
    m_type = type.trimmed();
    m_node = node.trimmed();
    m_text = text.trimmed();
    invalidateFilter();
}

bool LiveEventsFilter::filterAcceptsRow(int sourceRow, const QModelIndex &) const {
    const auto *model = static_cast<const LiveEventsModel *>(sourceModel());
    const LiveEventsModel::Row &row = model->row(sourceRow);
    return (m_type.isEmpty() || row.type.contains(m_type, Qt::CaseInsensitive)) &&
           (m_node.isEmpty() || row.node.contains(m_node, Qt::CaseInsensitive)) &&
           (m_text.isEmpty() || QString::fromUtf8(row.body).contains(m_text, Qt::CaseInsensitive));
}

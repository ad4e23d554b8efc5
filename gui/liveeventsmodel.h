// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include <QAbstractTableModel>
#include <QJsonObject>
#include <QSortFilterProxyModel>

#include <deque>

// The live events, newest last, at most `capacity` of them and `maxBytes` of their text: older
// rows leave as new ones come, so thousands of events a second, or a sender's 32 KiB events,
// never grow memory or the view without bound. Rows are appended in batches (one model reset
// of the tail per poll, not one per event).
class LiveEventsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Time, Event, Node, Message, ColumnCount };
    struct Row {
        qint64 receivedMs = 0;
        QString type;
        QString node;
        QString message; // the "message" object, compact
        QByteArray body; // exactly as delivered
    };
    static constexpr int kDefaultCapacity = 5'000;
    static constexpr qint64 kDefaultMaxBytes = 32 * 1024 * 1024;

    explicit LiveEventsModel(int capacity = kDefaultCapacity, qint64 maxBytes = kDefaultMaxBytes,
                             QObject *parent = nullptr);

    // What a row holds in memory, near enough.
    static qint64 bytesOf(const Row &row);
    // Drops the oldest rows of `rows` beyond `capacity` rows or `maxBytes`; the newest stays.
    static void keepNewest(std::vector<Row> &rows, int capacity, qint64 maxBytes);

    void append(std::vector<Row> rows);
    void clear();
    const Row &row(int index) const { return m_rows.at(size_t(index)); }
    qint64 bytesHeld() const { return m_bytes; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    int m_capacity;
    qint64 m_maxBytes;
    qint64 m_bytes = 0;
    std::deque<Row> m_rows;
};

// Filters the live events by type, node and text (all case-insensitive substrings).
class LiveEventsFilter : public QSortFilterProxyModel {
    Q_OBJECT

public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setFilters(const QString &type, const QString &node, const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_type, m_node, m_text;
};

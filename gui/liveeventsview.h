// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "controlclient.h"
#include "liveeventsmodel.h"

#include <QWidget>

#include <memory>
#include <vector>

class AdminClient;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTableView;

// Events as they happen, from the connected node or from every node of the pool, read with
// long polls of each node's event feed. Filter by type, node and text; pause; the detail pane
// shows the JSON exactly as it was delivered.
class LiveEventsView : public QWidget {
    Q_OBJECT

public:
    explicit LiveEventsView(QWidget *parent = nullptr);
    ~LiveEventsView() override;
    void setClient(AdminClient *client);
    void setAllNodes(bool allNodes);
    void setPaused(bool paused);
    const LiveEventsModel &model() const { return m_model; }
    QString detail() const;
    void selectRow(int row);

Q_SIGNALS:
    void failed(const QString &message);

private:
    struct Source {
        QString name; // as the node tables name it
        NodeAddress address;
        quint64 after = 0;
        bool started = false; // the first poll only learns where the feed is
    };
    void restart();
    void poll(int sourceIndex, int generation);
    void applyFilter();
    void showDetail();

    AdminClient *m_client = nullptr;
    LiveEventsModel m_model;
    LiveEventsFilter m_filter;
    std::vector<Source> m_sources;
    std::vector<LiveEventsModel::Row> m_held; // while paused, bounded like the model
    int m_generation = 0;                     // polls of an earlier source set are dropped
    bool m_paused = false;
    QComboBox *m_scope;
    QLineEdit *m_type;
    QLineEdit *m_node;
    QLineEdit *m_text;
    QCheckBox *m_pause;
    QTableView *m_table;
    QPlainTextEdit *m_detail;
    QLabel *m_state;
};

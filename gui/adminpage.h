// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "operationrequest.h"

#include <QJsonObject>
#include <QWidget>

#include <functional>

class AdminClient;
class QBoxLayout;
class QPushButton;
class QTableWidget;

// What the main window's views share: the connection they use (none while disconnected, when
// their buttons are off), a way to report failures, and running a cluster-changing operation
// whose per-node result is shown before the view refreshes.
class AdminPage : public QWidget {
    Q_OBJECT

public:
    using QWidget::QWidget;

    void setClient(AdminClient *client);
    virtual void refresh() = 0;

Q_SIGNALS:
    void failed(const QString &message);

protected:
    AdminClient *client() const { return m_client; }
    // A button that is enabled only while connected.
    QPushButton *addButton(QBoxLayout *row, const QString &text, std::function<void()> action);
    // A read-only table whose rows are selected whole, one at a time.
    QTableWidget *addTable(const QString &objectName);
    void operateAndShow(const QString &title, const OperationRequest &request);
    // The connection changed: forget what was shown.
    virtual void clear() = 0;

private:
    AdminClient *m_client = nullptr;
    QList<QPushButton *> m_buttons;
};

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "adminpage.h"

#include <QTimer>

class QLabel;
class QTableWidget;

// Every node of the pool with NODE STATUS and GLUSTEREVENTSD STATUS, refreshed every few
// seconds while visible; peers are added and removed here.
class ClusterView : public AdminPage {
    Q_OBJECT

public:
    static constexpr int kRefreshMs = 5'000;

    explicit ClusterView(QWidget *parent = nullptr);
    void refresh() override;
    // What the buttons do once the host is known (the tests call them directly).
    void addPeer(const QString &host);
    void removePeer(const QString &host);

protected:
    void clear() override;

private:
    void askForPeer();
    void removeSelected();

    QTableWidget *m_table;
    QLabel *m_updated;
    QTimer m_timer;
    bool m_refreshing = false;
};

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "connectdialog.h"

#include <QMainWindow>
#include <QNetworkAccessManager>

#include <memory>

class AdminClient;
class AdminPage;
class ClusterView;
class ConfigView;
class DeliveriesView;
class LiveEventsView;
class QLabel;
class QProgressBar;
class QTabWidget;
class WebhooksView;

// gluster-events-admin: connect to one node, then manage the whole cluster's events through
// it. Every request runs in the background; the status bar shows progress and the last error.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Connects (asynchronously): reads the key file, asks the node for its status with it, and
    // only then switches the views over. A failure is shown and the current connection kept.
    void connectTo(const ConnectDialog::Target &target);
    bool isConnected() const { return m_client != nullptr; }
    QString lastError() const;

    ClusterView *clusterView() const { return m_cluster; }
    WebhooksView *webhooksView() const { return m_webhooks; }
    ConfigView *configView() const { return m_config; }
    LiveEventsView *liveEventsView() const { return m_live; }
    DeliveriesView *deliveriesView() const { return m_deliveries; }
    QTabWidget *tabs() const { return m_tabs; }

Q_SIGNALS:
    void connectionChanged();

private:
    void showConnectDialog();
    void showError(const QString &message);
    void refreshCurrent();
    void adopt(std::unique_ptr<AdminClient> client, const ConnectDialog::Target &target);
    QList<AdminPage *> pages() const; // the views that run operations

    QNetworkAccessManager m_network;
    std::unique_ptr<AdminClient> m_client;
    std::unique_ptr<AdminClient> m_candidate; // being checked by connectTo()
    QTabWidget *m_tabs;
    ClusterView *m_cluster;
    WebhooksView *m_webhooks;
    ConfigView *m_config;
    LiveEventsView *m_live;
    DeliveriesView *m_deliveries;
    QLabel *m_connection;
    QLabel *m_error;
    QProgressBar *m_busy;
};

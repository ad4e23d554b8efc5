// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "mainwindow.h"

#include "adminclient.h"
#include "clusterkey.h"
#include "clusterview.h"
#include "configview.h"
#include "deliveriesview.h"
#include "liveeventsview.h"
#include "plaintext.h"
#include "webhooksview.h"

#include <QAction>
#include <QApplication>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QProgressBar>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_tabs(new QTabWidget(this))
    , m_cluster(new ClusterView(this))
    , m_webhooks(new WebhooksView(this))
    , m_config(new ConfigView(this))
    , m_live(new LiveEventsView(this))
    , m_deliveries(new DeliveriesView(this))
    , m_connection(PlainText::label(QString(), this))
    , m_error(PlainText::label(QString(), this))
    , m_busy(new QProgressBar(this)) {
    setWindowTitle(tr("Gluster Events Admin"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/gluster-events-admin.png")));
    m_tabs->addTab(m_cluster, tr("&Cluster"));
    m_tabs->addTab(m_webhooks, tr("&Webhooks"));
    m_tabs->addTab(m_config, tr("C&onfig"));
    m_tabs->addTab(m_live, tr("&Live events"));
    m_tabs->addTab(m_deliveries, tr("&Deliveries"));
    setCentralWidget(m_tabs);

    auto *connectAction = new QAction(tr("&Connect…"), this);
    connectAction->setShortcut(QKeySequence::Open);
    connect(connectAction, &QAction::triggered, this, &MainWindow::showConnectDialog);
    auto *refreshAction = new QAction(tr("&Refresh"), this);
    refreshAction->setShortcut(QKeySequence::Refresh);
    connect(refreshAction, &QAction::triggered, this, &MainWindow::refreshCurrent);
    auto *quitAction = new QAction(tr("&Quit"), this);
    quitAction->setShortcut(QKeySequence::Quit);
    connect(quitAction, &QAction::triggered, qApp, &QApplication::quit);
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(connectAction);
    file->addAction(refreshAction);
    file->addSeparator();
    file->addAction(quitAction);
    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("main"));
    toolbar->addAction(connectAction);
    toolbar->addAction(refreshAction);

    m_error->setObjectName(QStringLiteral("error"));
    m_error->setStyleSheet(QStringLiteral("color: #b00020"));
    m_busy->setRange(0, 0);
    m_busy->setMaximumWidth(120);
    m_busy->hide();
    statusBar()->addWidget(m_connection);
    statusBar()->addWidget(m_error, 1);
    statusBar()->addPermanentWidget(m_busy);
    m_connection->setText(tr("Not connected"));

    for (AdminPage *page : pages())
        connect(page, &AdminPage::failed, this, &MainWindow::showError);
    connect(m_live, &LiveEventsView::failed, this, &MainWindow::showError);
    connect(m_webhooks, &WebhooksView::webhooksChanged, m_deliveries, &DeliveriesView::setWebhooks);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::refreshCurrent);
    resize(960, 600);
}

MainWindow::~MainWindow() = default;

QString MainWindow::lastError() const {
    return m_error->text();
}

void MainWindow::showError(const QString &message) {
    m_error->setText(message);
    m_error->setToolTip(PlainText::toolTip(message));
}

void MainWindow::showConnectDialog() {
    auto *dialog = new ConnectDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { connectTo(dialog->target()); });
    dialog->open();
}

void MainWindow::connectTo(const ConnectDialog::Target &target) {
    const auto key = ClusterKey::load(target.keyFile);
    if (!key)
        return showError(tr("Cannot use the cluster key: %1").arg(key.error()));
    if (target.host.isEmpty())
        return showError(tr("Enter the node to connect to."));
    m_candidate = std::make_unique<AdminClient>(m_network, NodeAddress{target.host, target.port},
                                                *key, target.keyFile);
    AdminClient *candidate = m_candidate.get();
    m_connection->setText(tr("Connecting to %1…").arg(target.host));
    m_busy->show();
    // The status question is authenticated: it proves the node is there and the key is right.
    candidate->operate(OperationRequest(Operation::Status), [this, candidate,
                                                             target](Result<ClusterResult> result) {
        if (candidate != m_candidate.get())
            return;
        m_busy->hide();
        if (!result) {
            m_connection->setText(m_client ? tr("Connected to %1").arg(m_client->node().host)
                                           : tr("Not connected"));
            showError(result.error());
            m_candidate.reset();
            return;
        }
        adopt(std::move(m_candidate), target);
    });
}

void MainWindow::adopt(std::unique_ptr<AdminClient> client, const ConnectDialog::Target &target) {
    // The views drop the old client before it goes.
    for (AdminPage *page : pages())
        page->setClient(nullptr);
    m_live->setClient(nullptr);
    m_client = std::move(client);
    connect(m_client.get(), &AdminClient::busyChanged, m_busy, &QWidget::setVisible);
    ConnectDialog::remember(target);
    m_connection->setText(tr("Connected to %1:%2").arg(target.host).arg(target.port));
    m_error->clear();
    for (AdminPage *page : pages())
        page->setClient(m_client.get());
    m_live->setClient(m_client.get());
    Q_EMIT connectionChanged();
}

QList<AdminPage *> MainWindow::pages() const {
    return {m_cluster, m_webhooks, m_config, m_deliveries};
}

void MainWindow::refreshCurrent() {
    if (auto *page = qobject_cast<AdminPage *>(m_tabs->currentWidget()))
        page->refresh();
}

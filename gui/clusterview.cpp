#include "clusterview.h"

#include "adminclient.h"
#include "resultdialog.h"

#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QTime>
#include <QVBoxLayout>

ClusterView::ClusterView(QWidget *parent)
    : QWidget(parent)
    , m_table(new QTableWidget(this))
    , m_updated(new QLabel(this))
    , m_add(new QPushButton(tr("&Add peer…"), this))
    , m_remove(new QPushButton(tr("&Remove peer"), this)) {
    m_table->setObjectName(QStringLiteral("nodes"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch();
    buttons->addWidget(m_updated);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addLayout(buttons);
    connect(m_add, &QPushButton::clicked, this, &ClusterView::askForPeer);
    connect(m_remove, &QPushButton::clicked, this, &ClusterView::removeSelected);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (isVisible())
            refresh();
    });
    setClient(nullptr);
}

void ClusterView::setClient(AdminClient *client) {
    m_client = client;
    m_add->setEnabled(client);
    m_remove->setEnabled(client);
    m_table->setRowCount(0);
    if (client) {
        m_timer.start(kRefreshMs);
        refresh();
    } else {
        m_timer.stop();
    }
}

void ClusterView::refresh() {
    if (!m_client || m_refreshing)
        return;
    m_refreshing = true;
    m_client->operate({{QStringLiteral("op"), QStringLiteral("status")}},
                      [this, client = m_client](Result<ClusterResult> result) {
                          m_refreshing = false;
                          if (client != m_client)
                              return;
                          if (!result)
                              return Q_EMIT failed(result.error());
                          ResultDialog::fill(m_table, *result);
                          m_updated->setText(
                              tr("Updated %1").arg(QTime::currentTime().toString(Qt::ISODate)));
                      });
}

void ClusterView::askForPeer() {
    bool ok = false;
    const QString host =
        QInputDialog::getText(this, tr("Add peer"), tr("Host name or IP address of the node:"),
                              QLineEdit::Normal, QString(), &ok);
    if (ok && !host.trimmed().isEmpty())
        addPeer(host.trimmed());
}

void ClusterView::removeSelected() {
    const int row = m_table->currentRow();
    if (row < 0 || !m_table->item(row, 0))
        return;
    removePeer(m_table->item(row, 0)->text());
}

void ClusterView::addPeer(const QString &host) {
    if (!m_client)
        return;
    m_client->operate(
        {{QStringLiteral("op"), QStringLiteral("peer-add")}, {QStringLiteral("host"), host}},
        [this](Result<ClusterResult> result) {
            if (!result)
                return Q_EMIT failed(result.error());
            (new ResultDialog(tr("Add peer"), *result, this))->show();
            refresh();
        });
}

void ClusterView::removePeer(const QString &host) {
    if (!m_client)
        return;
    m_client->operate(
        {{QStringLiteral("op"), QStringLiteral("peer-del")}, {QStringLiteral("host"), host}},
        [this](Result<ClusterResult> result) {
            if (!result)
                return Q_EMIT failed(result.error());
            (new ResultDialog(tr("Remove peer"), *result, this))->show();
            refresh();
        });
}

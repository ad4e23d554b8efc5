// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "clusterview.h"

#include "adminclient.h"
#include "plaintext.h"
#include "resultdialog.h"

#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QTableWidget>
#include <QTime>
#include <QVBoxLayout>

ClusterView::ClusterView(QWidget *parent)
    : AdminPage(parent)
    , m_table(new QTableWidget(this))
    , m_updated(PlainText::label(QString(), this)) {
    m_table->setObjectName(QStringLiteral("nodes"));
    auto *buttons = new QHBoxLayout;
    addButton(buttons, tr("&Add peer…"), [this] { askForPeer(); });
    addButton(buttons, tr("&Remove peer"), [this] { removeSelected(); });
    buttons->addStretch();
    buttons->addWidget(m_updated);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addLayout(buttons);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (isVisible())
            refresh();
    });
}

void ClusterView::clear() {
    // A status question to the old connection never answers once it is gone.
    m_refreshing = false;
    m_table->setRowCount(0);
    m_updated->clear();
    if (client())
        m_timer.start(kRefreshMs);
    else
        m_timer.stop();
}

void ClusterView::refresh() {
    if (!client() || m_refreshing)
        return;
    m_refreshing = true;
    client()->operate(OperationRequest(Operation::Status), [this, asked = client()](
                                                               Result<ClusterResult> result) {
        m_refreshing = false;
        if (asked != client())
            return;
        if (!result)
            return Q_EMIT failed(result.error());
        ResultDialog::fill(m_table, *result);
        m_updated->setText(tr("Updated %1").arg(QTime::currentTime().toString(Qt::ISODate)));
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
    if (row >= 0 && m_table->item(row, 0))
        removePeer(m_table->item(row, 0)->text());
}

void ClusterView::addPeer(const QString &host) {
    operateAndShow(tr("Add peer"), OperationRequest(Operation::PeerAdd).set(Argument::Host, host));
}

void ClusterView::removePeer(const QString &host) {
    operateAndShow(tr("Remove peer"),
                   OperationRequest(Operation::PeerDel).set(Argument::Host, host));
}

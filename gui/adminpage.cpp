// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "adminpage.h"

#include "adminclient.h"
#include "resultdialog.h"

#include <QBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>

void AdminPage::setClient(AdminClient *client) {
    m_client = client;
    for (QPushButton *button : std::as_const(m_buttons))
        button->setEnabled(client);
    clear();
    if (client)
        refresh();
}

QPushButton *AdminPage::addButton(QBoxLayout *row, const QString &text,
                                  std::function<void()> action) {
    auto *button = new QPushButton(text, this);
    button->setEnabled(m_client);
    connect(button, &QPushButton::clicked, this, std::move(action));
    row->addWidget(button);
    m_buttons.append(button);
    return button;
}

QTableWidget *AdminPage::addTable(const QString &objectName) {
    auto *table = new QTableWidget(this);
    table->setObjectName(objectName);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    return table;
}

void AdminPage::operateAndShow(const QString &title, const OperationRequest &request) {
    if (!m_client)
        return;
    m_client->operate(request, [this, title](Result<ClusterResult> result) {
        if (!result)
            return Q_EMIT failed(result.error());
        auto *dialog = new ResultDialog(title, *result, this);
        dialog->setObjectName(QStringLiteral("result"));
        dialog->show();
        refresh();
    });
}

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "resultdialog.h"

#include "plaintext.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

ResultDialog::ResultDialog(const QString &title, const ClusterResult &result, QWidget *parent)
    : QDialog(parent) {
    setWindowTitle(title);
    setAttribute(Qt::WA_DeleteOnClose);
    auto *layout = new QVBoxLayout(this);
    if (result.refusal != Refusal::None) {
        auto *error = PlainText::label(result.error, this);
        error->setObjectName(QStringLiteral("error"));
        error->setWordWrap(true);
        layout->addWidget(error);
    } else {
        auto *summary = PlainText::label(result.allOk()    ? tr("Done on every node.")
                                         : result.noneOk() ? tr("Failed on every node.")
                                                           : tr("Done on some nodes only."),
                                         this);
        summary->setObjectName(QStringLiteral("summary"));
        layout->addWidget(summary);
        auto *table = new QTableWidget(this);
        table->setObjectName(QStringLiteral("rows"));
        fill(table, result);
        layout->addWidget(table);
        for (const QString &note : result.notes)
            layout->addWidget(PlainText::label(note, this));
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(560, 260);
}

QString ResultDialog::columnTitle(StatusColumn column) {
    switch (column) {
    case StatusColumn::Glustereventsd:
        return tr("glustereventsd");
    case StatusColumn::Sync:
        return tr("Sync");
    case StatusColumn::Webhook:
        return tr("Webhook");
    case StatusColumn::Replay:
        return tr("Replay");
    case StatusColumn::Reload:
        return tr("Reload");
    }
    return {};
}

void ResultDialog::fill(QTableWidget *table, const ClusterResult &result) {
    table->clear();
    table->setColumnCount(3);
    table->setHorizontalHeaderLabels(
        {tr("Node"), tr("Node status"), columnTitle(result.rows.column)});
    table->setRowCount(int(result.rows.rows.size()));
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    for (int i = 0; i < table->rowCount(); ++i) {
        const NodeRow &row = result.rows.rows.at(i);
        QString status;
        if (result.rows.column == StatusColumn::Glustereventsd)
            status = row.ok ? tr("UP") : tr("DOWN");
        else
            status = row.ok ? tr("OK") : tr("NOT OK: %1").arg(row.error);
        if (row.ok && row.count >= 0)
            status = tr("OK (%n events)", nullptr, int(row.count));
        else if (row.ok && !row.error.isEmpty())
            status += QStringLiteral(" (%1)").arg(row.error);
        table->setItem(i, 0, new QTableWidgetItem(row.node));
        table->setItem(i, 1, new QTableWidgetItem(row.nodeUp ? tr("UP") : tr("DOWN")));
        auto *statusItem = new QTableWidgetItem(status);
        if (!row.ok)
            statusItem->setForeground(Qt::red);
        table->setItem(i, 2, statusItem);
    }
    table->resizeColumnsToContents();
}

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "configview.h"

#include "adminclient.h"
#include "configschema.h"
#include "plaintext.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

ConfigView::ConfigView(QWidget *parent)
    : AdminPage(parent)
    , m_table(addTable(QStringLiteral("config")))
    , m_notice(PlainText::label(QString(), this)) {
    m_notice->setObjectName(QStringLiteral("notice"));
    m_notice->setWordWrap(true);
    auto *buttons = new QHBoxLayout;
    addButton(buttons, tr("C&hange…"), [this] { editSelected(); });
    addButton(buttons, tr("&Reset"), [this] {
        if (!selectedName().isEmpty())
            reset(selectedName());
    });
    addButton(buttons, tr("Reset &all"), [this] { reset(QStringLiteral("all")); });
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addWidget(m_notice);
    layout->addLayout(buttons);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this] { editSelected(); });
}

void ConfigView::clear() {
    m_table->setRowCount(0);
}

QString ConfigView::notice() const {
    return m_notice->text();
}

void ConfigView::refresh() {
    if (!client())
        return;
    client()->run(OperationRequest(Operation::ConfigList), [this, asked = client()](
                                                               Result<QJsonObject> reply) {
        if (asked != client())
            return;
        if (!reply)
            return Q_EMIT failed(reply.error());
        const QJsonArray rows = reply->value(QStringLiteral("config")).toArray();
        m_table->clear();
        m_table->setColumnCount(4);
        m_table->setHorizontalHeaderLabels({tr("Name"), tr("Value"), tr("Default"), tr("Applies")});
        m_table->setRowCount(int(rows.size()));
        for (int i = 0; i < rows.size(); ++i) {
            const QJsonObject row = rows.at(i).toObject();
            const bool restart = row.value(QStringLiteral("needs_restart")).toBool();
            const QStringList cells{row.value(QStringLiteral("name")).toString(),
                                    ConfigSchema::valueText(row.value(QStringLiteral("value"))),
                                    ConfigSchema::valueText(row.value(QStringLiteral("default"))),
                                    restart ? tr("after a restart") : tr("at once")};
            for (int column = 0; column < cells.size(); ++column)
                m_table->setItem(i, column, new QTableWidgetItem(cells[column]));
        }
        m_table->resizeColumnsToContents();
    });
}

QString ConfigView::selectedName() const {
    const int row = m_table->currentRow();
    return row >= 0 && m_table->item(row, 0) ? m_table->item(row, 0)->text() : QString();
}

void ConfigView::editSelected() {
    const QString name = selectedName();
    if (name.isEmpty())
        return;
    // The names come from a node; only settings this GUI knows go into the dialog's label, which
    // would render one that looks like HTML as HTML.
    if (!ConfigSchema::find(name)) {
        m_notice->setText(tr("Unknown setting %1").arg(name));
        return;
    }
    bool ok = false;
    const QString value = QInputDialog::getText(
        this, tr("Change %1").arg(name), tr("New value of %1:").arg(name), QLineEdit::Normal,
        m_table->item(m_table->currentRow(), 1)->text(), &ok);
    if (ok)
        setValue(name, value);
}

bool ConfigView::setValue(const QString &name, const QString &value) {
    const ConfigSetting *setting = ConfigSchema::find(name);
    if (!setting) {
        m_notice->setText(tr("Unknown setting %1").arg(name));
        return false;
    }
    // Checked here with the same rules the nodes apply, so nothing invalid is sent.
    const auto valid = ConfigSchema::validate(*setting, QJsonValue(value));
    if (!valid) {
        m_notice->setText(tr("%1 not changed: %2").arg(name, valid.error()));
        return false;
    }
    m_notice->setText(
        setting->needsRestart
            ? tr("%1 takes effect after glustereventsd is restarted on every node.").arg(name)
            : QString());
    operateAndShow(tr("Change %1").arg(name), OperationRequest(Operation::ConfigSet)
                                                  .set(Argument::Name, name)
                                                  .set(Argument::Value, value));
    return true;
}

void ConfigView::reset(const QString &nameOrAll) {
    if (!client())
        return;
    operateAndShow(nameOrAll == u"all" ? tr("Reset all settings") : tr("Reset %1").arg(nameOrAll),
                   OperationRequest(Operation::ConfigReset).set(Argument::Name, nameOrAll));
}

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "webhooksview.h"

#include "adminclient.h"
#include "webhookdialog.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonObject>
#include <QMessageBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {

QString timeText(qint64 ms) {
    return ms > 0
               ? QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
               : QString();
}

} // namespace

WebhooksView::WebhooksView(QWidget *parent)
    : AdminPage(parent)
    , m_table(addTable(QStringLiteral("webhooks"))) {
    auto *buttons = new QHBoxLayout;
    addButton(buttons, tr("&Add…"), [this] { addWebhook(); });
    addButton(buttons, tr("&Edit…"), [this] { editSelected(); });
    addButton(buttons, tr("De&lete"), [this] { deleteSelected(); });
    addButton(buttons, tr("&Test"), [this] { testSelected(); });
    addButton(buttons, tr("S&ync"), [this] { sync(); });
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addLayout(buttons);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, &WebhooksView::editSelected);
}

void WebhooksView::clear() {
    m_table->setRowCount(0);
}

void WebhooksView::refresh() {
    if (!client())
        return;
    client()->run(OperationRequest(Operation::WebhookList), [this, asked = client()](
                                                                Result<QJsonObject> reply) {
        if (asked != client())
            return;
        if (!reply)
            return Q_EMIT failed(reply.error());
        const QString selected = selectedUrl();
        m_webhooks = reply->value(QStringLiteral("webhooks")).toArray();
        m_table->clear();
        m_table->setColumnCount(6);
        m_table->setHorizontalHeaderLabels({tr("URL"), tr("Authentication"), tr("Events"),
                                            tr("State"), tr("Last delivery"), tr("Failures")});
        m_table->setRowCount(int(m_webhooks.size()));
        QStringList urls;
        for (int i = 0; i < m_webhooks.size(); ++i) {
            const QJsonObject webhook = m_webhooks.at(i).toObject();
            const QJsonObject activity = webhook.value(QStringLiteral("activity")).toObject();
            const QString auth = webhook.value(QStringLiteral("auth")).toString();
            QString authText = auth == u"jwt"     ? tr("JWT (secret)")
                               : auth == u"token" ? tr("Bearer token")
                                                  : tr("None");
            if (webhook.value(QStringLiteral("signed")).toBool())
                authText = tr("%1, signed").arg(authText);
            const QStringList events =
                webhook.value(QStringLiteral("events")).toVariant().toStringList();
            const QString disabled = webhook.value(QStringLiteral("disabled")).toString();
            QString state = disabled.isEmpty() ? tr("Enabled") : tr("Disabled: %1").arg(disabled);
            if (webhook.value(QStringLiteral("insecure")).toBool())
                state = tr("%1, certificate not verified").arg(state);
            const QString url = webhook.value(QStringLiteral("url")).toString();
            urls.append(url);
            const QStringList cells{
                url,
                authText,
                events.isEmpty() ? tr("all") : events.join(u','),
                state,
                timeText(activity.value(QStringLiteral("last_delivery_ms")).toInteger()),
                QString::number(activity.value(QStringLiteral("failures")).toInteger())};
            for (int column = 0; column < cells.size(); ++column)
                m_table->setItem(i, column, new QTableWidgetItem(cells[column]));
        }
        m_table->resizeColumnsToContents();
        selectWebhook(selected);
        Q_EMIT webhooksChanged(urls);
    });
}

void WebhooksView::selectWebhook(const QString &url) {
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (m_table->item(row, 0) && m_table->item(row, 0)->text() == url)
            m_table->selectRow(row);
    }
}

QString WebhooksView::selectedUrl() const {
    const auto rows =
        m_table->selectionModel() ? m_table->selectionModel()->selectedRows() : QModelIndexList();
    if (rows.isEmpty() || !m_table->item(rows.first().row(), 0))
        return {};
    return m_table->item(rows.first().row(), 0)->text();
}

void WebhooksView::addWebhook() {
    if (!client() || m_dialog)
        return;
    m_dialog = new WebhookDialog(nullptr, this);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_dialog, &QDialog::accepted, this,
            [this, dialog = m_dialog] { submit(dialog, Operation::WebhookAdd); });
    m_dialog->open();
}

void WebhooksView::editSelected() {
    const QString url = selectedUrl();
    if (!client() || m_dialog || url.isEmpty())
        return;
    WebhookDialog::Current current;
    for (const QJsonValue &value : std::as_const(m_webhooks)) {
        const QJsonObject webhook = value.toObject();
        if (webhook.value(QStringLiteral("url")).toString() != url)
            continue;
        current.url = url;
        current.events = webhook.value(QStringLiteral("events")).toVariant().toStringList();
        current.parallel = webhook.value(QStringLiteral("parallel")).toInt(1);
        current.insecure = webhook.value(QStringLiteral("insecure")).toBool();
    }
    m_dialog = new WebhookDialog(&current, this);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_dialog, &QDialog::accepted, this,
            [this, dialog = m_dialog] { submit(dialog, Operation::WebhookMod); });
    m_dialog->open();
}

void WebhooksView::submit(WebhookDialog *dialog, Operation operation) {
    OperationRequest request(operation);
    QString error;
    // The dialog gives the secrets in clear; they travel sealed for this request's place.
    if (!dialog->request(&request, &error))
        return Q_EMIT failed(error);
    for (Argument secret : {Argument::Token, Argument::Secret, Argument::SigningSecret}) {
        if (request.has(secret))
            request.set(secret, client()->seal(request.text(secret), request.place(secret)));
    }
    operateAndShow(operation == Operation::WebhookAdd ? tr("Add webhook") : tr("Edit webhook"),
                   request);
}

void WebhooksView::deleteSelected() {
    const QString url = selectedUrl();
    if (!client() || url.isEmpty())
        return;
    QMessageBox ask(QMessageBox::Question, tr("Delete webhook"),
                    tr("Delete %1 on every node?").arg(url), QMessageBox::Yes | QMessageBox::No,
                    this);
    // The URL came from the cluster's files: shown as it is, never as rich text.
    ask.setTextFormat(Qt::PlainText);
    if (ask.exec() != QMessageBox::Yes)
        return;
    operateAndShow(tr("Delete webhook"),
                   OperationRequest(Operation::WebhookDel).set(Argument::Url, url));
}

void WebhooksView::testSelected() {
    const QString url = selectedUrl();
    if (!client() || url.isEmpty())
        return;
    // The stored token and secret are not known here; the nodes test with the URL's TLS choice.
    operateAndShow(tr("Test webhook"),
                   OperationRequest(Operation::WebhookTest).set(Argument::Url, url));
}

void WebhooksView::sync() {
    if (client())
        operateAndShow(tr("Sync"), OperationRequest(Operation::Sync));
}

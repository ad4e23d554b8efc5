// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "adminpage.h"
#include "webhookdialog.h"

#include <QJsonArray>
#include <QPointer>

class QTableWidget;

// The cluster's webhooks: URL, kind of authentication (never the secret), filter, state, and
// this node's last delivery and failures. Add, edit, delete, test and sync show the per-node
// result table.
class WebhooksView : public AdminPage {
    Q_OBJECT

public:
    explicit WebhooksView(QWidget *parent = nullptr);
    void refresh() override;
    // The open add/edit dialog, if any (tests fill it in and accept it).
    WebhookDialog *dialog() const { return m_dialog; }
    void selectWebhook(const QString &url);
    QString selectedUrl() const;

    void addWebhook();
    void editSelected();
    void deleteSelected();
    void testSelected();
    void sync();

Q_SIGNALS:
    // The webhooks as last loaded (other views offer them in their choosers).
    void webhooksChanged(const QStringList &urls);

protected:
    void clear() override;

private:
    void submit(WebhookDialog *dialog, Operation operation);

    QTableWidget *m_table;
    QJsonArray m_webhooks;
    QPointer<WebhookDialog> m_dialog;
};

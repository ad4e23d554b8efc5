#pragma once

#include "webhookdialog.h"

#include <QJsonArray>
#include <QPointer>
#include <QWidget>

class AdminClient;
class QPushButton;
class QTableWidget;

// The cluster's webhooks: URL, kind of authentication (never the secret), filter, state, and
// this node's last delivery and failures. Add, edit, delete, test and sync show the per-node
// result table.
class WebhooksView : public QWidget {
    Q_OBJECT

public:
    explicit WebhooksView(QWidget *parent = nullptr);
    void setClient(AdminClient *client);
    void refresh();
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
    void failed(const QString &message);
    // The webhooks as last loaded (other views offer them in their choosers).
    void webhooksChanged(const QStringList &urls);

private:
    void submit(WebhookDialog *dialog, const QString &op);
    void operate(const QString &title, const QJsonObject &request);

    AdminClient *m_client = nullptr;
    QTableWidget *m_table;
    QList<QPushButton *> m_buttons;
    QJsonArray m_webhooks;
    QPointer<WebhookDialog> m_dialog;
};

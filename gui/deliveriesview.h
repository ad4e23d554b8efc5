#pragma once

#include <QWidget>

class AdminClient;
class QCheckBox;
class QComboBox;
class QPushButton;
class QTableWidget;

// Delivery attempts of every node, for one webhook or all, optionally only the failures; the
// selected event (and everything after it) or a webhook's dead letters are sent again.
class DeliveriesView : public QWidget {
    Q_OBJECT

public:
    explicit DeliveriesView(QWidget *parent = nullptr);
    void setClient(AdminClient *client);
    void setWebhooks(const QStringList &urls);
    void refresh();
    void setFailedOnly(bool failedOnly);
    void chooseWebhook(const QString &url); // empty: all
    int attemptCount() const;
    QString cell(int row, int column) const;
    // Replays the chosen webhook's dead letters, or the selected attempt's event to its
    // webhook.
    void replayDead();
    void replaySelected();

Q_SIGNALS:
    void failed(const QString &message);

private:
    void replay(const QString &url, qint64 sinceMs, bool dead, const QString &eventId = {});

    AdminClient *m_client = nullptr;
    QComboBox *m_webhook;
    QCheckBox *m_failedOnly;
    QTableWidget *m_table;
    QList<QPushButton *> m_buttons;
};

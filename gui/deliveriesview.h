// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "adminpage.h"

class QCheckBox;
class QComboBox;
class QTableWidget;

// Delivery attempts of every node, for one webhook or all, optionally only the failures; the
// selected event (and everything after it) or a webhook's dead letters are sent again.
class DeliveriesView : public AdminPage {
    Q_OBJECT

public:
    explicit DeliveriesView(QWidget *parent = nullptr);
    void setWebhooks(const QStringList &urls);
    void refresh() override;
    void setFailedOnly(bool failedOnly);
    void chooseWebhook(const QString &url); // empty: all
    int attemptCount() const;
    QString cell(int row, int column) const;
    // Replays the chosen webhook's dead letters, or the selected attempt's event to its
    // webhook.
    void replayDead();
    void replaySelected();

protected:
    void clear() override;

private:
    void replay(const QString &url, qint64 sinceMs, bool dead, const QString &eventId = {});

    QComboBox *m_webhook;
    QCheckBox *m_failedOnly;
    QTableWidget *m_table;
    quint64 m_refreshes = 0; // the newest refresh asked for
};

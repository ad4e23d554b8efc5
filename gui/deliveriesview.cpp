// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "deliveriesview.h"

#include "adminclient.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QTableWidget>
#include <QVBoxLayout>

DeliveriesView::DeliveriesView(QWidget *parent)
    : AdminPage(parent)
    , m_webhook(new QComboBox(this))
    , m_failedOnly(new QCheckBox(tr("Failures o&nly"), this))
    , m_table(addTable(QStringLiteral("attempts"))) {
    m_webhook->setObjectName(QStringLiteral("webhook"));
    m_webhook->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    setWebhooks({});

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_webhook);
    bar->addWidget(m_failedOnly);
    bar->addStretch();
    addButton(bar, tr("&Refresh"), [this] { refresh(); });
    addButton(bar, tr("Replay &selected event"), [this] { replaySelected(); });
    addButton(bar, tr("Replay dead le&tters"), [this] { replayDead(); });
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_table);
    connect(m_webhook, &QComboBox::currentIndexChanged, this, &DeliveriesView::refresh);
    connect(m_failedOnly, &QCheckBox::toggled, this, &DeliveriesView::refresh);
}

void DeliveriesView::clear() {
    m_table->setRowCount(0);
}

void DeliveriesView::setWebhooks(const QStringList &urls) {
    const QString current = m_webhook->currentData().toString();
    const QSignalBlocker blocker(m_webhook);
    m_webhook->clear();
    m_webhook->addItem(tr("All webhooks"), QString());
    for (const QString &url : urls)
        m_webhook->addItem(url, url);
    m_webhook->setCurrentIndex(std::max(0, m_webhook->findData(current)));
}

void DeliveriesView::setFailedOnly(bool failedOnly) {
    m_failedOnly->setChecked(failedOnly);
}

void DeliveriesView::chooseWebhook(const QString &url) {
    m_webhook->setCurrentIndex(std::max(0, m_webhook->findData(url)));
}

int DeliveriesView::attemptCount() const {
    return m_table->rowCount();
}

QString DeliveriesView::cell(int row, int column) const {
    const QTableWidgetItem *item = m_table->item(row, column);
    return item ? item->text() : QString();
}

void DeliveriesView::refresh() {
    if (!client())
        return;
    const OperationRequest request = OperationRequest(Operation::Deliveries)
                                         .set(Argument::Url, m_webhook->currentData().toString())
                                         .set(Argument::Failed, m_failedOnly->isChecked())
                                         .set(Argument::Limit, 500);
    // Choosing a webhook and ticking "failed only" ask twice; only the newest answer is shown.
    const quint64 ticket = ++m_refreshes;
    client()->run(request, [this, asked = client(), ticket](Result<QJsonObject> reply) {
        if (asked != client() || ticket != m_refreshes)
            return;
        if (!reply)
            return Q_EMIT failed(reply.error());
        const QJsonArray attempts = reply->value(QStringLiteral("attempts")).toArray();
        m_table->clear();
        m_table->setColumnCount(8);
        m_table->setHorizontalHeaderLabels({tr("Time"), tr("Node"), tr("Webhook"), tr("Event"),
                                            tr("Type"), tr("Status"), tr("Latency (ms)"),
                                            tr("Error")});
        m_table->setRowCount(int(attempts.size()));
        for (int i = 0; i < attempts.size(); ++i) {
            const QJsonObject attempt = attempts.at(i).toObject();
            const qint64 time = attempt.value(QStringLiteral("time_ms")).toInteger();
            const int status = attempt.value(QStringLiteral("status")).toInt();
            const QStringList cells{
                QDateTime::fromMSecsSinceEpoch(time).toString(
                    QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                attempt.value(QStringLiteral("node")).toString(),
                attempt.value(QStringLiteral("webhook")).toString(),
                attempt.value(QStringLiteral("event")).toString(),
                attempt.value(QStringLiteral("type")).toString(),
                status > 0 ? QString::number(status) : QStringLiteral("-"),
                QString::number(attempt.value(QStringLiteral("latency_ms")).toInteger()),
                attempt.value(QStringLiteral("error")).toString()};
            for (int column = 0; column < cells.size(); ++column) {
                auto *item = new QTableWidgetItem(cells[column]);
                if (!cells[7].isEmpty())
                    item->setForeground(Qt::red);
                m_table->setItem(i, column, item);
            }
        }
        m_table->resizeColumnsToContents();
    });
}

void DeliveriesView::replayDead() {
    const QString url = m_webhook->currentData().toString();
    if (url.isEmpty())
        return Q_EMIT failed(tr("Choose a webhook first: its dead letters are sent again."));
    replay(url, 0, true);
}

void DeliveriesView::replaySelected() {
    const int row = m_table->currentRow();
    if (row < 0 || row >= m_table->rowCount())
        return Q_EMIT failed(tr("Select an attempt first: its event is sent again."));
    // Its own event only, to its own webhook, from the events the nodes keep for the history
    // (dead-lettered ones included; "Replay dead letters" also empties the list).
    replay(cell(row, 2), 0, false, cell(row, 3));
}

void DeliveriesView::replay(const QString &url, qint64 sinceMs, bool dead, const QString &eventId) {
    operateAndShow(tr("Replay"), OperationRequest(Operation::Replay)
                                     .set(Argument::Url, url)
                                     .set(Argument::SinceMs, double(sinceMs))
                                     .set(Argument::Dead, dead)
                                     .set(Argument::EventId, eventId));
}

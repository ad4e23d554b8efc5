// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "liveeventsview.h"

#include "adminclient.h"
#include "plaintext.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace {

constexpr int kPollWaitMs = 15'000;
constexpr int kRetryMs = 3'000;

} // namespace

LiveEventsView::LiveEventsView(QWidget *parent)
    : QWidget(parent)
    , m_scope(new QComboBox(this))
    , m_type(new QLineEdit(this))
    , m_node(new QLineEdit(this))
    , m_text(new QLineEdit(this))
    , m_pause(new QCheckBox(tr("&Pause"), this))
    , m_table(new QTableView(this))
    , m_detail(new QPlainTextEdit(this))
    , m_state(PlainText::label(QString(), this)) {
    m_scope->addItems({tr("This node"), tr("All nodes")});
    m_type->setPlaceholderText(tr("Event type"));
    m_node->setPlaceholderText(tr("Node"));
    m_text->setPlaceholderText(tr("Text"));
    m_table->setObjectName(QStringLiteral("events"));
    m_detail->setObjectName(QStringLiteral("detail"));
    m_detail->setReadOnly(true);
    m_filter.setSourceModel(&m_model);
    m_table->setModel(&m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    auto *clear = new QPushButton(tr("Clea&r"), this);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_scope);
    bar->addWidget(m_type);
    bar->addWidget(m_node);
    bar->addWidget(m_text);
    bar->addWidget(m_pause);
    bar->addWidget(clear);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(splitter);
    layout->addWidget(m_state);

    connect(m_scope, &QComboBox::currentIndexChanged, this, [this] { restart(); });
    for (QLineEdit *edit : {m_type, m_node, m_text})
        connect(edit, &QLineEdit::textChanged, this, &LiveEventsView::applyFilter);
    connect(m_pause, &QCheckBox::toggled, this, &LiveEventsView::setPaused);
    connect(clear, &QPushButton::clicked, this, [this] {
        m_model.clear();
        m_detail->clear();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &LiveEventsView::showDetail);
}

LiveEventsView::~LiveEventsView() = default;

void LiveEventsView::setClient(AdminClient *client) {
    m_client = client;
    m_model.clear();
    m_held.clear();
    restart();
}

void LiveEventsView::setAllNodes(bool allNodes) {
    m_scope->setCurrentIndex(allNodes ? 1 : 0); // restarts through the signal
}

void LiveEventsView::setPaused(bool paused) {
    m_paused = paused;
    m_pause->setChecked(paused);
    if (!paused && !m_held.empty()) {
        m_model.append(std::move(m_held));
        m_held.clear();
    }
}

QString LiveEventsView::detail() const {
    return m_detail->toPlainText();
}

void LiveEventsView::selectRow(int row) {
    m_table->selectRow(row);
    showDetail();
}

void LiveEventsView::restart() {
    const int generation = ++m_generation;
    m_sources.clear();
    if (!m_client) {
        m_state->clear();
        return;
    }
    if (m_scope->currentIndex() == 0) {
        m_sources.push_back(Source{tr("this node"), m_client->node()});
        m_state->setText(tr("Listening to %1").arg(m_client->node().host));
        poll(0, generation);
        return;
    }
    // Every member, reached on the connected node's port (every node uses the same one).
    m_client->run(OperationRequest(Operation::PoolList), [this,
                                                          generation](Result<QJsonObject> reply) {
        if (generation != m_generation || !m_client)
            return;
        if (!reply)
            return Q_EMIT failed(reply.error());
        for (const QJsonValue &value : reply->value(QStringLiteral("pool")).toArray()) {
            const QString node = value.toObject().value(QStringLiteral("node")).toString();
            const NodeAddress address =
                node == u"localhost" ? m_client->node() : NodeAddress{node, m_client->node().port};
            m_sources.push_back(Source{node, address});
        }
        m_state->setText(tr("Listening to %n nodes", nullptr, int(m_sources.size())));
        for (size_t i = 0; i < m_sources.size(); ++i)
            poll(int(i), generation);
    });
}

void LiveEventsView::poll(int sourceIndex, int generation) {
    if (generation != m_generation || !m_client)
        return;
    Source &source = m_sources.at(size_t(sourceIndex));
    // The first poll asks for nothing old: the view shows events from now on.
    const int waitMs = source.started ? kPollWaitMs : 0;
    // 2^52, exact in JSON: beyond any seq, so the node starts from its newest event.
    const quint64 after = source.started ? source.after : quint64(1) << 52;
    m_client->pollEvents(
        source.address, after, waitMs, [this, sourceIndex, generation](Result<QJsonObject> reply) {
            if (generation != m_generation || !m_client)
                return;
            Source &current = m_sources.at(size_t(sourceIndex));
            if (!reply) {
                m_state->setText(reply.error());
                QTimer::singleShot(kRetryMs, this, [this, sourceIndex, generation] {
                    poll(sourceIndex, generation);
                });
                return;
            }
            current.after = quint64(reply->value(QStringLiteral("next")).toInteger());
            if (current.started) {
                std::vector<LiveEventsModel::Row> rows;
                for (const QJsonValue &value : reply->value(QStringLiteral("events")).toArray()) {
                    const QJsonObject event = value.toObject();
                    const QByteArray body = event.value(QStringLiteral("body")).toString().toUtf8();
                    const QJsonObject parsed = QJsonDocument::fromJson(body).object();
                    rows.push_back(LiveEventsModel::Row{
                        event.value(QStringLiteral("received_ms")).toInteger(),
                        event.value(QStringLiteral("type")).toString(), current.name,
                        QString::fromUtf8(
                            QJsonDocument(parsed.value(QStringLiteral("message")).toObject())
                                .toJson(QJsonDocument::Compact)),
                        body});
                }
                if (m_paused) {
                    for (auto &row : rows)
                        m_held.push_back(std::move(row));
                    LiveEventsModel::keepNewest(m_held, LiveEventsModel::kDefaultCapacity,
                                                LiveEventsModel::kDefaultMaxBytes);
                } else {
                    m_model.append(std::move(rows));
                }
            }
            current.started = true;
            poll(sourceIndex, generation);
        });
}

void LiveEventsView::applyFilter() {
    m_filter.setFilters(m_type->text(), m_node->text(), m_text->text());
}

void LiveEventsView::showDetail() {
    const QModelIndex index = m_filter.mapToSource(m_table->currentIndex());
    if (!index.isValid())
        return m_detail->clear();
    m_detail->setPlainText(QString::fromUtf8(m_model.row(index.row()).body));
}

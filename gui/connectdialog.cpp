// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "connectdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

namespace {

constexpr int kMaxRecent = 8;

QString describe(const ConnectDialog::Target &target) {
    return QStringLiteral("%1:%2 (%3)").arg(target.host).arg(target.port).arg(target.keyFile);
}

} // namespace

ConnectDialog::ConnectDialog(QWidget *parent)
    : QDialog(parent)
    , m_recent(new QComboBox(this))
    , m_host(new QLineEdit(this))
    , m_port(new QSpinBox(this))
    , m_keyFile(new QLineEdit(this)) {
    setWindowTitle(tr("Connect to a node"));
    m_host->setObjectName(QStringLiteral("host"));
    m_port->setObjectName(QStringLiteral("port"));
    m_keyFile->setObjectName(QStringLiteral("keyFile"));
    m_port->setRange(1, 65535);
    m_port->setValue(55555);
    m_host->setPlaceholderText(QStringLiteral("node1.example or 192.0.2.10"));
    m_keyFile->setPlaceholderText(QStringLiteral("/var/lib/glusterd/events/cluster.key"));
    const QList<Target> previous = recent();
    m_recent->addItem(tr("New connection"));
    for (const Target &target : previous)
        m_recent->addItem(describe(target));
    connect(m_recent, &QComboBox::currentIndexChanged, this, [this, previous](int index) {
        if (index > 0)
            setTarget(previous.at(index - 1));
    });
    if (!previous.isEmpty())
        m_recent->setCurrentIndex(1);

    auto *browse = new QPushButton(tr("&Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file =
            QFileDialog::getOpenFileName(this, tr("Cluster key file"), m_keyFile->text());
        if (!file.isEmpty())
            m_keyFile->setText(file);
    });
    auto *keyRow = new QHBoxLayout;
    keyRow->addWidget(m_keyFile);
    keyRow->addWidget(browse);
    auto *form = new QFormLayout;
    form->addRow(tr("&Recent:"), m_recent);
    form->addRow(tr("&Node:"), m_host);
    form->addRow(tr("&Port:"), m_port);
    form->addRow(tr("Cluster &key file:"), keyRow);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Connect"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

ConnectDialog::Target ConnectDialog::target() const {
    return {m_host->text().trimmed(), quint16(m_port->value()), m_keyFile->text().trimmed()};
}

void ConnectDialog::setTarget(const Target &target) {
    m_host->setText(target.host);
    m_port->setValue(target.port);
    m_keyFile->setText(target.keyFile);
}

QList<ConnectDialog::Target> ConnectDialog::recent() {
    QSettings settings;
    QList<Target> targets;
    const int count = settings.beginReadArray(QStringLiteral("recent"));
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        targets.append({settings.value(QStringLiteral("host")).toString(),
                        quint16(settings.value(QStringLiteral("port"), 55555).toUInt()),
                        settings.value(QStringLiteral("keyFile")).toString()});
    }
    settings.endArray();
    return targets;
}

void ConnectDialog::remember(const Target &target) {
    QList<Target> targets = recent();
    targets.erase(std::remove_if(targets.begin(), targets.end(),
                                 [&](const Target &t) {
                                     return t.host == target.host && t.port == target.port;
                                 }),
                  targets.end());
    targets.prepend(target);
    QSettings settings;
    settings.beginWriteArray(QStringLiteral("recent"));
    for (int i = 0; i < std::min<int>(int(targets.size()), kMaxRecent); ++i) {
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("host"), targets[i].host);
        settings.setValue(QStringLiteral("port"), targets[i].port);
        settings.setValue(QStringLiteral("keyFile"), targets[i].keyFile);
    }
    settings.endArray();
}

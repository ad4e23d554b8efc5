// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "webhookdialog.h"

#include "webhook.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

WebhookDialog::WebhookDialog(const Current *current, QWidget *parent)
    : QDialog(parent)
    , m_editing(current)
    , m_url(new QLineEdit(this))
    , m_token(new QLineEdit(this))
    , m_secret(new QLineEdit(this))
    , m_events(new QLineEdit(this))
    , m_signingSecret(new QLineEdit(this))
    , m_parallel(new QSpinBox(this))
    , m_caFile(new QLineEdit(this))
    , m_insecure(new QCheckBox(tr("Do &not verify the HTTPS certificate"), this)) {
    setWindowTitle(current ? tr("Edit webhook") : tr("Add webhook"));
    m_url->setObjectName(QStringLiteral("url"));
    m_token->setObjectName(QStringLiteral("token"));
    m_secret->setObjectName(QStringLiteral("secret"));
    m_events->setObjectName(QStringLiteral("events"));
    m_parallel->setObjectName(QStringLiteral("parallel"));
    m_caFile->setObjectName(QStringLiteral("caFile"));
    m_insecure->setObjectName(QStringLiteral("insecure"));
    for (QLineEdit *secret : {m_token, m_secret, m_signingSecret}) {
        secret->setEchoMode(QLineEdit::Password);
        if (current)
            secret->setPlaceholderText(tr("unchanged"));
    }
    m_url->setPlaceholderText(QStringLiteral("https://receiver.example/listen"));
    m_events->setPlaceholderText(tr("every event, or e.g. VOLUME_*,PEER_ATTACH"));
    m_parallel->setRange(1, Webhook::kMaxParallel);
    m_caFile->setPlaceholderText(tr("system CAs"));
    auto *browse = new QPushButton(tr("&Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(
            this, tr("CA certificate"), QString(), tr("PEM files (*.pem *.crt);;All files (*)"));
        if (!file.isEmpty())
            m_caFile->setText(file);
    });
    auto *caRow = new QHBoxLayout;
    caRow->addWidget(m_caFile);
    caRow->addWidget(browse);
    if (current) {
        m_url->setText(current->url);
        m_url->setReadOnly(true);
        m_events->setText(current->events.join(u','));
        m_parallel->setValue(current->parallel);
        m_insecure->setChecked(current->insecure);
    }

    auto *form = new QFormLayout;
    form->addRow(tr("&URL:"), m_url);
    form->addRow(tr("Bearer &token:"), m_token);
    form->addRow(tr("JWT &secret:"), m_secret);
    form->addRow(tr("&Events:"), m_events);
    form->addRow(tr("Si&gning secret:"), m_signingSecret);
    form->addRow(tr("&Parallel requests:"), m_parallel);
    form->addRow(tr("&CA certificate:"), caRow);
    form->addRow(QString(), m_insecure);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

QString WebhookDialog::url() const {
    return m_url->text().trimmed();
}

bool WebhookDialog::request(OperationRequest *request, QString *error) const {
    OperationRequest result = *request;
    result.set(Argument::Url, url())
        .set(Argument::Parallel, m_parallel->value())
        .set(Argument::Insecure, m_insecure->isChecked());
    // Editing: an empty secret field keeps what the webhook has; adding: empty is none.
    const auto secret = [&](Argument argument, const QLineEdit *field) {
        if (!field->text().isEmpty() || !m_editing)
            result.set(argument, field->text());
    };
    secret(Argument::Token, m_token);
    secret(Argument::Secret, m_secret);
    secret(Argument::SigningSecret, m_signingSecret);
    result.set(Argument::Events, m_events->text().trimmed().isEmpty() ? QStringLiteral("*")
                                                                      : m_events->text().trimmed());
    if (!m_caFile->text().isEmpty()) {
        QFile file(m_caFile->text());
        if (!file.open(QIODevice::ReadOnly) || file.size() > 1024 * 1024) {
            *error = tr("Cannot read the CA certificate %1: %2")
                         .arg(m_caFile->text(),
                              file.isOpen() ? tr("larger than 1 MiB") : file.errorString());
            return false;
        }
        result.set(Argument::CaCert, QString::fromUtf8(file.readAll()));
    }
    *request = result;
    return true;
}

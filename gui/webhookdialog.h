// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "operationrequest.h"

#include <QDialog>

class QCheckBox;
class QLineEdit;
class QSpinBox;

// Add or edit one webhook: URL, bearer token or JWT secret, filter, signing secret,
// parallelism and the TLS choice. Editing leaves the secrets empty: an empty field there means
// "keep", never "show" (the GUI never sees a secret).
class WebhookDialog : public QDialog {
    Q_OBJECT

public:
    struct Current {
        QString url;
        QStringList events;
        int parallel = 1;
        bool insecure = false;
    };

    // `current` set: edit that webhook (its URL cannot change).
    explicit WebhookDialog(const Current *current, QWidget *parent = nullptr);

    // Sets the webhook's arguments of `request` (webhook-add or -mod); secrets still in clear,
    // sealed by the caller. Fails with a message when the CA file cannot be read.
    bool request(OperationRequest *request, QString *error) const;
    QString url() const;

private:
    bool m_editing;
    QLineEdit *m_url;
    QLineEdit *m_token;
    QLineEdit *m_secret;
    QLineEdit *m_events;
    QLineEdit *m_signingSecret;
    QSpinBox *m_parallel;
    QLineEdit *m_caFile;
    QCheckBox *m_insecure;
};

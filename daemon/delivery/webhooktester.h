// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "webhook.h"

#include <QObject>

#include <functional>

class QNetworkAccessManager;

// webhook-test on this node: one POST whose body is JSON null, with the same auth headers a
// real delivery would carry and its TLS choice (docs/contract.md). OK on any 2xx, else why not.
class WebhookTester : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebhookTester)

public:
    using Done = std::function<void(bool ok, const QString &error)>;

    explicit WebhookTester(QNetworkAccessManager &network, QObject *parent = nullptr);
    // The webhook's URL, credentials and TLS choice are used; its filter is not.
    void test(const Webhook &webhook, Done done);

private:
    QNetworkAccessManager &m_network;
};

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "clustercontext.h"
#include "clusteroperations.h"
#include "clusterqueries.h"
#include "httpmessage.h"
#include "operationrequest.h"
#include "secretbox.h"

#include <QJsonObject>
#include <QObject>

#include <functional>

// POST /v1/run: the admin GUI asks the node it is connected to to run a cluster operation or
// query, exactly as the CLI would run it in-process (the same ClusterOperations and
// ClusterQueries), and gets the result as JSON. Secrets in the request arrive sealed with the
// cluster key.
class OperationRunner : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OperationRunner)

public:
    using Answer = std::function<void(const HttpResponse &)>;
    // What this node knows of a webhook's deliveries: {"last_delivery_ms", "failures", ...}.
    using ActivitySource = std::function<QJsonObject(const QString &url)>;

    OperationRunner(ClusterContext context, QNetworkAccessManager &network, ActivitySource activity,
                    QObject *parent = nullptr);

    void run(const QJsonObject &request, Answer answer);

private:
    void webhooks(const Answer &answer);
    void config(const Answer &answer);
    void deliveries(const OperationRequest &request, const Answer &answer);
    Result<WebhookSettings> webhookSettings(const OperationRequest &request) const;
    void operation(const OperationRequest &request, const Answer &answer);

    ClusterContext m_context;
    ClusterOperations m_operations;
    ClusterQueries m_queries;
    SecretBox m_box;
    ActivitySource m_activity;
};

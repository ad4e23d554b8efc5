// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "clustercontext.h"
#include "clusterresult.h"
#include "controlclient.h"
#include "deliveryrow.h"
#include "noderow.h"
#include "result.h"

#include <QJsonValue>

#include <functional>

struct StatusReport {
    QStringList webhookLines; // as `status` prints them: the URL, then anything notable
    QStringList webhookUrls;
    NodeRows rows; // GLUSTEREVENTSD STATUS per node
};

struct DeliveriesReport {
    QList<DeliveryRow> rows; // newest first, from every node that answered
    NodeRows nodes;          // per node: OK, or why its attempts are missing
};

// config-get's answer: every setting asked for, or why there is none.
struct ConfigValues {
    Refusal refusal = Refusal::None; // UnknownName, or CannotRun when the files cannot be read
    QString error;
    QList<QPair<QString, QJsonValue>> values;
};

struct PoolEntry {
    QString node; // "localhost" or the host
    QString nodeId;
    bool up = false;
};

// The read-only questions about the cluster: status, pool-list, deliveries, config-get. They
// change nothing, so a node whose ping does not come within the read deadline
// (ControlClient::kQueryDeadlineMs) is given up on, and its row says so.
class ClusterQueries : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClusterQueries)

public:
    ClusterQueries(ClusterContext context, QNetworkAccessManager &network,
                   QObject *parent = nullptr);

    void status(std::function<void(Result<StatusReport>)> done);
    void poolList(std::function<void(Result<QList<PoolEntry>>)> done);
    // The newest `limit` delivery attempts of every node (for one webhook unless `url` is
    // empty), merged newest first.
    void deliveries(const QString &url, bool failedOnly, int limit,
                    std::function<void(Result<DeliveriesReport>)> done);
    // Every setting's effective value, or the one named (either spelling); an unknown name is
    // an error. Local files only: no node is asked.
    static ConfigValues configGet(const QString &defaultConfigFile, const QString &customConfigFile,
                                  const QString &name);

private:
    ClusterContext m_context;
    ControlClient m_pinger; // liveness is open: no key needed to ask
    ControlClient m_client; // the history is not
};

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "adminclient.h"

#include "clusterresultjson.h"

#include <QCoreApplication>

AdminClient::AdminClient(QNetworkAccessManager &network, NodeAddress node, QByteArray clusterKey,
                         QString keyPath, QObject *parent)
    : QObject(parent)
    , m_node(std::move(node))
    , m_keyPath(std::move(keyPath))
    , m_client(network, clusterKey, 60'000)
    , m_poller(network, clusterKey, 40'000)
    , m_box(clusterKey) {
}

QString AdminClient::describe(const ControlReply &reply, const NodeAddress &node) const {
    const QString where = QStringLiteral("%1:%2").arg(node.host).arg(node.port);
    switch (reply.outcome) {
    case ControlReply::Outcome::Ok:
        return {};
    case ControlReply::Outcome::Refused:
        return tr("%1 answers, but glustereventsd is not running there").arg(where);
    case ControlReply::Outcome::Unreachable:
        return tr("%1 cannot be reached: %2").arg(where, reply.error);
    case ControlReply::Outcome::Unauthorized:
        return tr("%1 refused the request: %2").arg(where, reply.error);
    case ControlReply::Outcome::KeyMismatch:
        return tr("%1 uses a different cluster key from the one in %2: connect with the "
                  "cluster.key file of a node of that cluster")
            .arg(where, m_keyPath);
    case ControlReply::Outcome::Failed:
        return tr("%1: %2").arg(where, reply.error);
    }
    return reply.error;
}

void AdminClient::run(const OperationRequest &request, Done done) {
    if (m_running++ == 0)
        Q_EMIT busyChanged(true);
    m_client.send(m_node, "POST", QStringLiteral("/v1/run"), request.toJson(),
                  [this, done](const ControlReply &reply) {
                      finished();
                      if (reply.outcome != ControlReply::Outcome::Ok)
                          return done(Result<QJsonObject>::failure(describe(reply, m_node)));
                      done(reply.body);
                  });
}

void AdminClient::operate(const OperationRequest &request,
                          std::function<void(Result<ClusterResult>)> done) {
    run(request, [done](Result<QJsonObject> reply) {
        if (!reply)
            return done(Result<ClusterResult>::failure(reply.error()));
        done(ClusterResultJson::fromJson(*reply));
    });
}

void AdminClient::pollEvents(const NodeAddress &node, quint64 after, int waitMs, Done done) {
    const QJsonObject body{{QStringLiteral("after"), double(after)},
                           {QStringLiteral("wait_ms"), waitMs},
                           {QStringLiteral("max"), 1000}};
    m_poller.send(node, "POST", QStringLiteral("/v1/events"), body,
                  [this, node, done](const ControlReply &reply) {
                      if (reply.outcome != ControlReply::Outcome::Ok)
                          return done(Result<QJsonObject>::failure(describe(reply, node)));
                      done(reply.body);
                  });
}

void AdminClient::finished() {
    if (--m_running == 0)
        Q_EMIT busyChanged(false);
}

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "clusterresult.h"
#include "controlclient.h"
#include "operationrequest.h"
#include "result.h"
#include "secretbox.h"

#include <QJsonObject>
#include <QObject>

#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;

// The GUI's line to the node it is connected to: every cluster operation and query goes to
// that node's POST /v1/run, signed with the cluster key the admin pointed at, and every failure
// comes back as one sentence for the status bar or a message box.
class AdminClient : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AdminClient)

public:
    using Done = std::function<void(Result<QJsonObject>)>;

    AdminClient(QNetworkAccessManager &network, NodeAddress node, QByteArray clusterKey,
                QString keyPath, QObject *parent = nullptr);

    const NodeAddress &node() const { return m_node; }
    // Seals a secret for the request body (secrets never cross the network in clear).
    QString seal(const QString &secret, const SealPlace &place) const {
        return m_box.seal(secret, place);
    }

    void run(const OperationRequest &request, Done done);
    // As run(), for operations and queries that answer with per-node rows.
    void operate(const OperationRequest &request, std::function<void(Result<ClusterResult>)> done);
    // Long poll of `node`'s live events after `after` (see EventFeed), up to `waitMs`.
    void pollEvents(const NodeAddress &node, quint64 after, int waitMs, Done done);

Q_SIGNALS:
    // A request is running (true) or none is (false): the window shows progress.
    void busyChanged(bool busy);

private:
    void finished();
    QString describe(const ControlReply &reply, const NodeAddress &node) const;

    NodeAddress m_node;
    QString m_keyPath;
    ControlClient m_client;
    ControlClient m_poller; // long polls wait longer than operations
    SecretBox m_box;
    int m_running = 0;
};

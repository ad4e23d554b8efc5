// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "clustercontext.h"
#include "clusterstore.h"
#include "controlclient.h"
#include "secretbox.h"

#include <QObject>
#include <QTimer>

#include <memory>

// Catch-up: at start and then periodically, asks every other pool member for its documents
// and adopts the newer entries, so a node that was down converges without anyone running
// `sync`. After a change made on this node by hand, pushes it out at once.
class PeerSync : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PeerSync)

public:
    static constexpr int kIntervalMs = 30'000;

    PeerSync(ClusterContext context, QNetworkAccessManager &network, QObject *parent = nullptr);

    void start(int firstDelayMs);
    void setClusterKey(const QByteArray &key);
    void pullNow();
    void pushNow();

Q_SIGNALS:
    void adopted(const QString &why);

private:
    QList<NodeAddress> peers(const ClusterDocuments &documents) const;

    ClusterContext m_context;
    QNetworkAccessManager &m_network;
    ClusterStore m_store;
    std::unique_ptr<ControlClient> m_client;
    std::unique_ptr<SecretBox> m_box;
    QTimer m_timer;
};

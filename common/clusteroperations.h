// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "clustercontext.h"
#include "clusterresult.h"
#include "clusterstore.h"
#include "controlclient.h"
#include "pool.h"
#include "secretbox.h"

#include <functional>
#include <optional>

// What webhook-add/mod set; what is not given stays as it is (add: empty).
struct WebhookSettings {
    std::optional<QString> token;
    std::optional<QString> secret;
    std::optional<QString> events; // as typed: "VOLUME_*,PEER_ATTACH", or "*" for every event
    std::optional<QString> signingSecret; // "whsec_<base64>"; "" removes it
    std::optional<int> parallel;          // requests at once, 1 (strict order) to 64
    std::optional<QByteArray> caCert;     // PEM content of a private CA; empty removes it
    std::optional<bool> insecure;         // skip certificate verification (true) or not
};

// Every cluster-changing operation, implemented once (docs/contract.md, the cluster): change the
// local files under events/.lock, then push webhooks, config and pool to every node, which merge
// and reload, and report one row per node. Used by the CLI in-process and by the daemon for the
// GUI.
class ClusterOperations : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClusterOperations)

public:
    using Done = std::function<void(ClusterResult)>;

    ClusterOperations(ClusterContext context, QNetworkAccessManager &network,
                      QObject *parent = nullptr);

    void webhookAdd(const QString &url, const WebhookSettings &settings, Done done);
    void webhookModify(const QString &url, const WebhookSettings &settings, Done done);
    void webhookDelete(const QString &url, Done done);
    // Every node sends a test request (body null) to the URL; nothing is stored.
    void webhookTest(const QString &url, const QString &token, const QString &secret, Done done);
    void configSet(const QString &name, const QString &value, Done done);
    void configReset(const QString &nameOrAll, Done done);
    void peerAdd(const QString &host, Done done);
    void peerDelete(const QString &host, Done done);
    // Pushes everything to every node again (a node that was down catches up).
    void sync(Done done);
    void reload(Done done);
    // Every node queues again, for the webhook only, the events that arrived since `sinceMs`
    // (with `dead`: its dead-lettered ones); rows say how many.
    void replay(const QString &url, qint64 sinceMs, bool dead, Done done,
                const QString &eventId = {});

private:
    // A local change; it sets the refusal when it declines (already exists, same value, ...).
    using Change = std::function<Status(ClusterStore::Editor &editor, Refusal &refusal)>;
    void changeAndPush(Refusal refusalOnFileError, const Change &change, Done done,
                       const QStringList &notes = {});
    // The same request to every member, one row per member in `column`.
    void askAll(const QString &path, const QJsonObject &body, StatusColumn column, Done done);
    void push(const ClusterDocuments &documents, const QList<PoolMember> &to, Done done,
              const QStringList &notes);
    QList<PoolMember> members(const ClusterDocuments &documents) const;
    QList<NodeAddress> addresses(const QList<PoolMember> &members) const;
    NodeRows rows(const QList<PoolMember> &members, const QList<ControlReply> &replies,
                  StatusColumn column) const;

    ClusterContext m_context;
    ClusterStore m_store;
    ControlClient m_client;
    ControlClient m_pinger; // liveness is open and unsigned; the push that follows checks the key
    SecretBox m_box;
};

// The text of a row's failure, as the tables show it after "NOT OK: ".
QString describeFailure(const ControlReply &reply, const QString &host, const QString &keyPath);

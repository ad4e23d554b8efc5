#pragma once

#include "requestauth.h"

#include <QJsonObject>
#include <QObject>

#include <functional>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

// Where a node's control API is.
struct NodeAddress {
    QString host;
    quint16 port = 0;
};

// What came back from a node, sorted into the cases the tables tell apart.
struct ControlReply {
    enum class Outcome {
        Ok,           // 2xx, and (when signed) the response signature checks out
        Refused,      // the host answered but nothing listens: node UP, daemon DOWN
        Unreachable,  // no answer in time, no route, unknown host: node DOWN
        Unauthorized, // 401, or a response signed with another key: cluster key mismatch
        Failed,       // any other HTTP error; `error` says why
    };
    Outcome outcome = Outcome::Failed;
    int httpStatus = 0;
    QJsonObject body;
    QString error;

    bool nodeUp() const { return outcome != Outcome::Unreachable; }
};

// The one client of the control protocol, for the CLI, the GUI and peer daemons: signs requests
// with the cluster key, checks the signature of answers, bounds every request in time.
class ControlClient : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ControlClient)

public:
    using Done = std::function<void(const ControlReply &)>;
    static constexpr qint64 kMaxReplyBytes = 8 * 1024 * 1024;

    // Without a cluster key only the open endpoints (liveness) can be used.
    ControlClient(QNetworkAccessManager &network, std::optional<QByteArray> clusterKey,
                  int timeoutMs = 5'000, QObject *parent = nullptr);

    void send(const NodeAddress &node, const QByteArray &method, const QString &path,
              const QJsonObject &body, Done done);
    // The same request to every node at once; `done` gets the replies in the nodes' order.
    void sendToAll(const QList<NodeAddress> &nodes, const QByteArray &method, const QString &path,
                   const QJsonObject &body, std::function<void(QList<ControlReply>)> done);

private:
    ControlReply interpret(QNetworkReply *reply, const QByteArray &nonce) const;

    QNetworkAccessManager &m_network;
    std::optional<RequestAuth> m_auth;
    int m_timeoutMs;
};

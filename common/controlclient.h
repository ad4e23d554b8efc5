// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "controlenvelope.h"

#include <QHash>
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
    QString nodeId = {}; // the UUID expected there; empty: whichever node answers
};

// What came back from a node, sorted into the cases the tables tell apart.
struct ControlReply {
    enum class Outcome {
        Ok,           // 2xx, and (when signed) the response signature checks out
        Refused,      // the host answered but nothing listens: node UP, daemon DOWN
        Unreachable,  // no answer in time, no route, unknown host: node DOWN
        Unauthorized, // 401: stale, replayed, or the node has no key yet; `error` says which
        KeyMismatch,  // the node cannot open our request, or we its answer: another cluster key
        Failed,       // any other HTTP error; `error` says why
    };
    Outcome outcome = Outcome::Failed;
    int httpStatus = 0;
    QJsonObject body;
    QString error;

    bool nodeUp() const { return outcome != Outcome::Unreachable; }
};

// The one client of the control protocol, for the CLI, the GUI and peer daemons. With a
// cluster key every request is sealed (ControlEnvelope) for the node that answers at the
// address: its UUID and boot id come from its /v1/ping first (remembered; asked again when the
// node restarted). A node without control protocol 2 gets nothing but that ping and is
// reported as one to upgrade. Every request is bounded in time and in the size of its answer.
class ControlClient : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ControlClient)

public:
    using Done = std::function<void(const ControlReply &)>;
    // An answer beyond this is cut off and reported as such (Failed, the node UP).
    static constexpr qint64 kMaxReplyBytes = ControlEnvelope::kMaxSealedAnswerBytes;
    // How long a cluster-changing operation waits for each node (its ping, then its request)
    // before that node's row says "no answer in time".
    static constexpr int kOperationDeadlineMs = 5'000;
    // How long a question that changes nothing (status, pool-list, and the ping before
    // deliveries) waits for a node's ping. A live node answers its ping from memory within
    // milliseconds, even while delivering flat out; one that does not answer in 2 s is hung or
    // gone, and giving up on it sooner loses nothing but its row (decision 023).
    static constexpr int kQueryDeadlineMs = 2'000;

    // Without a cluster key only the open endpoints (liveness) can be used. With an empty one
    // (a node still waiting for its pool's key) nothing at all is sent: every request fails
    // with "this node has no cluster key yet".
    ControlClient(QNetworkAccessManager &network, std::optional<QByteArray> clusterKey,
                  int timeoutMs = kOperationDeadlineMs, QObject *parent = nullptr);

    // The ping that learns a node's identity before a sealed request waits this long instead of
    // the request's own deadline: for a question whose answer may take longer to make than a
    // live node takes to say it is there.
    void setPingTimeout(int milliseconds) { m_pingTimeoutMs = milliseconds; }
    // Forgets every node's identity, so that the next request to each node pings it first: a
    // question that must give up on a hung node at the ping's deadline asks this before it
    // asks (a remembered node would get its request straight away, and the request's longer
    // deadline).
    void forgetPeers() { m_peers.clear(); }

    void send(const NodeAddress &node, const QByteArray &method, const QString &path,
              const QJsonObject &body, Done done);
    // The same request to every node at once; `done` gets the replies in the nodes' order.
    void sendToAll(const QList<NodeAddress> &nodes, const QByteArray &method, const QString &path,
                   const QJsonObject &body, std::function<void(QList<ControlReply>)> done);

private:
    struct Peer {
        QString nodeId;
        QString boot;
    };
    // What came back at the HTTP level: a status and the content, or why there is none.
    struct RawReply {
        int status = 0;
        QByteArray content;
        std::optional<ControlReply> failure; // no answer, or one over kMaxReplyBytes
    };
    using RawDone = std::function<void(const RawReply &)>;

    void sendRaw(const NodeAddress &node, const QByteArray &method, const QString &path,
                 const QByteArray &payload, const QByteArray &contentType, int timeoutMs,
                 RawDone done);
    void sendSealed(const NodeAddress &node, const Peer &peer, const QByteArray &method,
                    const QString &path, const QByteArray &payload, bool mayRetry, Done done);
    void learnPeer(const NodeAddress &node, std::function<void(const ControlReply &)> failed,
                   std::function<void(const Peer &)> learned);
    static RawReply rawReplyOf(QNetworkReply *reply);
    void failLater(Done done, const QString &error);
    // `sealed`: the content came in an answer that opened, so from the node itself.
    static ControlReply fromStatus(int status, const QByteArray &content, bool sealed);

    QNetworkAccessManager &m_network;
    std::optional<ControlEnvelope::Sealer> m_sealer;
    bool m_waitingForKey = false;
    QHash<QString, Peer> m_peers; // by host:port
    int m_timeoutMs;
    int m_pingTimeoutMs;
};

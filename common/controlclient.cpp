// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "controlclient.h"

#include "logtext.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrl>

#include <memory>

namespace {

// Set on a reply aborted for its size.
constexpr char kTooLarge[] = "tooLarge";

QString keyOf(const NodeAddress &node) {
    return node.host + u':' + QString::number(node.port);
}

QByteArray payloadOf(const QByteArray &method, const QJsonObject &body) {
    return body.isEmpty() && method == "GET" ? QByteArray()
                                             : QJsonDocument(body).toJson(QJsonDocument::Compact);
}

} // namespace

ControlClient::ControlClient(QNetworkAccessManager &network, std::optional<QByteArray> clusterKey,
                             int timeoutMs, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_timeoutMs(timeoutMs)
    , m_pingTimeoutMs(timeoutMs) {
    // An empty key is a node waiting for its pool's: nothing it sealed would open anywhere.
    if (clusterKey && !clusterKey->isEmpty())
        m_sealer.emplace(*clusterKey);
    m_waitingForKey = clusterKey && clusterKey->isEmpty();
}

void ControlClient::failLater(Done done, const QString &error) {
    ControlReply failure;
    failure.outcome = ControlReply::Outcome::Failed;
    failure.error = error;
    // As every other answer: after send() returned, from the event loop.
    QTimer::singleShot(0, this, [done = std::move(done), failure] { done(failure); });
}

void ControlClient::send(const NodeAddress &node, const QByteArray &method, const QString &path,
                         const QJsonObject &body, Done done) {
    const QByteArray payload = payloadOf(method, body);
    if (m_waitingForKey)
        return failLater(std::move(done), QStringLiteral("this node has no cluster key yet"));
    if (!m_sealer) {
        sendRaw(node, method, path, payload, QByteArrayLiteral("application/json"), m_timeoutMs,
                [done](const RawReply &raw) {
                    done(raw.failure ? *raw.failure : fromStatus(raw.status, raw.content, false));
                });
        return;
    }
    const auto known = m_peers.constFind(keyOf(node));
    if (known != m_peers.constEnd() && (node.nodeId.isEmpty() || node.nodeId == known->nodeId)) {
        sendSealed(node, *known, method, path, payload, true, std::move(done));
        return;
    }
    learnPeer(node, done, [this, node, method, path, payload, done](const Peer &peer) {
        sendSealed(node, peer, method, path, payload, false, done);
    });
}

void ControlClient::learnPeer(const NodeAddress &node,
                              std::function<void(const ControlReply &)> failed,
                              std::function<void(const Peer &)> learned) {
    sendRaw(node, "GET", QStringLiteral("/v1/ping"), {}, {}, m_pingTimeoutMs,
            [this, node, failed, learned](const RawReply &raw) {
                if (raw.failure)
                    return failed(*raw.failure);
                const int status = raw.status;
                ControlReply ping = fromStatus(status, raw.content, false);
                if (ping.outcome != ControlReply::Outcome::Ok)
                    return failed(ping);
                // Never fall back to clear text: a node that cannot open sealed requests gets
                // none, and the admin is told which one to upgrade.
                const int protocol = ping.body.value(QStringLiteral("protocol")).toInt();
                const QString nodeId = ping.body.value(QStringLiteral("nodeid")).toString();
                const QString boot = ping.body.value(QStringLiteral("boot")).toString();
                ControlReply refused;
                refused.outcome = ControlReply::Outcome::Failed;
                refused.httpStatus = status;
                if (protocol < ControlEnvelope::kProtocol || boot.isEmpty()) {
                    refused.error = ControlEnvelope::upgradeNotice(ping.body);
                    return failed(refused);
                }
                if (!node.nodeId.isEmpty() && nodeId != node.nodeId) {
                    refused.error = QStringLiteral("answers as node %1, not %2")
                                        .arg(LogText::quoted(nodeId.left(36)), node.nodeId);
                    return failed(refused);
                }
                const Peer peer{nodeId, boot.left(64)};
                m_peers.insert(keyOf(node), peer);
                learned(peer);
            });
}

void ControlClient::sendSealed(const NodeAddress &node, const Peer &peer, const QByteArray &method,
                               const QString &path, const QByteArray &payload, bool mayRetry,
                               Done done) {
    const ControlEnvelope::Request request{method,
                                           QUrl(path).toEncoded(),
                                           payload,
                                           QDateTime::currentSecsSinceEpoch(),
                                           ControlEnvelope::freshNonce(),
                                           peer.nodeId,
                                           peer.boot};
    const QByteArray nonce = request.nonce;
    const QByteArray sealed = m_sealer->sealRequest(request);
    // The node would refuse it unread (413); say so without sending it.
    if (sealed.size() > ControlEnvelope::kMaxSealedRequestBytes)
        return failLater(std::move(done), QStringLiteral("request larger than %1 bytes once sealed")
                                              .arg(ControlEnvelope::kMaxSealedRequestBytes));
    sendRaw(node, "POST", QLatin1String(ControlEnvelope::kPath), sealed,
            QByteArray(ControlEnvelope::kContentType), m_timeoutMs,
            [this, node, method, path, payload, mayRetry, nonce, done](const RawReply &raw) {
                if (raw.failure)
                    return done(*raw.failure);
                const int status = raw.status;
                const QByteArray &content = raw.content;
                if (status != 200) {
                    ControlReply refused = fromStatus(status, content, false);
                    if (status == 401 &&
                        refused.body.value(QStringLiteral("refusal")).toString() == u"key")
                        refused.outcome = ControlReply::Outcome::KeyMismatch;
                    // A plain refusal is never a reason to send the request again: anyone in
                    // between can forge one after passing the request on (decision 019).
                    if (refused.outcome == ControlReply::Outcome::Ok) {
                        refused.outcome = ControlReply::Outcome::Failed;
                        refused.error =
                            QStringLiteral("HTTP %1 instead of a sealed answer").arg(status);
                    }
                    return done(refused);
                }
                // An answer that does not open comes from a node with another key, or from
                // something in between pretending to be the node.
                const auto opened = m_sealer->openResponse(content, nonce);
                if (!opened) {
                    ControlReply mismatch;
                    mismatch.outcome = ControlReply::Outcome::KeyMismatch;
                    mismatch.httpStatus = status;
                    mismatch.error = opened.error();
                    return done(mismatch);
                }
                const ControlReply answer = fromStatus(opened->status, opened->body, true);
                // The node itself says the request names an earlier run, so it did not run: it
                // restarted since its ping. Ask it again and send the request once more, once.
                if (mayRetry && opened->status == 401 &&
                    answer.body.value(QStringLiteral("refusal")).toString() == u"boot") {
                    m_peers.remove(keyOf(node));
                    return learnPeer(node, done,
                                     [this, node, method, path, payload, done](const Peer &fresh) {
                                         sendSealed(node, fresh, method, path, payload,
                                                    /*mayRetry=*/false, done);
                                     });
                }
                done(answer);
            });
}

void ControlClient::sendRaw(const NodeAddress &node, const QByteArray &method, const QString &path,
                            const QByteArray &payload, const QByteArray &contentType, int timeoutMs,
                            RawDone done) {
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(node.host);
    url.setPort(node.port);
    url.setPath(path);
    QNetworkRequest request(url);
    request.setTransferTimeout(timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    if (!payload.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    QNetworkReply *reply = m_network.sendCustomRequest(request, method, payload);
    // An overall deadline (the transfer timeout only catches silence), and a cap on what a
    // node may send back, told apart from silence: a node that answers too much is up.
    QTimer::singleShot(timeoutMs, reply, [reply] { reply->abort(); });
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64 total) {
        if (received > kMaxReplyBytes || total > kMaxReplyBytes) {
            reply->setProperty(kTooLarge, true);
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, [reply, done = std::move(done)] {
        reply->deleteLater();
        done(rawReplyOf(reply));
    });
}

ControlClient::RawReply ControlClient::rawReplyOf(QNetworkReply *reply) {
    RawReply raw;
    raw.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    // Bytes already received count: an abort can come after the last of them arrived.
    if (!reply->property(kTooLarge).toBool())
        raw.content = reply->read(kMaxReplyBytes + 1);
    if (reply->property(kTooLarge).toBool() || raw.content.size() > kMaxReplyBytes) {
        ControlReply tooLarge;
        tooLarge.outcome = ControlReply::Outcome::Failed;
        tooLarge.httpStatus = raw.status;
        tooLarge.error = QStringLiteral("answer larger than %1 bytes").arg(kMaxReplyBytes);
        raw.failure = tooLarge;
        raw.content.clear();
        return raw;
    }
    // An HTTP error status sets error() too; only a failure below HTTP means there is no
    // (whole) answer: cut off by the deadline, the connection lost halfway.
    const QNetworkReply::NetworkError error = reply->error();
    if (raw.status != 0 && (error == QNetworkReply::NoError || error > 99))
        return raw;
    ControlReply failure;
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        failure.outcome = ControlReply::Outcome::Refused;
        failure.error = QStringLiteral("glustereventsd is not running");
        break;
    case QNetworkReply::OperationCanceledError:
    case QNetworkReply::TimeoutError:
        failure.outcome = ControlReply::Outcome::Unreachable;
        failure.error = QStringLiteral("no answer in time");
        break;
    default:
        failure.outcome = ControlReply::Outcome::Unreachable;
        failure.error = reply->errorString();
        break;
    }
    raw.failure = failure;
    raw.content.clear();
    return raw;
}

void ControlClient::sendToAll(const QList<NodeAddress> &nodes, const QByteArray &method,
                              const QString &path, const QJsonObject &body,
                              std::function<void(QList<ControlReply>)> done) {
    struct Pending {
        QList<ControlReply> replies;
        qsizetype outstanding = 0;
        std::function<void(QList<ControlReply>)> done;
    };
    auto pending = std::make_shared<Pending>();
    pending->replies.resize(nodes.size());
    pending->outstanding = nodes.size();
    pending->done = std::move(done);
    if (nodes.isEmpty()) {
        pending->done({});
        return;
    }
    for (qsizetype i = 0; i < nodes.size(); ++i) {
        send(nodes[i], method, path, body, [pending, i](const ControlReply &reply) {
            pending->replies[i] = reply;
            if (--pending->outstanding == 0)
                pending->done(pending->replies);
        });
    }
}

ControlReply ControlClient::fromStatus(int status, const QByteArray &content, bool sealed) {
    ControlReply result;
    result.httpStatus = status;
    result.body = QJsonDocument::fromJson(content).object();
    // What is not sealed anyone on the way can have written: it reaches terminals and tables
    // with nothing that a terminal acts on.
    const QString serverError =
        sealed ? result.body.value(QStringLiteral("error")).toString()
               : LogText::quoted(result.body.value(QStringLiteral("error")).toString());
    if (status == 401) {
        result.outcome = ControlReply::Outcome::Unauthorized;
        result.error = serverError.isEmpty() ? QStringLiteral("not authorized") : serverError;
    } else if (status >= 200 && status <= 299) {
        result.outcome = ControlReply::Outcome::Ok;
    } else {
        result.outcome = ControlReply::Outcome::Failed;
        result.error = serverError.isEmpty() ? QStringLiteral("HTTP %1").arg(status) : serverError;
    }
    return result;
}

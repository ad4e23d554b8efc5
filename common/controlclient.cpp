#include "controlclient.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrl>

#include <memory>

ControlClient::ControlClient(QNetworkAccessManager &network, std::optional<QByteArray> clusterKey,
                             int timeoutMs, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_timeoutMs(timeoutMs) {
    if (clusterKey)
        m_auth.emplace(*clusterKey);
}

void ControlClient::send(const NodeAddress &node, const QByteArray &method, const QString &path,
                         const QJsonObject &body, Done done) {
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(node.host);
    url.setPort(node.port);
    url.setPath(path);
    QNetworkRequest request(url);
    request.setTransferTimeout(m_timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    const QByteArray payload = body.isEmpty() && method == "GET"
                                   ? QByteArray()
                                   : QJsonDocument(body).toJson(QJsonDocument::Compact);
    if (!payload.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
    QByteArray nonce;
    if (m_auth) {
        const auto headers = m_auth->signRequest(method, url.path(QUrl::FullyEncoded).toLatin1(),
                                                 payload, QDateTime::currentSecsSinceEpoch());
        for (const auto &[name, value] : headers) {
            request.setRawHeader(name, value);
            if (name == RequestAuth::kNonceHeader)
                nonce = value;
        }
    }
    QNetworkReply *reply = m_network.sendCustomRequest(request, method, payload);
    // An overall deadline (the transfer timeout only catches silence), and a cap on what a
    // node may send back: documents are kilobytes.
    QTimer::singleShot(m_timeoutMs, reply, [reply] { reply->abort(); });
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
        if (received > kMaxReplyBytes)
            reply->abort();
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, nonce, done = std::move(done)] {
        reply->deleteLater();
        done(interpret(reply, nonce));
    });
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

ControlReply ControlClient::interpret(QNetworkReply *reply, const QByteArray &nonce) const {
    ControlReply result;
    result.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray content = reply->readAll();
    result.body = QJsonDocument::fromJson(content).object();
    if (result.httpStatus == 0) {
        switch (reply->error()) {
        case QNetworkReply::ConnectionRefusedError:
            result.outcome = ControlReply::Outcome::Refused;
            result.error = QStringLiteral("glustereventsd is not running");
            break;
        case QNetworkReply::OperationCanceledError:
        case QNetworkReply::TimeoutError:
            result.outcome = ControlReply::Outcome::Unreachable;
            result.error = QStringLiteral("no answer in time");
            break;
        default:
            result.outcome = ControlReply::Outcome::Unreachable;
            result.error = reply->errorString();
            break;
        }
        return result;
    }
    const QString serverError = result.body.value(QStringLiteral("error")).toString();
    if (result.httpStatus == 401) {
        result.outcome = ControlReply::Outcome::Unauthorized;
        result.error = serverError.isEmpty() ? QStringLiteral("not authorized") : serverError;
        return result;
    }
    // A signed request must get a signed answer: anything else is a node with another key,
    // or something in between pretending to be the node.
    if (m_auth && !nonce.isEmpty() &&
        !m_auth->verifyResponse(result.httpStatus, nonce, content,
                                reply->rawHeader(RequestAuth::kSignatureHeader))) {
        result.outcome = ControlReply::Outcome::Unauthorized;
        result.error = QStringLiteral("bad signature: cluster key mismatch");
        return result;
    }
    if (result.httpStatus >= 200 && result.httpStatus <= 299) {
        result.outcome = ControlReply::Outcome::Ok;
        return result;
    }
    result.outcome = ControlReply::Outcome::Failed;
    result.error =
        serverError.isEmpty() ? QStringLiteral("HTTP %1").arg(result.httpStatus) : serverError;
    return result;
}

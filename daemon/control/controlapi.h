// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "clusterstore.h"
#include "controlenvelope.h"
#include "httpmessage.h"
#include "ratelimitedlog.h"
#include "result.h"
#include "secretbox.h"

#include <QJsonArray>

#include <QObject>

#include <functional>
#include <memory>

class EventFeed;
class HttpResponder;
class QNetworkAccessManager;
class WebhookTester;

// What the control server does with a request. Only GET /v1/ping and GET /metrics are open;
// everything else arrives sealed with the cluster key for this node and this run of it
// (ControlEnvelope, POST /v1/sealed), or gets 401 (426 for control protocol 1) and changes
// nothing. Answers to sealed requests are sealed too, so a client can tell a node with another
// key. A plain object: tests and fuzzers call handle() without a socket.
class ControlApi : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ControlApi)

public:
    ControlApi(const EventsPaths &paths, QString nodeId, QString version,
               QNetworkAccessManager &network, QObject *parent = nullptr);
    ~ControlApi() override;

    void setClusterKey(const QByteArray &key);
    // What GET /metrics shows; open to anyone (docs/contract.md), so it must name no URL or secret.
    void setMetricsSource(std::function<QByteArray()> source) { m_metrics = std::move(source); }
    // What this node did and can do again: `deliveries` and `replay` (authenticated).
    struct History {
        // The newest attempts as JSON objects, for one webhook unless the URL is empty.
        std::function<Result<QJsonArray>(const QString &url, bool failedOnly, int limit)> attempts;
        // Queues events again for one webhook; how many.
        std::function<Result<int>(const QString &url, qint64 sinceMs, bool dead,
                                  const QByteArray &eventId)>
            replay;
        // Something the admin must know about this node (spool full, settings skipped), shown
        // by status.
        std::function<QString()> warning;
        // The spool's use and what its limit made the node give up, shown by status --json.
        std::function<QJsonObject()> spool;
    };
    void setHistory(History history) { m_history = std::move(history); }
    // Which cluster key this node holds, for /v1/ping (ClusterKeyBootstrap::describe()).
    void setClusterKeyState(std::function<QJsonObject()> state) {
        m_clusterKeyState = std::move(state);
    }
    // POST /v1/run (authenticated): the GUI's cluster operations, run by this node.
    using Runner =
        std::function<void(const QJsonObject &request, std::function<void(HttpResponse)> answer)>;
    void setRunner(Runner runner) { m_runner = std::move(runner); }
    // POST /v1/events (authenticated): long polls of the live events (the GUI's live view).
    void setEventFeed(EventFeed *feed) { m_feed = feed; }
    void handle(const HttpRequest &request, HttpResponder *responder);

Q_SIGNALS:
    // Documents from a peer changed this node's settings, or a reload was asked for.
    void reloadRequested(const QString &why);

private:
    // How the answer to a sealed request is sealed: for its nonce, with the key it was opened
    // with, kept from then on, so that an answer given later (run, events, webhook-test) goes to
    // the client that asked even when this node's key changed or went meanwhile. Empty for the
    // open endpoints and refusals before anything opened.
    struct Seal {
        std::shared_ptr<const ControlEnvelope::Sealer> sealer;
        QByteArray nonce;
    };

    void dispatch(const HttpRequest &request, HttpResponder *responder, const Seal &seal);
    void refuse(const HttpRequest &request, const QString &why);
    HttpResponse ping() const;
    HttpResponse documents() const;
    HttpResponse mergeDocuments(const HttpRequest &request);
    HttpResponse deliveries(const HttpRequest &request) const;
    HttpResponse replay(const HttpRequest &request);
    void run(const HttpRequest &request, HttpResponder *responder, const Seal &seal);
    void events(const HttpRequest &request, HttpResponder *responder, const Seal &seal);
    void webhookTest(const HttpRequest &request, HttpResponder *responder, const Seal &seal);
    static void answer(HttpResponder *responder, HttpResponse response, const Seal &seal);

    ClusterStore m_store;
    QString m_nodeId;
    QString m_version;
    QByteArray m_bootId; // this run's, on /v1/ping: a request sealed for an earlier run fails
    std::shared_ptr<const ControlEnvelope::Sealer> m_sealer; // null while this node has no key
    std::unique_ptr<SecretBox> m_box;
    ReplayCache m_replays;
    RateLimitedLog m_refusalLog{10, 60'000};
    WebhookTester *m_tester;
    std::function<QByteArray()> m_metrics;
    History m_history;
    std::function<QJsonObject()> m_clusterKeyState;
    Runner m_runner;
    EventFeed *m_feed = nullptr;
};

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "controlapi.h"

#include "documentsecrets.h"
#include "eventfeed.h"
#include "httpresponder.h"
#include "jsoninteger.h"
#include "logsink.h"
#include "logtext.h"
#include "webhookstore.h"
#include "webhooktester.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QPointer>

namespace {

// A page's events as sent, JSON escapes included; a page stops before the event that would take
// it past this, unless that is its first. So a sealed page stays within what clients read, with
// room for the one event a page always holds (its JSON comes from one datagram of at most
// 64 KiB, a few hundred KiB escaped twice).
constexpr qsizetype kMaxEventPageBytes = 2 * 1024 * 1024;
static_assert(2 * kMaxEventPageBytes <= ControlEnvelope::kMaxAnswerBodyBytes);

QJsonObject parseBody(const HttpRequest &request, bool *ok) {
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
    *ok = error.error == QJsonParseError::NoError && document.isObject();
    return document.object();
}

} // namespace

ControlApi::ControlApi(const EventsPaths &paths, QString nodeId, QString version,
                       QNetworkAccessManager &network, QObject *parent)
    : QObject(parent)
    , m_store(paths, nodeId)
    , m_nodeId(std::move(nodeId))
    , m_version(std::move(version))
    , m_bootId(ControlEnvelope::freshNonce())
    , m_tester(new WebhookTester(network, this)) {
}

ControlApi::~ControlApi() = default;

void ControlApi::setClusterKey(const QByteArray &key) {
    // Without a key every sealed request is refused as such, not as a key mismatch.
    m_sealer = key.isEmpty() ? nullptr : std::make_shared<const ControlEnvelope::Sealer>(key);
    m_box = std::make_unique<SecretBox>(key);
}

void ControlApi::handle(const HttpRequest &request, HttpResponder *responder) {
    if (request.path == "/v1/ping") {
        if (request.method != "GET")
            return answer(responder, HttpResponse::error(405, QStringLiteral("use GET")), {});
        return answer(responder, ping(), {});
    }

    if (request.path == "/metrics" && m_metrics) {
        if (request.method != "GET")
            return answer(responder, HttpResponse::error(405, QStringLiteral("use GET")), {});
        HttpResponse metrics;
        metrics.headers.append({QByteArrayLiteral("Content-Type"),
                                QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8")});
        metrics.body = m_metrics();
        return answer(responder, metrics, {});
    }

    if (request.path != ControlEnvelope::kPath || request.method != "POST") {
        // Control protocol 1 signed requests in the clear; they are refused, never answered.
        const bool oldProtocol = !request.header("x-events-signature").isEmpty();
        refuse(request,
               oldProtocol ? QStringLiteral("control protocol 1") : QStringLiteral("not sealed"));
        return answer(responder,
                      oldProtocol
                          ? HttpResponse::error(
                                426, QStringLiteral("this node speaks control protocol %1 only: "
                                                    "upgrade the node or program that sent this")
                                         .arg(ControlEnvelope::kProtocol))
                          : HttpResponse::error(401, QStringLiteral("requests must be sealed "
                                                                    "with the cluster key")),
                      {});
    }
    if (!m_sealer) {
        refuse(request, QStringLiteral("no cluster key yet"));
        return answer(responder,
                      HttpResponse::error(401, QStringLiteral("this node has no cluster key yet")),
                      {});
    }
    ControlEnvelope::Refusal refusal = ControlEnvelope::Refusal::None;
    QByteArray openedNonce;
    const auto opened = m_sealer->openRequest(request.body, m_nodeId, QString::fromLatin1(m_bootId),
                                              QDateTime::currentSecsSinceEpoch(), m_replays,
                                              &refusal, &openedNonce);
    if (!opened) {
        refuse(request, opened.error());
        // The client asks /v1/ping for the new boot id and sends the request once more, which
        // it must do only when this node says so: the refusal is sealed for the request, which
        // opened, as an answer is.
        if (refusal == ControlEnvelope::Refusal::Boot)
            return answer(
                responder,
                HttpResponse::json(401, {{QStringLiteral("error"), opened.error()},
                                         {QStringLiteral("refusal"), QStringLiteral("boot")}}),
                Seal{m_sealer, openedNonce});
        // Another key is named as such, so the client says which file to copy.
        const HttpResponse refused =
            refusal == ControlEnvelope::Refusal::Undecipherable
                ? HttpResponse::json(401, {{QStringLiteral("error"), opened.error()},
                                           {QStringLiteral("refusal"), QStringLiteral("key")}})
                : HttpResponse::error(401, opened.error());
        return answer(responder, refused, {});
    }
    const Seal seal{m_sealer, opened->nonce};
    HttpRequest inner;
    const qsizetype question = opened->target.indexOf('?');
    inner.method = opened->method;
    inner.path = question < 0 ? opened->target : opened->target.left(question);
    inner.query = question < 0 ? QByteArray() : opened->target.mid(question + 1);
    inner.version = request.version;
    inner.body = opened->body;
    inner.peer = request.peer;
    dispatch(inner, responder, seal);
}

void ControlApi::refuse(const HttpRequest &request, const QString &why) {
    qint64 suppressed = 0;
    if (m_refusalLog.admit(&suppressed))
        qCWarning(lcDaemon).noquote()
            << QStringLiteral("refused %1 %2 from %3: %4")
                   .arg(QString::fromLatin1(request.method),
                        LogText::quoted(QString::fromLatin1(request.path.left(100))),
                        request.peer.toString(), why);
}

void ControlApi::dispatch(const HttpRequest &request, HttpResponder *responder, const Seal &seal) {
    responder->markAuthenticated();

    if (request.path == "/v1/documents" && request.method == "GET")
        return answer(responder, documents(), seal);
    if (request.path == "/v1/documents" && request.method == "POST")
        return answer(responder, mergeDocuments(request), seal);
    if (request.path == "/v1/reload" && request.method == "POST") {
        Q_EMIT reloadRequested(QStringLiteral("requested by %1").arg(request.peer.toString()));
        return answer(responder, HttpResponse::json(200, {{QStringLiteral("reloaded"), true}}),
                      seal);
    }
    if (request.path == "/v1/webhook-test" && request.method == "POST")
        return webhookTest(request, responder, seal);
    if (request.path == "/v1/deliveries" && request.method == "POST")
        return answer(responder, deliveries(request), seal);
    if (request.path == "/v1/replay" && request.method == "POST")
        return answer(responder, replay(request), seal);
    if (request.path == "/v1/run" && request.method == "POST")
        return run(request, responder, seal);
    if (request.path == "/v1/events" && request.method == "POST")
        return events(request, responder, seal);
    return answer(responder, HttpResponse::error(404, QStringLiteral("no such endpoint")), seal);
}

void ControlApi::answer(HttpResponder *responder, HttpResponse response, const Seal &seal) {
    if (seal.nonce.isEmpty())
        return responder->send(response);
    // What was asked sealed is never answered in clear.
    if (!seal.sealer)
        return responder->send(
            HttpResponse::error(500, QStringLiteral("the answer cannot be sealed")));
    // One the client would cut off is refused here, saying why.
    if (response.body.size() > ControlEnvelope::kMaxAnswerBodyBytes)
        response = HttpResponse::error(
            500, QStringLiteral("the answer would be larger than %1 bytes: ask for less")
                     .arg(ControlEnvelope::kMaxAnswerBodyBytes));
    // The answer to a sealed request is sealed for that request alone.
    HttpResponse sealed;
    sealed.status = 200;
    sealed.headers.append(
        {QByteArrayLiteral("Content-Type"), QByteArray(ControlEnvelope::kContentType)});
    sealed.body = seal.sealer->sealResponse({response.status, response.body}, seal.nonce);
    responder->send(sealed);
}

HttpResponse ControlApi::ping() const {
    QJsonObject body{{QStringLiteral("service"), QStringLiteral("glustereventsd")},
                     {QStringLiteral("nodeid"), m_nodeId},
                     {QStringLiteral("version"), m_version},
                     {QStringLiteral("protocol"), ControlEnvelope::kProtocol},
                     {QStringLiteral("boot"), QString::fromLatin1(m_bootId)}};
    if (m_history.warning) {
        if (const QString warning = m_history.warning(); !warning.isEmpty())
            body.insert(QStringLiteral("warning"), warning);
    }
    if (m_history.spool)
        body.insert(QStringLiteral("spool"), m_history.spool());
    if (m_clusterKeyState)
        body.insert(QStringLiteral("cluster_key"), m_clusterKeyState());
    return HttpResponse::json(200, body);
}

HttpResponse ControlApi::deliveries(const HttpRequest &request) const {
    bool ok = false;
    const QJsonObject body = parseBody(request, &ok);
    if (!ok)
        return HttpResponse::error(400, QStringLiteral("body must be a JSON object"));
    if (!m_history.attempts)
        return HttpResponse::error(503, QStringLiteral("no delivery history on this node"));
    const auto limit = JsonInteger::read(body, u"limit", 1, 10'000, 100);
    if (!limit)
        return HttpResponse::error(400, limit.error());
    const auto attempts =
        m_history.attempts(body.value(QStringLiteral("url")).toString(),
                           body.value(QStringLiteral("failed")).toBool(), int(*limit));
    if (!attempts)
        return HttpResponse::error(500, attempts.error());
    return HttpResponse::json(200, {{QStringLiteral("attempts"), *attempts}});
}

HttpResponse ControlApi::replay(const HttpRequest &request) {
    bool ok = false;
    const QJsonObject body = parseBody(request, &ok);
    if (!ok)
        return HttpResponse::error(400, QStringLiteral("body must be a JSON object"));
    if (!m_history.replay)
        return HttpResponse::error(503, QStringLiteral("no delivery history on this node"));
    const auto sinceMs = JsonInteger::read(body, u"since_ms", 0, JsonInteger::kMaxExact, 0);
    if (!sinceMs)
        return HttpResponse::error(400, sinceMs.error());
    const auto replayed =
        m_history.replay(body.value(QStringLiteral("url")).toString(), *sinceMs,
                         body.value(QStringLiteral("dead")).toBool(),
                         body.value(QStringLiteral("event")).toString().toLatin1());
    if (!replayed)
        return HttpResponse::error(409, replayed.error());
    return HttpResponse::json(200, {{QStringLiteral("replayed"), *replayed}});
}

HttpResponse ControlApi::documents() const {
    const auto current = m_store.load();
    if (!current)
        return HttpResponse::error(500, current.error());
    return HttpResponse::json(200, DocumentSecrets::seal(*current, *m_box).toJson());
}

HttpResponse ControlApi::mergeDocuments(const HttpRequest &request) {
    bool ok = false;
    const QJsonObject body = parseBody(request, &ok);
    if (!ok)
        return HttpResponse::error(400, QStringLiteral("body must be a JSON object"));
    const auto sealed = ClusterDocuments::fromJson(body, QStringLiteral("pushed documents"));
    if (!sealed)
        return HttpResponse::error(400, sealed.error());
    const auto remote = DocumentSecrets::open(*sealed, *m_box);
    if (!remote)
        return HttpResponse::error(400, remote.error());
    // Entries that would make this node's files invalid or its clock unusable are dropped.
    QStringList rejected;
    const ClusterDocuments clean = ClusterDocuments::sanitized(*remote, &rejected);
    for (const QString &why : std::as_const(rejected))
        qCWarning(lcDaemon).noquote() << QStringLiteral("ignored an entry pushed by %1: %2")
                                             .arg(request.peer.toString(), LogText::quoted(why));
    QStringList adopted;
    const auto merged = m_store.edit([&](ClusterStore::Editor &editor) {
        adopted = editor.documents.merge(clean);
        return Status::success();
    });
    if (!merged)
        return HttpResponse::error(500, merged.error());
    if (!adopted.isEmpty())
        qCInfo(lcDaemon).noquote() << QStringLiteral("adopted %1 newer entries from %2")
                                          .arg(adopted.size())
                                          .arg(request.peer.toString());
    // A push means "apply what you have now" (docs/contract.md), adopted or not: the pushing CLI
    // may have changed this node's files itself.
    Q_EMIT reloadRequested(QStringLiteral("sync from %1").arg(request.peer.toString()));
    return HttpResponse::json(200, {{QStringLiteral("adopted"), int(adopted.size())}});
}

void ControlApi::run(const HttpRequest &request, HttpResponder *responder, const Seal &seal) {
    bool ok = false;
    const QJsonObject body = parseBody(request, &ok);
    if (!ok)
        return answer(responder,
                      HttpResponse::error(400, QStringLiteral("body must be a JSON object")), seal);
    if (!m_runner)
        return answer(responder,
                      HttpResponse::error(503, QStringLiteral("operations are not available")),
                      seal);
    QPointer<HttpResponder> guarded(responder);
    m_runner(body, [guarded, seal](const HttpResponse &response) {
        if (guarded && guarded->isOpen())
            answer(guarded, response, seal);
    });
}

void ControlApi::events(const HttpRequest &request, HttpResponder *responder, const Seal &seal) {
    bool ok = false;
    const QJsonObject body = parseBody(request, &ok);
    if (!ok)
        return answer(responder,
                      HttpResponse::error(400, QStringLiteral("body must be a JSON object")), seal);
    // An `after` beyond the newest event means "from now on" (the clients ask with 2^52).
    const auto after = JsonInteger::read(body, u"after", 0, JsonInteger::kMaxExact, 0);
    // Up to 25 s: shorter than the clients' deadline, so a quiet feed answers empty rather than
    // time out.
    const auto waitMs = JsonInteger::read(body, u"wait_ms", 0, 25'000, 0);
    const auto max = JsonInteger::read(body, u"max", 1, 5'000, 1000);
    for (const auto *number : {&after, &waitMs, &max}) {
        if (!*number)
            return answer(responder, HttpResponse::error(400, number->error()), seal);
    }
    if (!m_feed)
        return answer(responder, HttpResponse::error(503, QStringLiteral("no event feed")), seal);
    QPointer<HttpResponder> guarded(responder);
    m_feed->waitFor(
        quint64(*after), int(*max), int(*waitMs), responder,
        [this, guarded, seal](EventFeed::Page page) {
            if (!guarded || !guarded->isOpen())
                return;
            QJsonArray events;
            quint64 next = page.next;
            qsizetype bytes = 0;
            for (const FeedEvent &event : page.events) {
                const QJsonObject shown{{QStringLiteral("seq"), double(event.seq)},
                                        {QStringLiteral("id"), QString::fromLatin1(event.id)},
                                        {QStringLiteral("received_ms"), event.receivedMs},
                                        {QStringLiteral("type"), event.type},
                                        {QStringLiteral("body"), QString::fromUtf8(event.body)}};
                // Measured as sent: escaping makes a body of quotes or control characters
                // several times its size.
                bytes += QJsonDocument(shown).toJson(QJsonDocument::Compact).size() + 1;
                if (bytes > kMaxEventPageBytes && !events.isEmpty()) {
                    next = event.seq - 1;
                    break;
                }
                events.append(shown);
            }
            answer(guarded,
                   HttpResponse::json(200, {{QStringLiteral("events"), events},
                                            {QStringLiteral("next"), double(next)},
                                            {QStringLiteral("missed"), double(page.missed)},
                                            {QStringLiteral("node"), m_nodeId}}),
                   seal);
        });
}

void ControlApi::webhookTest(const HttpRequest &request, HttpResponder *responder,
                             const Seal &seal) {
    bool ok = false;
    const QJsonObject body = parseBody(request, &ok);
    const QString url = body.value(QStringLiteral("url")).toString();
    if (!ok)
        return answer(responder,
                      HttpResponse::error(400, QStringLiteral("body must be a JSON object")), seal);
    if (const Status valid = WebhookStore::validateUrl(url); !valid)
        return answer(responder, HttpResponse::error(400, valid.error()), seal);
    const auto token =
        m_box->open(body.value(QStringLiteral("token")).toString(), testPlace(url, "token"));
    const auto secret =
        m_box->open(body.value(QStringLiteral("secret")).toString(), testPlace(url, "secret"));
    if (!token || !secret)
        return answer(responder, HttpResponse::error(400, token ? secret.error() : token.error()),
                      seal);
    // A registered webhook is tested with its TLS choice (private CA, --insecure) too.
    Webhook webhook;
    if (const auto current = m_store.load(); current)
        webhook.extra = current->webhooks.liveValues().value(url).toObject();
    webhook.extra.remove(QStringLiteral("token"));
    webhook.extra.remove(QStringLiteral("secret"));
    webhook.url = url;
    webhook.token = *token;
    webhook.secret = *secret;
    QPointer<HttpResponder> guarded(responder);
    m_tester->test(webhook, [guarded, seal](bool passed, const QString &error) {
        if (!guarded || !guarded->isOpen())
            return;
        answer(guarded,
               HttpResponse::json(
                   200, {{QStringLiteral("ok"), passed}, {QStringLiteral("error"), error}}),
               seal);
    });
}

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// The control API behind the parser (ControlApi::handle), wired as the daemon wires it: the
// delivery history, the live event feed (EventFeed) and the operation runner (OperationRunner,
// every cluster operation), so every handler is reached. The first input byte chooses how the
// rest arrives:
//   0  raw bytes through the HTTP parser, not sealed: only /v1/ping and /metrics may answer
//      anything but 401 (426 for a control protocol 1 signature header), and no file may
//      change;
//   1  a correctly sealed request (ControlEnvelope) to one of the endpoints (the next byte
//      picks it) with the rest as its body, so the fuzzer reaches what lies behind it;
//   2  a sealed push of documents whose "token" and "secret" strings are sealed for their
//      places first, so the merge sees secrets that open; an accepted push leaves files that
//      load;
//   3  POST /v1/sealed with forged contents: the rest as the envelope (odd first byte), or
//      sealed with the right key as the envelope's plaintext (even), so opening, parsing and
//      checking the inner request are fuzzed: it must get 401 (sealed for the request when it
//      opened and names an earlier run) and change nothing;
//   4  a sealed POST /v1/run: the next byte picks the operation, the rest is its JSON object,
//      with its secrets sealed (unless the byte's top bit is set);
//   5  a sealed long poll of POST /v1/events on a feed that the next two bytes fill, and that
//      is then published to, left to expire, or whose poller goes away;
//   6  a sealed POST /v1/webhook-test with the rest as its JSON object, secrets sealed;
//   7  several sealed requests as in 1, separated by kSeparator, to one API: state kept
//      between requests (the replay cache, the feed, the files) is fuzzed too.
// Every sealed request must get a sealed answer that opens, and inside it anything but 401.
// URLs and hosts in sealed bodies are pointed at 127.0.0.1 port 1 (nothing listens there)
// before sealing, so the operations fail at once instead of resolving or reaching fuzzed
// names.
#include "clusterkey.h"
#include "clusterstore.h"
#include "config.h"
#include "controlapi.h"
#include "controlenvelope.h"
#include "cryptoutil.h"
#include "eventfeed.h"
#include "fuzzsupport.h"
#include "httpmessage.h"
#include "httprequestparser.h"
#include "httpresponder.h"
#include "operationrunner.h"
#include "operationtable.h"
#include "sealedrequest.h"
#include "secretbox.h"
#include "webhookstore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QEventLoop>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTimer>
#include <QUrl>

#include <memory>
#include <optional>

namespace {

const QByteArray kClusterKey =
    QByteArrayLiteral("fuzz-cluster-key-0123456789abcdef0123456789abcdef");
const QString kNodeId = QStringLiteral("7f9d0c3e-5a1b-4c2d-9e8f-0a1b2c3d4e5f");
constexpr QByteArrayView kSeparator("\0\xff\0", 3);
// Bounds how long one request may take to be answered (network errors come in milliseconds).
constexpr int kAnswerWaitMs = 2'000;

using FuzzSupport::check;
using FuzzSupport::snapshot;

// Turns of the event loop until the responder is answered or the bound passes; a wake-up
// timer keeps WaitForMoreEvents from blocking when nothing else is due.
void settle(const HttpResponder &responder, int waitMs) {
    QTimer wake;
    wake.start(1);
    QEventLoop loop;
    const QDeadlineTimer deadline(waitMs);
    while (responder.recorded().status == 0 && !deadline.hasExpired())
        loop.processEvents(QEventLoop::WaitForMoreEvents);
}

int handle(ControlApi &api, const HttpRequest &request, int waitMs = kAnswerWaitMs) {
    HttpResponder responder;
    api.handle(request, &responder);
    settle(responder, waitMs);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return responder.recorded().status;
}

bool isSecretKey(const QString &key) {
    return key == QLatin1String("token") || key == QLatin1String("secret") ||
           key == QLatin1String("signing_secret");
}

// Seals secrets for their places (`op` and the object's "url") and points URLs and hosts at a
// closed local port, recursively.
QJsonValue prepare(const QJsonValue &value, const SecretBox *box, const QString &document,
                   const QString &entry = {}, const QString &key = {}) {
    if (value.isString() && box && isSecretKey(key))
        return box->seal(value.toString(), SealPlace{document, entry, key});
    if (value.isString() && key == QLatin1String("url")) {
        QUrl url(value.toString());
        url.setHost(QStringLiteral("127.0.0.1"));
        url.setPort(1);
        return url.toString();
    }
    if (value.isString() && key == QLatin1String("host")) {
        const QHostAddress address(value.toString());
        return address.isLoopback() ? value : QJsonValue(QStringLiteral("127.0.0.1"));
    }
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        // A webhook's secrets belong to its URL: the "url" field, or the key of its entry.
        const QString url = object.value(QStringLiteral("url")).isString()
                                ? prepare(object.value(QStringLiteral("url")), nullptr, document,
                                          entry, QStringLiteral("url"))
                                      .toString()
                                : key;
        for (auto it = object.begin(); it != object.end(); ++it)
            it.value() = prepare(it.value(), box, document, url, it.key());
        return object;
    }
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            array[i] = prepare(array.at(i), box, document, entry);
        return array;
    }
    return value;
}

// The body as the fuzzer wrote it when it is no JSON object (the handler refuses it before
// any network use), else prepared.
QByteArray preparedBody(const QByteArray &raw, const SecretBox *box, const QString &place,
                        const QJsonObject &extra = {}) {
    const QJsonDocument document = QJsonDocument::fromJson(raw);
    if (!document.isObject() && extra.isEmpty())
        return raw;
    QJsonObject object = document.object();
    for (auto it = extra.begin(); it != extra.end(); ++it)
        object.insert(it.key(), it.value());
    return QJsonDocument(prepare(object, box, place).toObject()).toJson(QJsonDocument::Compact);
}

// The daemon's history answers from its spool; this one from its arguments, so the handlers'
// paths for rows, refusals and failures are all taken.
ControlApi::History fakeHistory() {
    ControlApi::History history;
    history.attempts = [](const QString &url, bool failedOnly, int limit) -> Result<QJsonArray> {
        if (url.startsWith(u'!'))
            return Result<QJsonArray>::failure(QStringLiteral("no history for %1").arg(url));
        QJsonArray rows;
        for (int i = 0; i < std::min(limit, 3); ++i)
            rows.append(QJsonObject{{QStringLiteral("webhook"), url},
                                    {QStringLiteral("status"), failedOnly ? 500 : 200}});
        return rows;
    };
    history.replay = [](const QString &url, qint64, bool dead,
                        const QByteArray &eventId) -> Result<int> {
        if (url.isEmpty() || dead)
            return Result<int>::failure(QStringLiteral("webhook %1 is not registered").arg(url));
        return int(eventId.size());
    };
    history.warning = [] {
        return QStringLiteral("spool full");
    };
    return history;
}

std::vector<QueuedEvent> feedEvents(int count, const QByteArray &body, qint64 firstMs) {
    std::vector<QueuedEvent> batch(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) {
        batch[size_t(i)].id = QByteArray::number(firstMs + i);
        batch[size_t(i)].type = QStringLiteral("VOLUME_CREATE");
        batch[size_t(i)].body = body;
        batch[size_t(i)].receivedMs = firstMs + i;
    }
    return batch;
}

// The daemon's control side in one work dir, made fresh for every input.
// One for the whole run, as the daemon has one: a manager per input would start a thread per
// input. Never destroyed, like the application (FuzzSupport): Qt's globals are gone by then.
struct SharedNetwork {
    QNetworkAccessManager *manager = nullptr;
};

QNetworkAccessManager &sharedNetwork() {
    static SharedNetwork shared;
    if (!shared.manager)
        shared.manager = new QNetworkAccessManager;
    return *shared.manager;
}

struct Node {
    explicit Node(const QString &workdir)
        : network(sharedNetwork())
        , paths(workdir)
        , api(paths, kNodeId, QStringLiteral("0.1.0"), network)
        , runner(ClusterContext{paths, kNodeId, kClusterKey,
                                workdir + QStringLiteral("/eventsconfig.json"),
                                NodeAddress{QStringLiteral("127.0.0.1"), 1},
                                QStringLiteral("127.0.0.1"), 1},
                 network, [](const QString &url) {
                     return QJsonObject{{QStringLiteral("url"), url}};
                 }) {
        QDir().mkpath(paths.eventsDir);
        api.setClusterKey(kClusterKey);
        api.setMetricsSource([] { return QByteArrayLiteral("events_received_total 0\n"); });
        api.setHistory(fakeHistory());
        api.setEventFeed(&feed);
        api.setRunner([this](const QJsonObject &request, auto answer) {
            runner.run(request, std::move(answer));
        });
        boot = SealedRequest::bootOf(api);
    }

    QNetworkAccessManager &network;
    EventsPaths paths;
    EventFeed feed{16};
    ControlApi api;
    OperationRunner runner;
    SecretBox box{kClusterKey};
    QString boot;
};

struct Answer {
    int status = 0; // 0: none in time
    QByteArray body;
};

// A sealed request as ControlClient sends it; its answer must be sealed and open.
Answer handleSealed(Node &node, const QByteArray &method, const QByteArray &target,
                    const QByteArray &body) {
    const SealedRequest::Exchange exchange =
        SealedRequest::seal(kClusterKey, kNodeId, node.boot, method, target, body);
    HttpResponder responder;
    node.api.handle(exchange.request, &responder);
    settle(responder, kAnswerWaitMs);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    if (responder.recorded().status == 0)
        return {};
    check(responder.recorded().status == 200);
    const HttpResponse opened =
        SealedRequest::open(kClusterKey, responder.recorded(), exchange.nonce);
    check(opened.status != 0);
    return {opened.status, opened.body};
}

const std::pair<const char *, const char *> kEndpoints[] = {
    {"GET", "/v1/documents"}, {"POST", "/v1/documents"}, {"POST", "/v1/deliveries"},
    {"POST", "/v1/replay"},   {"POST", "/v1/reload"},    {"GET", "/v1/ping"},
    {"POST", "/v1/no-such"},  {"PUT", "/v1/documents"},  {"POST", "/v1/webhook-test"},
    {"POST", "/v1/run"},      {"POST", "/v1/events"},    {"GET", "/metrics"},
    {"POST", "/metrics"},     {"GET", "/v1/deliveries"}, {"POST", "/v1/ping"},
    {"DELETE", "/v1/run"}};

// Every operation the daemon runs for the GUI, by the operation table, and one it does not know.
QStringList runnableOperations() {
    QStringList names;
    for (const OperationSpec &spec : Operations::all()) {
        if (spec.remote)
            names.append(QLatin1String(spec.name));
    }
    names.append(QStringLiteral("no-such"));
    return names;
}

void signedToEndpoint(Node &node, uint8_t which, const QByteArray &body) {
    const auto &[method, path] = kEndpoints[which % std::size(kEndpoints)];
    const int status = handleSealed(node, method, path, preparedBody(body, nullptr, {})).status;
    check(status == 0 || (status >= 200 && status < 600 && status != 401));
}

void pushDocuments(Node &node, const QByteArray &rest) {
    const QJsonDocument document = QJsonDocument::fromJson(rest);
    if (!document.isObject())
        return;
    // Secrets sit in {"webhooks": {"<url>": {"value": {"token": ...}}}}: sealed for that URL.
    QJsonObject documents = document.object();
    QJsonObject webhooks = documents.value(QStringLiteral("webhooks")).toObject();
    for (auto it = webhooks.begin(); it != webhooks.end(); ++it) {
        QJsonObject entry = it.value().toObject();
        const QJsonValue value = entry.value(QStringLiteral("value"));
        entry.insert(QStringLiteral("value"),
                     prepare(value, &node.box, QStringLiteral("webhooks"), it.key(), it.key()));
        it.value() = entry;
    }
    documents.insert(QStringLiteral("webhooks"), webhooks);
    const QByteArray body =
        QJsonDocument(prepare(documents, nullptr, {}).toObject()).toJson(QJsonDocument::Compact);
    const int status = handleSealed(node, "POST", "/v1/documents", body).status;
    check(status == 200 || status == 400);
    // What a push left behind (sanitized entries only) must load, with nothing skipped, or the
    // node is stuck or loses a webhook.
    if (status == 200) {
        check(ClusterStore(node.paths, kNodeId).load().ok());
        const auto webhooks = WebhookStore::load(node.paths.webhooks);
        check(webhooks.ok() && webhooks->problems.isEmpty());
        const auto config = Config::load(QString(), node.paths.config);
        check(config.ok() && config->problems().isEmpty());
    }
}

void runOperation(Node &node, const QByteArray &rest) {
    const uint8_t choice = uint8_t(rest[0]);
    static const QStringList kOperations = runnableOperations();
    const QJsonObject op{{QStringLiteral("op"), kOperations[(choice & 0x7f) % kOperations.size()]}};
    const SecretBox *box = (choice & 0x80) ? nullptr : &node.box;
    const QString document = QStringLiteral("op ") + op.value(QStringLiteral("op")).toString();
    const int status =
        handleSealed(node, "POST", "/v1/run", preparedBody(rest.mid(1), box, document, op)).status;
    check(status == 0 || (status >= 200 && status < 600 && status != 401));
}

void pollEvents(Node &node, const QByteArray &rest) {
    if (rest.size() < 3)
        return;
    const int before = uint8_t(rest[0]) % 40;
    const uint8_t next = uint8_t(rest[1]);
    // Now and then events big enough that a page stops at its byte limit (2 MiB).
    const QByteArray eventBody = (next & 0x80) ? QByteArray(160 * 1024, 'e') : rest.mid(2, 64);
    node.feed.publish(feedEvents(before, eventBody, 1'000));
    const QByteArray body = preparedBody(rest.mid(2), nullptr, {});
    const QJsonObject asked = QJsonDocument::fromJson(body).object();
    auto responder = std::make_unique<HttpResponder>();
    const SealedRequest::Exchange exchange =
        SealedRequest::seal(kClusterKey, kNodeId, node.boot, "POST", "/v1/events", body);
    node.api.handle(exchange.request, responder.get());
    switch (next % 3) {
    case 0: // more events come while the poll waits
        QCoreApplication::processEvents();
        node.feed.publish(feedEvents(1 + next % 5, eventBody, 2'000));
        break;
    case 1: // the poll's own deadline (when wait_ms is short)
        settle(*responder, 20);
        break;
    default: // the poller goes away first
        QCoreApplication::processEvents();
        responder.reset();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        check(node.feed.waiting() == 0);
        return;
    }
    QCoreApplication::processEvents();
    check(responder->recorded().status == 0 || responder->recorded().status == 200);
    const HttpResponse answer =
        responder->recorded().status == 0
            ? HttpResponse()
            : SealedRequest::open(kClusterKey, responder->recorded(), exchange.nonce);
    check(answer.status == 0 || answer.status == 200 || answer.status == 400);
    if (answer.status == 200) {
        const QJsonObject page = QJsonDocument::fromJson(answer.body).object();
        const int max = std::clamp(asked.value(QStringLiteral("max")).toInt(1000), 1, 5'000);
        check(page.value(QStringLiteral("events")).toArray().size() <= max);
    }
}

void testWebhook(Node &node, const QByteArray &rest) {
    const int status =
        handleSealed(node, "POST", "/v1/webhook-test",
                     preparedBody(rest, &node.box, Operations::name(Operation::WebhookTest)))
            .status;
    check(status == 0 || status == 200 || status == 400);
}

void sequence(Node &node, const QByteArray &rest) {
    QByteArrayView left(rest);
    for (int i = 0; i < 16 && !left.isEmpty(); ++i) {
        const qsizetype end = left.indexOf(kSeparator);
        const QByteArrayView one = left.first(end < 0 ? left.size() : end);
        left = end < 0 ? QByteArrayView() : left.sliced(end + kSeparator.size());
        if (one.isEmpty())
            continue;
        // A push could name pool members that later operations would contact: read instead.
        const uint8_t which = uint8_t(one[0]) % std::size(kEndpoints) == 1 ? 0 : uint8_t(one[0]);
        signedToEndpoint(node, which, one.sliced(1).toByteArray());
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    FuzzSupport::initialize();
    if (size < 2)
        return 0;
    const QString workdir = FuzzSupport::scratchDir() + QStringLiteral("/control");
    QDir(workdir).removeRecursively();
    std::optional<Node> node(std::in_place, workdir);
    ControlApi &api = node->api;
    const EventsPaths &paths = node->paths;

    const uint8_t mode = data[0] % 8;
    const QByteArray rest = FuzzSupport::bytes(data + 1, size - 1);
    const auto before = snapshot(paths.eventsDir);

    if (mode == 0) {
        HttpRequestParser parser;
        QByteArray buffer = rest;
        while (parser.feed(buffer) == HttpRequestParser::State::Complete) {
            const HttpRequest request = parser.takeRequest();
            const int status = handle(api, request);
            if (request.path != "/v1/ping" && request.path != "/metrics")
                check(status == 401 ||
                      (status == 426 && !request.header("x-events-signature").isEmpty()));
        }
        check(snapshot(paths.eventsDir) == before);
    } else if (mode == 1) {
        signedToEndpoint(*node, uint8_t(rest[0]), rest.mid(1));
    } else if (mode == 2) {
        pushDocuments(*node, rest);
    } else if (mode == 3) {
        HttpRequest request;
        request.method = "POST";
        request.path = ControlEnvelope::kPath;
        request.version = "HTTP/1.1";
        if (uint8_t(rest[0]) & 1) {
            request.body = rest.mid(1);
        } else {
            const auto key = ClusterKey::deriveKey(kClusterKey, "transport v2");
            request.body = CryptoUtil::aeadSeal(*key, rest.mid(1), "gluster-events request v2")
                               .value_or(QByteArray());
        }
        HttpResponder responder;
        api.handle(request, &responder);
        settle(responder, kAnswerWaitMs);
        // Refused in clear, or (a request that opened but names an earlier run) sealed for it.
        const HttpResponse &answer = responder.recorded();
        if (answer.status != 401) {
            const QByteArray nonce = QJsonDocument::fromJson(rest.mid(1))
                                         .object()
                                         .value(QStringLiteral("nonce"))
                                         .toString()
                                         .toLatin1();
            const HttpResponse inner = SealedRequest::open(kClusterKey, answer, nonce);
            check(inner.status == 401 && inner.body.contains("\"refusal\":\"boot\""));
        }
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        check(snapshot(paths.eventsDir) == before);
    } else if (mode == 4) {
        runOperation(*node, rest);
    } else if (mode == 5) {
        pollEvents(*node, rest);
    } else if (mode == 6) {
        testWebhook(*node, rest);
    } else {
        sequence(*node, rest);
    }
    node.reset();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return 0;
}

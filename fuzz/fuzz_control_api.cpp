// The control API behind the parser (ControlApi::handle): authentication, the opening of sealed
// secrets, and the merge of pushed documents into this node's files. The first input byte
// chooses how the rest arrives:
//   0  raw bytes through the HTTP parser, unsigned: only /v1/ping and /metrics may answer
//      anything but 401, and no file may change;
//   1  a correctly signed request to one of the endpoints (the next byte picks it) with the
//      rest as its body, so the fuzzer reaches what lies behind authentication;
//   2  a signed push of documents whose "token" and "secret" strings are sealed first, so the
//      merge sees secrets that open;
//   3  a request with fuzzed x-events-* headers: forged, it must get 401 and change nothing.
#include "controlapi.h"
#include "fuzzsupport.h"
#include "httpmessage.h"
#include "httprequestparser.h"
#include "httpresponder.h"
#include "requestauth.h"
#include "secretbox.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>

namespace {

const QByteArray kClusterKey =
    QByteArrayLiteral("fuzz-cluster-key-0123456789abcdef0123456789abcdef");

using FuzzSupport::check;
using FuzzSupport::snapshot;

int handle(ControlApi &api, const HttpRequest &request) {
    HttpResponder responder;
    api.handle(request, &responder);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return responder.recorded().status;
}

HttpRequest signedRequest(const QByteArray &method, const QByteArray &path,
                          const QByteArray &body) {
    HttpRequest request;
    request.method = method;
    request.path = path;
    request.version = "HTTP/1.1";
    request.body = body;
    request.headers = RequestAuth(kClusterKey)
                          .signRequest(method, path, body, QDateTime::currentSecsSinceEpoch());
    return request;
}

QJsonValue sealSecrets(const QJsonValue &value, const SecretBox &box, const QString &key = {}) {
    if (value.isString() && (key == QLatin1String("token") || key == QLatin1String("secret")))
        return box.seal(value.toString());
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            it.value() = sealSecrets(it.value(), box, it.key());
        return object;
    }
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            array[i] = sealSecrets(array.at(i), box);
        return array;
    }
    return value;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    FuzzSupport::initialize();
    if (size < 2)
        return 0;
    const QString workdir = FuzzSupport::scratchDir() + QStringLiteral("/control");
    QDir(workdir).removeRecursively();
    const EventsPaths paths(workdir);
    QDir().mkpath(paths.eventsDir);
    QNetworkAccessManager network;
    ControlApi api(paths, QStringLiteral("7f9d0c3e-5a1b-4c2d-9e8f-0a1b2c3d4e5f"),
                   QStringLiteral("0.1.0"), network);
    api.setClusterKey(kClusterKey);
    api.setMetricsSource([] { return QByteArrayLiteral("events_received_total 0\n"); });

    const uint8_t mode = data[0] % 4;
    const QByteArray rest = FuzzSupport::bytes(data + 1, size - 1);
    const auto before = snapshot(paths.eventsDir);

    if (mode == 0) {
        HttpRequestParser parser;
        QByteArray buffer = rest;
        while (parser.feed(buffer) == HttpRequestParser::State::Complete) {
            const HttpRequest request = parser.takeRequest();
            const int status = handle(api, request);
            if (request.path != "/v1/ping" && request.path != "/metrics")
                check(status == 401);
        }
        check(snapshot(paths.eventsDir) == before);
    } else if (mode == 1) {
        static const std::pair<const char *, const char *> kEndpoints[] = {
            {"GET", "/v1/documents"}, {"POST", "/v1/documents"}, {"POST", "/v1/deliveries"},
            {"POST", "/v1/replay"},   {"POST", "/v1/reload"},    {"GET", "/v1/ping"},
            {"POST", "/v1/no-such"},  {"PUT", "/v1/documents"}};
        const auto &[method, path] = kEndpoints[uint8_t(rest[0]) % std::size(kEndpoints)];
        const int status = handle(api, signedRequest(method, path, rest.mid(1)));
        check(status >= 200 && status < 600 && status != 401);
    } else if (mode == 2) {
        const QJsonDocument document = QJsonDocument::fromJson(rest);
        if (!document.isObject())
            return 0;
        const SecretBox box(kClusterKey);
        const QByteArray body = QJsonDocument(sealSecrets(document.object(), box).toObject())
                                    .toJson(QJsonDocument::Compact);
        const int status = handle(api, signedRequest("POST", "/v1/documents", body));
        check(status == 200 || status == 400);
    } else {
        // time, nonce and signature, separated by newlines, then the body.
        const QList<QByteArray> parts = rest.split('\n');
        HttpRequest request;
        request.method = "POST";
        request.path = "/v1/documents";
        request.version = "HTTP/1.1";
        request.headers = {{RequestAuth::kTimeHeader, parts.value(0)},
                           {RequestAuth::kNonceHeader, parts.value(1)},
                           {RequestAuth::kSignatureHeader, parts.value(2)}};
        request.body = parts.mid(3).join('\n');
        check(handle(api, request) == 401);
        check(snapshot(paths.eventsDir) == before);
    }
    return 0;
}

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// One control connection (HttpConnection) with a client that misbehaves: the input is a script
// the client plays on an in-memory socket (FakeSocket). The first byte picks the time limits
// (some of 0 ms, so timeouts fire within the input); then each step is an opcode and one
// argument byte:
//   0  send the next argument+1 input bytes          1  send the last piece again argument+1
//   2  read argument*64 bytes of the answers (255:       times (pipelining, cheaply)
//      everything)                                   3  turn the event loop once
//   4  queue a decision for the handler (see below)  5  the client goes away
//   6  the server aborts, or refuses with 503        7  offer unread bytes again (readyRead)
// The handler answers each request as the next queued decision says: at once, a turn later,
// streamed in chunks over later turns, never, or with another status; the body size comes from
// the decision too (up to 1 MiB per piece, and at most kMaxGeneratedBytes per input).
//
// Checks, besides no crash and no leak: what the client reads starts as an HTTP/1.1 response;
// each responder learns of a closed connection (closed()) at most once, and none outlives the
// connection; unsent bytes stay under the streaming limit plus what whole answers added.
#include "controlserver.h"
#include "fakesocket.h"
#include "fuzzsupport.h"
#include "httpconnection.h"
#include "httpresponder.h"

#include <QCoreApplication>
#include <QPointer>
#include <QTimer>

#include <deque>
#include <memory>
#include <vector>

namespace {

using FuzzSupport::check;

constexpr qint64 kMaxChunkBytes = 1024 * 1024;
constexpr qint64 kMaxGeneratedBytes = 24 * 1024 * 1024;
// HttpConnection cuts off a streamed response whose client leaves this much unread.
constexpr qint64 kStreamCutOffBytes = 8 * 1024 * 1024;
// Room for the heads and chunk framing around the bodies.
constexpr qint64 kFramingBytes = 64 * 1024;
constexpr int kMaxSteps = 512;
constexpr int kFinalTurns = 16;
// What one input may send in all (repeats make a little input a lot of requests).
constexpr qint64 kMaxDeliveredBytes = 4 * 1024 * 1024;

struct Decision {
    uint8_t how = 0;
    uint8_t size = 0;
};

// What the handler did, to check the connection's promises against.
struct Handling {
    std::deque<Decision> decisions;
    qint64 generated = 0;    // body bytes made, to bound one input's memory
    qint64 largestWhole = 0; // the largest whole (not streamed) answer given to send()
    qint64 largestChunk = 0; // the largest streamed piece
    std::vector<QPointer<HttpResponder>> responders;
    std::vector<std::shared_ptr<int>> closedCounts;
};

// Bodies are views of one filler: no allocation per answer, so executions stay fast.
QByteArray body(qint64 bytes) {
    static const QByteArray kFiller(kMaxChunkBytes, 'b');
    return QByteArray::fromRawData(kFiller.constData(), qsizetype(std::min(bytes, kMaxChunkBytes)));
}

qint64 bodySize(Handling &handling, uint8_t size) {
    const qint64 wanted = size >= 250 ? kMaxChunkBytes : qint64(size) * 37;
    const qint64 allowed = std::min(wanted, kMaxGeneratedBytes - handling.generated);
    handling.generated += std::max<qint64>(allowed, 0);
    return std::max<qint64>(allowed, 0);
}

void sendWhole(Handling &handling, HttpResponder *responder, int status, qint64 bytes) {
    HttpResponse response;
    response.status = status;
    response.body = body(bytes);
    handling.largestWhole = std::max(handling.largestWhole, bytes + 1024);
    responder->send(response);
}

// Streams `chunks` pieces of `bytes` each, one per event-loop turn, while the client is there.
void stream(Handling &handling, HttpResponder *responder, int chunks, uint8_t sizeByte) {
    responder->startStream(200, QByteArrayLiteral("application/x-ndjson"));
    auto *timer = new QTimer(responder); // goes with the responder
    auto left = std::make_shared<int>(chunks);
    QObject::connect(timer, &QTimer::timeout, responder,
                     [&handling, responder, timer, left, sizeByte] {
                         if (!responder->isOpen()) {
                             timer->stop();
                             return;
                         }
                         if (--*left < 0) {
                             timer->stop();
                             responder->endStream();
                             return;
                         }
                         const qint64 size = bodySize(handling, sizeByte);
                         handling.largestChunk = std::max(handling.largestChunk, size);
                         responder->streamChunk(body(std::max<qint64>(size, 1)));
                     });
    timer->start(0);
}

void answer(Handling &handling, const HttpRequest &, HttpResponder *responder) {
    handling.responders.emplace_back(responder);
    auto closed = std::make_shared<int>(0);
    handling.closedCounts.push_back(closed);
    QObject::connect(responder, &HttpResponder::closed, responder, [closed] { ++*closed; });
    Decision decision;
    if (!handling.decisions.empty()) {
        decision = handling.decisions.front();
        handling.decisions.pop_front();
    }
    static const int kStatuses[] = {200, 201, 204, 304, 400, 404, 500, 503};
    switch (decision.how % 6) {
    case 0:
        sendWhole(handling, responder, 200, bodySize(handling, decision.size));
        break;
    case 1: { // a turn later
        const qint64 bytes = bodySize(handling, decision.size);
        QTimer::singleShot(0, responder, [&handling, responder, bytes] {
            if (responder->isOpen())
                sendWhole(handling, responder, 200, bytes);
        });
        break;
    }
    case 2:
        stream(handling, responder, 1 + decision.how / 6 % 16, decision.size);
        break;
    case 3: // never: only the connection's end frees it
        break;
    case 4:
        sendWhole(handling, responder, kStatuses[decision.size % 8], (decision.size / 8) * 11);
        break;
    default: // an empty stream, ended a turn later
        responder->startStream(200, QByteArrayLiteral("text/plain"));
        QTimer::singleShot(0, responder, [responder] {
            if (responder->isOpen())
                responder->endStream();
        });
        break;
    }
}

ControlServer::Limits limitsFrom(uint8_t byte) {
    ControlServer::Limits limits;
    limits.parser.maxHeaderBytes = 2048; // small, so the fuzzer reaches them
    limits.parser.maxBodyBytes = 4096;
    limits.parser.maxHeaderCount = 16;
    // 0 ms fires within the input; the daemon's own limits never do.
    limits.requestTimeoutMs = (byte & 1) ? 0 : 10'000;
    limits.idleTimeoutMs = (byte & 2) ? 0 : 30'000;
    limits.firstRequestTimeoutMs = (byte & 4) ? 0 : 5'000;
    return limits;
}

void turn() {
    QCoreApplication::processEvents();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    FuzzSupport::initialize();
    if (size < 1)
        return 0;
    Handling handling;
    auto *socket = new FakeSocket;
    bool finished = false;
    const ControlServer::Limits limits = limitsFrom(data[0]);
    auto connection = std::make_unique<HttpConnection>(
        socket,
        [&handling](const HttpRequest &request, HttpResponder *responder) {
            answer(handling, request, responder);
        },
        limits, nullptr);
    QObject::connect(connection.get(), &HttpConnection::finished, connection.get(),
                     [&finished] { finished = true; });
    connection->start();

    const auto checkUnsent = [&] {
        // Reading stops while more than maxUnsentBytes wait: one answer more can cross it.
        check(socket->largestUnsent() <= kStreamCutOffBytes + handling.largestChunk +
                                             limits.maxUnsentBytes + handling.largestWhole +
                                             kFramingBytes);
    };
    QByteArray last;
    qint64 delivered = 0;
    const auto deliver = [&](const QByteArray &bytes) {
        if (delivered + bytes.size() > kMaxDeliveredBytes)
            return;
        delivered += bytes.size();
        socket->deliver(bytes);
    };
    size_t at = 1;
    for (int step = 0; step < kMaxSteps && at + 1 < size && !finished; ++step) {
        const uint8_t op = data[at] % 8;
        const uint8_t arg = data[at + 1];
        at += 2;
        switch (op) {
        case 0: {
            const size_t count = std::min(size - at, size_t(arg) + 1);
            last = FuzzSupport::bytes(data + at, count);
            at += count;
            deliver(last);
            break;
        }
        case 1:
            deliver(last.repeated(arg + 1));
            break;
        case 2:
            socket->consume(arg == 255 ? socket->unsent() : qint64(arg) * 64);
            break;
        case 3:
            turn();
            break;
        case 4:
            handling.decisions.push_back({arg, at < size ? data[at++] : uint8_t(0)});
            break;
        case 5:
            socket->hangUp();
            break;
        case 6:
            if (arg & 1)
                connection->abort();
            else
                connection->refuse(503, QStringLiteral("too many connections"));
            break;
        default:
            socket->pump();
            break;
        }
        checkUnsent();
    }
    // Whatever is still under way runs on for a few turns, with a client that reads nothing.
    for (int i = 0; i < kFinalTurns && !finished; ++i)
        turn();
    checkUnsent();

    if (socket->received() > 0)
        check(socket->receivedHead().startsWith("HTTP/1.1 ") ||
              socket->receivedHead().startsWith("HTTP/1.0 "));
    connection.reset();
    turn();
    for (const auto &responder : handling.responders)
        check(responder.isNull());
    for (const auto &closed : handling.closedCounts)
        check(*closed <= 1);
    return 0;
}

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// The control server's HTTP/1.1 request parser, fed the way a socket feeds it: in pieces whose
// size the first input byte chooses, with whatever follows a complete request kept for the
// next (pipelining). Checks the parser's own promises: it only ever consumes bytes, a failure
// has one of its documented statuses, and a request never exceeds the limits.
#include "fuzzsupport.h"
#include "httprequestparser.h"

using FuzzSupport::check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    FuzzSupport::initialize();
    if (size == 0)
        return 0;
    const qsizetype piece = 1 + data[0] % 64;
    const QByteArray input = FuzzSupport::bytes(data + 1, size - 1);

    HttpRequestParser::Limits limits;
    limits.maxHeaderBytes = 2048; // small limits, so the fuzzer reaches them
    limits.maxBodyBytes = 4096;
    limits.maxHeaderCount = 16;
    HttpRequestParser parser(limits);
    QByteArray buffer;
    for (qsizetype offset = 0; offset < input.size(); offset += piece) {
        buffer += input.mid(offset, piece);
        for (;;) {
            const qsizetype before = buffer.size();
            const HttpRequestParser::State state = parser.feed(buffer);
            check(buffer.size() <= before);
            if (state == HttpRequestParser::State::Failed) {
                const int status = parser.errorStatus();
                check(status == 400 || status == 413 || status == 431 || status == 501 ||
                      status == 505);
                check(!parser.errorReason().isEmpty());
                return 0;
            }
            if (state == HttpRequestParser::State::NeedMore)
                break;
            const HttpRequest request = parser.takeRequest();
            check(!request.method.isEmpty() && !request.path.isEmpty());
            check(request.version == "HTTP/1.0" || request.version == "HTTP/1.1");
            check(request.headers.size() <= limits.maxHeaderCount);
            check(request.body.size() <= limits.maxBodyBytes);
        }
    }
    return 0;
}

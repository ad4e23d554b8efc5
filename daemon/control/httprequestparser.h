// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "httpmessage.h"

#include <QByteArray>
#include <QString>

// An incremental, strict HTTP/1.1 request parser (RFC 9112) with no I/O of its own, so tests and
// fuzzers can drive it with plain bytes. Accepts HTTP/1.0 and HTTP/1.1 only, bodies only with a
// Content-Length (no chunked request bodies), and rejects anything ambiguous rather than
// guessing: a request two parsers could read differently is how requests get smuggled.
class HttpRequestParser {
public:
    struct Limits {
        qsizetype maxHeaderBytes = 16 * 1024; // request line and header lines, with their CRLFs
        qsizetype maxBodyBytes = 1024 * 1024; // documents are kilobytes
        int maxHeaderCount = 64;
    };
    enum class State { NeedMore, Complete, Failed };

    HttpRequestParser();
    explicit HttpRequestParser(const Limits &limits);

    // Consumes bytes from the front of `buffer`, which the caller appends to between calls, and
    // leaves whatever follows a complete request (the next pipelined one) in it. Once Complete
    // or Failed, returns that state without consuming anything until takeRequest() or reset().
    State feed(QByteArray &buffer);
    State state() const { return m_state; }

    // The complete request; the parser is then ready for the next one.
    HttpRequest takeRequest();
    // After Failed: 400, 413, 431, 501 or 505, and why.
    int errorStatus() const { return m_errorStatus; }
    QString errorReason() const { return m_errorReason; }
    // The head is parsed and the client waits for "100 Continue" before sending the body.
    bool expectsContinue() const { return m_expectsContinue; }
    void reset();
    // Bytes of the request in progress held here (head and body so far).
    qsizetype bufferedBytes() const { return m_headBytes + m_request.body.size(); }

private:
    enum class Phase { RequestLine, Headers, Body };

    bool parseRequestLine(QByteArrayView line);
    bool parseHeaderLine(QByteArrayView line);
    bool finishHead();
    bool fail(int status, QString reason);

    Limits m_limits;
    State m_state = State::NeedMore;
    Phase m_phase = Phase::RequestLine;
    HttpRequest m_request;
    qsizetype m_headBytes = 0;
    qsizetype m_scanFrom = 0; // where the search for the end of the current line resumes
    qsizetype m_contentLength = 0;
    bool m_expectsContinue = false;
    int m_errorStatus = 0;
    QString m_errorReason;
};

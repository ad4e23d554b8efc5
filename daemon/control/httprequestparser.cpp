// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "httprequestparser.h"

#include <QtNumeric>

namespace {

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

bool isHexDigit(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// RFC 9110 §5.6.2 tchar.
bool isTokenChar(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

bool isToken(QByteArrayView text) {
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

// Field values may hold visible characters, spaces, tabs and obs-text, but no other control
// character (a stray CR or NUL is how header injection starts).
bool isFieldValueChar(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte == '\t' || (byte >= 0x20 && byte != 0x7f);
}

// origin-form (RFC 9112 §3.2.1): '/' then visible ASCII, percent escapes well formed, and no
// fragment, which a client must not send.
bool isOriginForm(QByteArrayView target) {
    if (!target.startsWith('/'))
        return false;
    for (qsizetype i = 0; i < target.size(); ++i) {
        const char c = target[i];
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte >= 0x7f || c == '#')
            return false;
        if (c == '%') {
            if (i + 2 >= target.size() || !isHexDigit(target[i + 1]) || !isHexDigit(target[i + 2]))
                return false;
        }
    }
    return true;
}

QByteArrayView trimmedWhitespace(QByteArrayView text) {
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t'))
        text.chop(1);
    return text;
}

} // namespace

HttpRequestParser::HttpRequestParser()
    : HttpRequestParser(Limits()) {
}

HttpRequestParser::HttpRequestParser(const Limits &limits)
    : m_limits(limits) {
}

void HttpRequestParser::reset() {
    m_state = State::NeedMore;
    m_phase = Phase::RequestLine;
    m_request = HttpRequest();
    m_headBytes = 0;
    m_scanFrom = 0;
    m_contentLength = 0;
    m_expectsContinue = false;
    m_errorStatus = 0;
    m_errorReason.clear();
}

HttpRequest HttpRequestParser::takeRequest() {
    HttpRequest request = std::move(m_request);
    reset();
    return request;
}

bool HttpRequestParser::fail(int status, QString reason) {
    m_state = State::Failed;
    m_errorStatus = status;
    m_errorReason = std::move(reason);
    m_expectsContinue = false;
    return false;
}

HttpRequestParser::State HttpRequestParser::feed(QByteArray &buffer) {
    if (m_state != State::NeedMore)
        return m_state;

    while (m_phase != Phase::Body) {
        const qsizetype newline = buffer.indexOf('\n', qMin(m_scanFrom, buffer.size()));
        if (newline < 0) {
            m_scanFrom = buffer.size();
            // A line that cannot end within the limit is refused before it is all here.
            if (buffer.size() > m_limits.maxHeaderBytes - m_headBytes)
                fail(431, QStringLiteral("request head larger than %1 bytes")
                              .arg(m_limits.maxHeaderBytes));
            return m_state;
        }
        const qsizetype lineBytes = newline + 1;
        if (lineBytes > m_limits.maxHeaderBytes - m_headBytes) {
            fail(431,
                 QStringLiteral("request head larger than %1 bytes").arg(m_limits.maxHeaderBytes));
            return m_state;
        }
        m_headBytes += lineBytes;
        m_scanFrom = 0;
        QByteArrayView line(buffer.constData(), newline);
        if (line.endsWith('\r'))
            line.chop(1);
        const bool ok =
            m_phase == Phase::RequestLine ? parseRequestLine(line) : parseHeaderLine(line);
        buffer.remove(0, lineBytes);
        if (!ok || m_state != State::NeedMore)
            return m_state;
    }

    const qsizetype wanted = m_contentLength - m_request.body.size();
    const qsizetype taken = qMin(wanted, buffer.size());
    m_request.body.append(buffer.constData(), taken);
    buffer.remove(0, taken);
    if (m_request.body.size() == m_contentLength) {
        m_state = State::Complete;
        m_expectsContinue = false;
    }
    return m_state;
}

bool HttpRequestParser::parseRequestLine(QByteArrayView line) {
    // RFC 9112 §2.2: empty lines before a request line are ignored (they count toward the limit).
    if (line.isEmpty())
        return true;
    for (const char c : line) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f)
            return fail(400, QStringLiteral("control character in request line"));
    }
    // method SP request-target SP HTTP-version, single spaces only.
    const qsizetype firstSpace = line.indexOf(' ');
    const qsizetype secondSpace = firstSpace < 0 ? -1 : line.indexOf(' ', firstSpace + 1);
    if (secondSpace < 0 || line.indexOf(' ', secondSpace + 1) >= 0)
        return fail(400, QStringLiteral("malformed request line"));
    const QByteArrayView method = line.first(firstSpace);
    const QByteArrayView target = line.sliced(firstSpace + 1, secondSpace - firstSpace - 1);
    const QByteArrayView version = line.sliced(secondSpace + 1);
    if (!isToken(method))
        return fail(400, QStringLiteral("malformed request method"));
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        const bool wellFormed = version.size() == 8 && version.startsWith("HTTP/") &&
                                isDigit(version[5]) && version[6] == '.' && isDigit(version[7]);
        return wellFormed ? fail(505, QStringLiteral("HTTP version not supported"))
                          : fail(400, QStringLiteral("malformed HTTP version"));
    }
    if (!isOriginForm(target))
        return fail(400, QStringLiteral("malformed request target"));

    m_request.method = method.toByteArray();
    m_request.version = version.toByteArray();
    const qsizetype question = target.indexOf('?');
    if (question < 0) {
        m_request.path = target.toByteArray();
    } else {
        m_request.path = target.first(question).toByteArray();
        m_request.query = target.sliced(question + 1).toByteArray();
    }
    m_phase = Phase::Headers;
    return true;
}

bool HttpRequestParser::parseHeaderLine(QByteArrayView line) {
    if (line.isEmpty())
        return finishHead();
    if (line.front() == ' ' || line.front() == '\t')
        return fail(400, QStringLiteral("obsolete line folding in header"));
    const qsizetype colon = line.indexOf(':');
    if (colon < 0)
        return fail(400, QStringLiteral("header line without ':'"));
    const QByteArrayView name = line.first(colon);
    if (name.endsWith(' ') || name.endsWith('\t'))
        return fail(400, QStringLiteral("whitespace before ':' in header"));
    if (!isToken(name))
        return fail(400, QStringLiteral("malformed header name"));
    const QByteArrayView value = line.sliced(colon + 1);
    for (const char c : value) {
        if (!isFieldValueChar(c))
            return fail(400, QStringLiteral("control character in header value"));
    }
    if (m_request.headers.size() >= m_limits.maxHeaderCount)
        return fail(431, QStringLiteral("more than %1 headers").arg(m_limits.maxHeaderCount));
    m_request.headers.append(
        {name.toByteArray().toLower(), trimmedWhitespace(value).toByteArray()});
    return true;
}

bool HttpRequestParser::finishHead() {
    QList<QByteArray> lengths;
    int hosts = 0;
    for (const auto &[name, value] : std::as_const(m_request.headers)) {
        if (name == "transfer-encoding")
            return fail(501, QStringLiteral("Transfer-Encoding is not supported; send a "
                                            "Content-Length"));
        if (name == "content-length")
            lengths.append(value);
        else if (name == "host")
            ++hosts;
    }
    if (hosts > 1)
        return fail(400, QStringLiteral("more than one Host header"));

    m_contentLength = 0;
    if (!lengths.isEmpty()) {
        if (lengths.size() > 1) {
            const bool allEqual = lengths.count(lengths.front()) == lengths.size();
            return fail(400, allEqual ? QStringLiteral("duplicate Content-Length")
                                      : QStringLiteral("conflicting Content-Length"));
        }
        const QByteArray &text = lengths.front();
        if (text.isEmpty())
            return fail(400, QStringLiteral("empty Content-Length"));
        if (text.startsWith('-'))
            return fail(400, QStringLiteral("negative Content-Length"));
        qsizetype length = 0;
        bool tooLarge = false;
        for (const char c : text) {
            if (!isDigit(c))
                return fail(400, QStringLiteral("non-numeric Content-Length"));
            // Stop accumulating once past the limit, so no digit string can overflow.
            if (!tooLarge) {
                tooLarge = qMulOverflow(length, qsizetype(10), &length) ||
                           qAddOverflow(length, qsizetype(c - '0'), &length) ||
                           length > m_limits.maxBodyBytes;
            }
        }
        if (tooLarge)
            return fail(
                413,
                QStringLiteral("request body larger than %1 bytes").arg(m_limits.maxBodyBytes));
        m_contentLength = length;
    }

    if (m_contentLength == 0) {
        m_state = State::Complete;
        return true;
    }
    m_phase = Phase::Body;
    m_expectsContinue =
        m_request.version == "HTTP/1.1" &&
        m_request.header("expect").compare("100-continue", Qt::CaseInsensitive) == 0;
    return true;
}

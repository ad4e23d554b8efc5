// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "logtext.h"

namespace {

constexpr char kHex[] = "0123456789abcdef";

// How many bytes at `at` form a character to escape (0: none), and its code point.
qsizetype escapedLength(QByteArrayView utf8, qsizetype at, bool keepNewlines, char32_t *code) {
    const auto byte = [&](qsizetype i) {
        return at + i < utf8.size() ? static_cast<unsigned char>(utf8[at + i]) : 0;
    };
    const unsigned char c = byte(0);
    if (c < 0x20 || c == 0x7f) {
        *code = c;
        return c == '\n' && keepNewlines ? 0 : 1;
    }
    if (c == 0xc2 && byte(1) >= 0x80 && byte(1) <= 0x9f) {
        *code = byte(1); // C1: U+0080 to U+009F
        return 2;
    }
    if (c == 0xe2) {
        const unsigned char second = byte(1);
        const unsigned char third = byte(2);
        // U+2028 to U+202E are E2 80 A8 to E2 80 AE; U+2066 to U+2069 are E2 81 A6 to E2 81 A9.
        if ((second == 0x80 && third >= 0xa8 && third <= 0xae) ||
            (second == 0x81 && third >= 0xa6 && third <= 0xa9)) {
            *code = 0x2000 + char32_t((second & 0x3f) << 6) + (third & 0x3f);
            return 3;
        }
    }
    return 0;
}

// The bytes that can start an escaped character: one test per byte on the fast way.
bool mayStartEscape(unsigned char c) {
    return c < 0x20 || c == 0x7f || c == 0xc2 || c == 0xe2;
}

} // namespace

namespace LogText {

bool needsEscaping(QByteArrayView utf8, bool keepNewlines) {
    char32_t code = 0;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        if (mayStartEscape(static_cast<unsigned char>(utf8[i])) &&
            escapedLength(utf8, i, keepNewlines, &code) > 0)
            return true;
    }
    return false;
}

void appendEscaped(QByteArray &out, QByteArrayView utf8, bool keepNewlines) {
    qsizetype plainFrom = 0;
    qsizetype i = 0;
    while (i < utf8.size()) {
        char32_t code = 0;
        const qsizetype length = mayStartEscape(static_cast<unsigned char>(utf8[i]))
                                     ? escapedLength(utf8, i, keepNewlines, &code)
                                     : 0;
        if (length == 0) {
            ++i;
            continue;
        }
        out.append(utf8.sliced(plainFrom, i - plainFrom));
        if (code < 0x20) {
            const char escape[] = {'\\', 'x', kHex[code >> 4], kHex[code & 0xf]};
            out.append(escape, sizeof escape);
        } else {
            const char escape[] = {'\\',
                                   'u',
                                   kHex[(code >> 12) & 0xf],
                                   kHex[(code >> 8) & 0xf],
                                   kHex[(code >> 4) & 0xf],
                                   kHex[code & 0xf]};
            out.append(escape, sizeof escape);
        }
        i += length;
        plainFrom = i;
    }
    out.append(utf8.sliced(plainFrom));
}

QString quoted(QStringView text) {
    const QByteArray utf8 = text.toUtf8();
    if (!needsEscaping(utf8, false))
        return text.toString();
    QByteArray escaped;
    escaped.reserve(utf8.size() + 16);
    appendEscaped(escaped, utf8, false);
    return QString::fromUtf8(escaped);
}

} // namespace LogText

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringView>

// Text a sender controls, made safe for a log line: nothing that a terminal, a pager or an
// editor acts on instead of showing. C0 controls become "\x1b", DEL, C1 controls (U+0080 to
// U+009F), the line and paragraph separators (U+2028, U+2029) and the bidi embeddings,
// overrides and isolates (U+202A to U+202E, U+2066 to U+2069) become "\u202e": the \u form keeps
// a logged JSON body valid JSON with the same meaning, and no C0 byte is ever raw in one.
namespace LogText {

// True when `utf8` holds something appendEscaped() would change. No allocation: the log sink
// runs it on every line, and almost every line has nothing to escape.
bool needsEscaping(QByteArrayView utf8, bool keepNewlines);
// Appends `utf8` to `out` with the above escaped; '\n' stays when `keepNewlines`.
void appendEscaped(QByteArray &out, QByteArrayView utf8, bool keepNewlines);
// A sender's text to quote inside a log message: everything escaped, '\n' too, so that it
// cannot start a line of its own.
QString quoted(QStringView text);

} // namespace LogText

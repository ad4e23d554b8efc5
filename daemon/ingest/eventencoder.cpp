// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "eventencoder.h"

#include "datagramparser.h"
#include "payload.h"

#include <QStringView>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <string_view>

namespace {

// QChar::isSpace within ASCII, which is what QStringView::trimmed() drops there.
bool isSpace(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
}

QByteArrayView trimmed(QByteArrayView text) {
    qsizetype begin = 0;
    qsizetype end = text.size();
    while (begin < end && isSpace(text[begin]))
        ++begin;
    while (end > begin && isSpace(text[end - 1]))
        --end;
    return text.sliced(begin, end - begin);
}

bool isAscii(QByteArrayView text) {
    unsigned char seen = 0; // one OR over the bytes: the compiler vectorises it
    for (const char c : text)
        seen |= static_cast<unsigned char>(c);
    return seen < 0x80;
}

constexpr qsizetype kMaxTokenChars = 64;
using TokenBuffer = std::array<char16_t, kMaxTokenChars>;

// A short ASCII token as UTF-16 on the stack, so that Qt's own rules for numbers, names and
// attributes judge it exactly as they do on the full way. Longer tokens are left to that way.
std::optional<QStringView> widened(QByteArrayView token, TokenBuffer &buffer) {
    if (token.size() > kMaxTokenChars)
        return std::nullopt;
    for (qsizetype i = 0; i < token.size(); ++i)
        buffer[size_t(i)] = char16_t(static_cast<unsigned char>(token[i]));
    return QStringView(buffer.data(), token.size());
}

std::string_view asStd(QByteArrayView text) {
    return {text.data(), size_t(text.size())};
}

char *append(char *out, QByteArrayView text) {
    std::memcpy(out, text.data(), size_t(text.size()));
    return out + text.size();
}

} // namespace

EventEncoder::EventEncoder(const QString &nodeId)
    : m_nodeId(nodeId) {
    Payload::appendJsonString(m_quotedNodeId, nodeId.toUtf8());
}

Result<EventEncoder::Encoded> EventEncoder::encode(QByteArrayView datagram) {
    if (auto plain = encodePlain(datagram))
        return std::move(*plain);
    auto event = DatagramParser::parse(datagram);
    if (!event)
        return Result<Encoded>::failure(event.error());
    return Encoded{event->type, event->timestamp, Payload::encode(*event, m_nodeId)};
}

std::optional<EventEncoder::Encoded> EventEncoder::encodePlain(QByteArrayView datagram) {
    // The steps of DatagramParser::parse, on bytes.
    if (datagram.size() > DatagramParser::kMaxDatagramBytes || !isAscii(datagram))
        return std::nullopt;
    const QByteArrayView line = trimmed(datagram);
    const qsizetype firstSpace = line.indexOf(' ');
    if (firstSpace < 0)
        return std::nullopt;
    const QByteArrayView rest = trimmed(line.sliced(firstSpace + 1));
    const qsizetype secondSpace = rest.indexOf(' ');
    const QByteArrayView typeToken = secondSpace < 0 ? rest : rest.first(secondSpace);
    const QByteArrayView details =
        secondSpace < 0 ? QByteArrayView() : rest.sliced(secondSpace + 1);

    TokenBuffer buffer;
    const auto tsText = widened(line.first(firstSpace), buffer);
    if (!tsText)
        return std::nullopt;
    bool tsOk = false;
    const qint64 timestamp = tsText->toLongLong(&tsOk);
    if (!tsOk || timestamp < 0)
        return std::nullopt;

    const auto typeText = widened(typeToken, buffer);
    if (!typeText || typeText->isEmpty())
        return std::nullopt;
    auto type = DatagramParser::typeNamed(*typeText);
    // VOLUME_SET's options become nested arrays: the full way's job.
    if (!type || *type == u"VOLUME_SET")
        return std::nullopt;

    if (!collectDetails(details))
        return std::nullopt;

    // Written through a pointer into a buffer sized for the worst case of escaping: QByteArray's
    // append costs a few hundred instructions a call, this whole body about as much.
    const QByteArray typeName = type->toLatin1();
    const qsizetype bound =
        64 + Payload::jsonStringBound(typeName.size()) + m_detailsBound + m_quotedNodeId.size();
    if (m_scratch.size() < bound)
        m_scratch.resize(bound);
    char *out = m_scratch.data();
    out = append(out, "{\"event\":");
    out = Payload::writeJsonString(out, typeName);
    out = append(out, ",\"message\":");
    char *const message = out;
    out = writeDetails(out);
    // Over the limit: the full way measures the same bytes and words the refusal.
    if (out - message > DatagramParser::kMaxMessageBytes)
        return std::nullopt;
    out = append(out, ",\"nodeid\":");
    out = append(out, m_quotedNodeId);
    out = append(out, ",\"ts\":");
    out = std::to_chars(out, out + 20, timestamp).ptr;
    *out++ = '}';
    // The body stays queued until every webhook has it: exactly its size, no spare capacity.
    return Encoded{std::move(*type), timestamp,
                   QByteArray(m_scratch.constData(), out - m_scratch.constData())};
}

bool EventEncoder::collectDetails(QByteArrayView details) {
    m_details.clear();
    m_detailsBound = 2; // the braces
    TokenBuffer buffer;
    qsizetype from = 0;
    while (from <= details.size()) {
        qsizetype end = details.indexOf(';', from);
        if (end < 0)
            end = details.size();
        const QByteArrayView pair = details.sliced(from, end - from);
        from = end + 1;
        if (trimmed(pair).isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        if (eq < 0)
            return false;
        const QByteArrayView key = trimmed(pair.first(eq));
        if (key.isEmpty())
            return false;
        const QByteArrayView value = pair.sliced(eq + 1);
        const auto keyText = widened(key, buffer);
        if (!keyText)
            return false;
        Detail detail{key, value, Detail::Kind::String};
        if (DatagramParser::isIntAttribute(*keyText))
            return false; // a number: the full way keeps Qt's number format
        if (DatagramParser::isBoolAttribute(*keyText)) {
            const auto valueText = widened(value, buffer);
            if (!valueText)
                return false;
            detail.kind =
                DatagramParser::boolify(*valueText) ? Detail::Kind::True : Detail::Kind::False;
        }
        m_details.push_back(detail);
        // Its key and value, the ':' and ',' around them, and "false" for an empty value.
        m_detailsBound +=
            Payload::jsonStringBound(key.size()) + Payload::jsonStringBound(value.size()) + 8;
    }
    // Keys sorted as QJsonObject keeps them (UTF-16 order, which is byte order for ASCII); of
    // a repeated key the last value counts, as QJsonObject::insert replaces it.
    std::stable_sort(m_details.begin(), m_details.end(),
                     [](const Detail &a, const Detail &b) { return asStd(a.key) < asStd(b.key); });
    const auto lastOfEach =
        std::unique(m_details.rbegin(), m_details.rend(),
                    [](const Detail &a, const Detail &b) { return a.key == b.key; });
    m_details.erase(m_details.begin(), lastOfEach.base());
    return true;
}

char *EventEncoder::writeDetails(char *out) const {
    *out++ = '{';
    for (size_t i = 0; i < m_details.size(); ++i) {
        const Detail &detail = m_details[i];
        if (i > 0)
            *out++ = ',';
        out = Payload::writeJsonString(out, detail.key);
        *out++ = ':';
        switch (detail.kind) {
        case Detail::Kind::String:
            out = Payload::writeJsonString(out, detail.value);
            break;
        case Detail::Kind::True:
            out = append(out, "true");
            break;
        case Detail::Kind::False:
            out = append(out, "false");
            break;
        }
    }
    *out++ = '}';
    return out;
}

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "datagramparser.h"

#include "eventtypes.h"
#include "logtext.h"
#include "payload.h"

#include <QJsonArray>
#include <QStringDecoder>

namespace {

QJsonValue convertValue(QStringView key, QStringView value) {
    if (DatagramParser::isBoolAttribute(key))
        return DatagramParser::boolify(value);
    if (DatagramParser::isIntAttribute(key)) {
        bool ok = false;
        const qlonglong number = value.trimmed().toLongLong(&ok);
        if (ok)
            return number;
    }
    return value.toString();
}

// VOLUME_SET's "k1,v1,k2,v2" becomes [["k1","v1"],["k2","v2"]]; an odd tail keeps its key
// alone, as the original did.
QJsonArray volumeSetOptions(QStringView options) {
    QJsonArray pairs;
    qsizetype start = 0;
    qsizetype end = options.size();
    while (start < end && options[start] == u',')
        ++start;
    while (end > start && options[end - 1] == u',')
        --end;
    if (start == end)
        return pairs;
    const auto items = options.mid(start, end - start).split(u',');
    for (qsizetype i = 0; i < items.size(); i += 2) {
        QJsonArray pair{items[i].toString()};
        if (i + 1 < items.size())
            pair.append(items[i + 1].toString());
        pairs.append(pair);
    }
    return pairs;
}

Result<QJsonObject> parseDetails(QStringView details) {
    QJsonObject message;
    for (const QStringView pair : details.split(u';')) {
        if (pair.trimmed().isEmpty())
            continue; // a trailing or doubled ';' carries nothing; dropping the event would lose it
        const qsizetype eq = pair.indexOf(u'=');
        if (eq < 0)
            return Result<QJsonObject>::failure(
                QStringLiteral("pair '%1' has no '='").arg(LogText::quoted(pair.left(64))));
        const QStringView key = pair.left(eq).trimmed();
        if (key.isEmpty())
            return Result<QJsonObject>::failure(
                QStringLiteral("pair '%1' has an empty key").arg(LogText::quoted(pair.left(64))));
        message.insert(key.toString(), convertValue(key, pair.mid(eq + 1)));
    }
    return message;
}

} // namespace

namespace DatagramParser {

bool isBoolAttribute(QStringView key) {
    return key == u"force" || key == u"push-pem" || key == u"no-verify";
}

bool isIntAttribute(QStringView key) {
    return key == u"ssh-port";
}

bool boolify(QStringView value) {
    return value.compare(u"1") == 0 || value.compare(u"on", Qt::CaseInsensitive) == 0 ||
           value.compare(u"true", Qt::CaseInsensitive) == 0 ||
           value.compare(u"yes", Qt::CaseInsensitive) == 0;
}

std::optional<QString> typeNamed(QStringView token) {
    bool numeric = false;
    const int index = token.toInt(&numeric);
    if (numeric)
        return EventTypes::sharedNameOf(index);
    const auto byName = EventTypes::indexOf(token.toLatin1().toUpper());
    if (!byName)
        return std::nullopt;
    return EventTypes::sharedNameOf(*byName);
}

Result<Event> parse(QByteArrayView datagram) {
    using R = Result<Event>;
    if (datagram.size() > kMaxDatagramBytes)
        return R::failure(
            QStringLiteral("datagram of %1 bytes is over the 64 KiB limit").arg(datagram.size()));

    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(datagram);
    if (decoder.hasError())
        return R::failure(QStringLiteral("datagram is not valid UTF-8"));

    const QStringView line = QStringView(text).trimmed();
    if (line.isEmpty())
        return R::failure(QStringLiteral("datagram is empty"));

    const qsizetype firstSpace = line.indexOf(u' ');
    if (firstSpace < 0)
        return R::failure(QStringLiteral("datagram has no event type"));
    const QStringView tsToken = line.left(firstSpace);
    QStringView rest = line.mid(firstSpace + 1).trimmed();
    const qsizetype secondSpace = rest.indexOf(u' ');
    const QStringView typeToken = secondSpace < 0 ? rest : rest.left(secondSpace);
    const QStringView details = secondSpace < 0 ? QStringView() : rest.mid(secondSpace + 1);

    Event event;
    bool tsOk = false;
    event.timestamp = tsToken.toLongLong(&tsOk);
    if (!tsOk || event.timestamp < 0)
        return R::failure(
            QStringLiteral("bad timestamp '%1'").arg(LogText::quoted(tsToken.left(32))));

    if (typeToken.isEmpty())
        return R::failure(QStringLiteral("datagram has no event type"));
    auto type = typeNamed(typeToken);
    if (!type)
        return R::failure(
            QStringLiteral("unknown event type '%1'").arg(LogText::quoted(typeToken.left(64))));
    event.type = std::move(*type);

    auto message = parseDetails(details);
    if (!message)
        return R::failure(message.error());
    event.message = std::move(message).value();

    if (event.type == u"VOLUME_SET") {
        const auto options = event.message.constFind(QLatin1StringView("options"));
        if (options != event.message.constEnd() && options->isString())
            event.message.insert(QStringLiteral("options"), volumeSetOptions(options->toString()));
    }

    // No character of the details takes more than six bytes in the JSON (a control byte as
    // "\u001b"), nor does the structure around them: only a long datagram is measured.
    if (6 * details.size() + 16 > kMaxMessageBytes) {
        const qsizetype messageBytes = Payload::encodeMessage(event.message).size();
        if (messageBytes > kMaxMessageBytes)
            return R::failure(
                QStringLiteral("event details of %1 bytes as JSON are over the %2 KiB limit")
                    .arg(messageBytes)
                    .arg(kMaxMessageBytes / 1024));
    }
    return event;
}

} // namespace DatagramParser

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "deliverycount.h"

#include <QHash>
#include <QStringList>

#include <optional>

namespace {

struct ParsedId {
    QByteArray prefix;
    qint64 seq = 0;
};

std::optional<ParsedId> parseId(const QByteArray &id) {
    const qsizetype dash = id.lastIndexOf('-');
    if (dash <= 0)
        return std::nullopt;
    bool isNumber = false;
    const qint64 seq = id.mid(dash + 1).toLongLong(&isNumber);
    if (!isNumber || seq <= 0)
        return std::nullopt;
    return ParsedId{id.left(dash), seq};
}

bool inRange(const Receipt &receipt, const ParsedId &id, const ExpectedIds &expected) {
    return receipt.webhook >= 0 && receipt.webhook < expected.webhooks &&
           id.seq >= expected.firstSeq && id.seq < expected.firstSeq + expected.count &&
           expected.shares.value(receipt.webhook).takes(id.seq - expected.firstSeq);
}

QString counted(qint64 count, const char *one, const char *many) {
    return QStringLiteral("%1 %2").arg(count).arg(QLatin1StringView(count == 1 ? one : many));
}

} // namespace

bool EventShare::takes(qint64 index) const {
    return every > 0 && index >= 0 && index % every == offset;
}

qint64 EventShare::countOf(qint64 events) const {
    if (every <= 0 || offset < 0 || offset >= every || events <= offset)
        return 0;
    return (events - 1 - offset) / every + 1;
}

bool DeliveryCount::exactlyOnce() const {
    return expected > 0 && once == expected && lost == 0 && duplicates == 0 && unexpected == 0;
}

QString DeliveryCount::problem() const {
    if (expected <= 0)
        return QStringLiteral("nothing was expected");
    QStringList parts;
    if (lost > 0)
        parts.append(counted(lost, "lost", "lost"));
    if (duplicates > 0)
        parts.append(counted(duplicates, "duplicate", "duplicates"));
    if (unexpected > 0)
        parts.append(counted(unexpected, "unexpected id", "unexpected ids"));
    return parts.join(QStringLiteral(", "));
}

DeliveryCount countDeliveries(const QList<Receipt> &receipts, const ExpectedIds &expected) {
    QHash<QByteArray, qint64> byPrefix;
    for (const Receipt &receipt : receipts) {
        const auto id = parseId(receipt.id);
        if (id && inRange(receipt, *id, expected))
            byPrefix[id->prefix] += receipt.times;
    }
    QByteArray prefix;
    qint64 most = 0;
    for (auto it = byPrefix.cbegin(); it != byPrefix.cend(); ++it) {
        if (it.value() > most || (it.value() == most && it.key() < prefix)) {
            prefix = it.key();
            most = it.value();
        }
    }
    DeliveryCount count;
    for (int webhook = 0; webhook < expected.webhooks; ++webhook)
        count.expected +=
            expected.shares.value(webhook).countOf(std::max<qint64>(0, expected.count));
    // Arrivals per (webhook, seq): the sink reports each id once per port, but a list put
    // together from several dumps may name one twice.
    QHash<QPair<int, qint64>, qint64> arrivals;
    for (const Receipt &receipt : receipts) {
        const auto id = parseId(receipt.id);
        if (id && id->prefix == prefix && inRange(receipt, *id, expected))
            arrivals[{receipt.webhook, id->seq}] += receipt.times;
        else
            count.unexpected += receipt.times;
    }
    for (const qint64 times : std::as_const(arrivals)) {
        if (times > 0) {
            ++count.once;
            count.duplicates += times - 1;
        }
    }
    count.lost = count.expected - count.once;
    return count;
}

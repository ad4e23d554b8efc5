// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "webhookmix.h"

#include <QJsonArray>

namespace WebhookMix {

int parallelOf(int index) {
    return index % 10 >= 7 ? kParallel : 1;
}

bool filtered(int index) {
    return index % 10 == 1 || index % 10 == 8;
}

QString urlOf(const QString &address, quint16 firstPort, int index) {
    return QStringLiteral("http://%1:%2/").arg(address).arg(firstPort + index);
}

QJsonObject entryOf(int index) {
    QJsonObject entry{{QStringLiteral("token"), QString()}, {QStringLiteral("secret"), QString()}};
    if (parallelOf(index) > 1)
        entry.insert(QStringLiteral("parallel"), parallelOf(index));
    if (filtered(index))
        entry.insert(QStringLiteral("events"), QJsonArray{QStringLiteral("VOLUME_CREATE")});
    return entry;
}

QJsonObject webhooks(const QString &address, quint16 firstPort, const QList<int> &indexes) {
    QJsonObject result;
    for (const int index : indexes)
        result.insert(urlOf(address, firstPort, index), entryOf(index));
    return result;
}

QList<int> all(int count) {
    QList<int> indexes;
    for (int index = 0; index < count; ++index)
        indexes.append(index);
    return indexes;
}

QHash<int, EventShare> shares(int count, const QList<int> &down) {
    QHash<int, EventShare> result;
    for (int index = 0; index < count; ++index) {
        if (down.contains(index))
            result.insert(index, EventShare{0, 0});
        else if (filtered(index))
            result.insert(index, EventShare{int(kEventTypes.size()), 0});
    }
    return result;
}

qint64 deliveriesOf(int count, qint64 events, const QList<int> &down) {
    const QHash<int, EventShare> each = shares(count, down);
    qint64 total = 0;
    for (int index = 0; index < count; ++index)
        total += each.value(index).countOf(events);
    return total;
}

} // namespace WebhookMix

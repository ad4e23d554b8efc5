// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "eventtypes.h"

#include <QHash>
#include <QList>

#include <iterator>

namespace {

constexpr const char *kNames[] = {
#include "eventtypes_table.inc"
};

constexpr int kCount = int(std::size(kNames));

QHash<QByteArrayView, int> buildIndexByName() {
    QHash<QByteArrayView, int> byName;
    byName.reserve(kCount);
    for (int i = 0; i < kCount; ++i)
        byName.insert(QByteArrayView(kNames[i]), i);
    return byName;
}

} // namespace

namespace EventTypes {

int count() {
    return kCount;
}

std::optional<QLatin1StringView> nameOf(int index) {
    if (index < 0 || index >= kCount)
        return std::nullopt;
    return QLatin1StringView(kNames[index]);
}

std::optional<QString> sharedNameOf(int index) {
    if (index < 0 || index >= kCount)
        return std::nullopt;
    // Built once on first use; immutable. Events keep their type for as long as they are
    // queued: one shared string per type instead of an allocation per event.
    static const QList<QString> kSharedNames = [] {
        QList<QString> list;
        list.reserve(kCount);
        for (int i = 0; i < kCount; ++i)
            list.append(QString::fromLatin1(kNames[i]));
        return list;
    }();
    return kSharedNames.at(index);
}

std::optional<int> indexOf(QByteArrayView name) {
    // Built once on first use; the table is immutable, so this holds no mutable state.
    static const QHash<QByteArrayView, int> kByName = buildIndexByName();
    const auto it = kByName.constFind(name);
    if (it == kByName.cend())
        return std::nullopt;
    return it.value();
}

} // namespace EventTypes

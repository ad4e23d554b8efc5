// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "eventfilter.h"

#include "eventtypes.h"

namespace {

bool matchesPattern(QStringView pattern, QStringView type) {
    // '*' matches any run of characters; patterns are short, so plain backtracking is fine.
    if (pattern.isEmpty())
        return type.isEmpty();
    if (pattern.front() == u'*')
        return matchesPattern(pattern.mid(1), type) ||
               (!type.isEmpty() && matchesPattern(pattern, type.mid(1)));
    return !type.isEmpty() && pattern.front() == type.front() &&
           matchesPattern(pattern.mid(1), type.mid(1));
}

bool matchesSomeType(const QString &pattern) {
    for (int i = 0; i < EventTypes::count(); ++i) {
        if (matchesPattern(pattern, QString(*EventTypes::nameOf(i))))
            return true;
    }
    return false;
}

} // namespace

namespace EventFilter {

Result<QStringList> parse(const QString &list) {
    QStringList patterns;
    for (const QString &item : list.split(u',', Qt::SkipEmptyParts)) {
        const QString pattern = item.trimmed().toUpper();
        if (pattern.isEmpty() || patterns.contains(pattern))
            continue;
        for (const QChar c : pattern) {
            if (!(c.isDigit() || (c >= u'A' && c <= u'Z') || c == u'_' || c == u'*'))
                return Result<QStringList>::failure(
                    QStringLiteral("'%1' is not an event type or pattern").arg(item.left(64)));
        }
        if (!matchesSomeType(pattern))
            return Result<QStringList>::failure(
                QStringLiteral("no event type matches '%1'").arg(item.left(64)));
        patterns.append(pattern);
    }
    if (patterns.isEmpty())
        return Result<QStringList>::failure(
            QStringLiteral("--events needs event types, e.g. VOLUME_*,PEER_ATTACH (or * for all)"));
    if (patterns.contains(QStringLiteral("*")))
        return QStringList();
    return patterns;
}

bool matches(const QStringList &patterns, QStringView type) {
    if (patterns.isEmpty())
        return true;
    for (const QString &pattern : patterns) {
        if (matchesPattern(pattern, type))
            return true;
    }
    return false;
}

} // namespace EventFilter

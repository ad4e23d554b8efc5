// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

#include <algorithm>

// Where each consumer of a queue (a webhook, by URL) stands: the seq of the last event it has.
// Both queues keep them the same way, and both forget an event once every consumer has it.
class ConsumerPositions {
public:
    void set(const QString &consumer, quint64 position) { m_positions.insert(consumer, position); }
    void setAll(const QHash<QString, quint64> &positions) { m_positions = positions; }
    void remove(const QString &consumer) { m_positions.remove(consumer); }
    bool contains(const QString &consumer) const { return m_positions.contains(consumer); }
    bool isEmpty() const { return m_positions.isEmpty(); }
    QStringList consumers() const { return m_positions.keys(); }

    // Where `consumer` stands; `unknown` for a consumer not in the queue.
    quint64 of(const QString &consumer, quint64 unknown) const {
        return m_positions.value(consumer, unknown);
    }
    // Moves `consumer` forward to `seq`; false (nothing changes) when it is not in the queue or
    // already there: positions never go back.
    bool advance(const QString &consumer, quint64 seq) {
        const auto it = m_positions.find(consumer);
        if (it == m_positions.end() || seq <= it.value())
            return false;
        it.value() = seq;
        return true;
    }
    // The lowest position, at most `last`: every event up to it is delivered to every consumer
    // (all of them, `last`, when there is no consumer).
    quint64 lowest(quint64 last) const {
        quint64 result = last;
        for (const quint64 position : m_positions)
            result = std::min(result, position);
        return result;
    }

private:
    QHash<QString, quint64> m_positions;
};

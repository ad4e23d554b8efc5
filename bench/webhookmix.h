// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once
// The webhooks bench_many_webhooks registers, the same mix at every count: of every ten, seven
// in strict order and three with --parallel 4; two of the ten (one strict, one parallel) with a
// filter that takes VOLUME_CREATE only. The bench sends VOLUME_CREATE and VOLUME_START in turn,
// so a filtered webhook gets every second event, the first included. Webhook i is at
// http://ADDRESS:(firstPort + i)/, a receiver port of its own as real webhooks are distinct
// hosts.
#include "deliverycount.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace WebhookMix {

inline constexpr int kParallel = 4;
// VOLUME_CREATE, VOLUME_START: the types the bench sends, in turn (EventSender::setTypes).
inline const QList<int> kEventTypes{2, 3};

int parallelOf(int index);
bool filtered(int index);
// The URL of webhook `index`.
QString urlOf(const QString &address, quint16 firstPort, int index);
// The entry webhooks.json holds for webhook `index`.
QJsonObject entryOf(int index);
// webhooks.json holding the webhooks `indexes`; all(count) is 0 .. count - 1.
QJsonObject webhooks(const QString &address, quint16 firstPort, const QList<int> &indexes);
QList<int> all(int count);
// Which of the events sent each webhook is to get (ExpectedIds::shares): half for a filtered
// one; none for those in `down`, whose receivers are down on purpose.
QHash<int, EventShare> shares(int count, const QList<int> &down = {});
// How many deliveries `events` events make to webhooks 0 .. count - 1, less those in `down`.
qint64 deliveriesOf(int count, qint64 events, const QList<int> &down = {});

} // namespace WebhookMix

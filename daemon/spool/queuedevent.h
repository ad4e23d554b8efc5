// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QString>

#include <vector>

// An accepted event as the dispatcher needs it: already encoded, so each webhook sends the same
// bytes without re-encoding. Ingest fills type, timestamp and body; the queue gives it its
// position (seq) and the stable id every delivery of it carries.
struct QueuedEvent {
    quint64 seq = 0;
    QByteArray id;
    QString type;
    qint64 timestamp = 0;
    QByteArray body;
    qint64 receivedMs = 0; // when this node took it in (a replay counts from the replay)
    QString target;        // a replay is for one webhook; empty: for every webhook
};

using QueuedEventBatch = std::vector<QueuedEvent>;
Q_DECLARE_METATYPE(QueuedEventBatch)

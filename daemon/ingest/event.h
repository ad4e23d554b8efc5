// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include <QJsonObject>
#include <QString>

// One gluster event as parsed from a datagram, before it is given an id or delivered.
struct Event {
    QString type;        // symbolic name, e.g. VOLUME_CREATE
    qint64 timestamp{0}; // unix seconds, as the sender wrote it
    QJsonObject message; // key/value details, converted as the original daemon did
};

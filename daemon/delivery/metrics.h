// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "deliverystats.h"

#include <QByteArray>
#include <QList>
#include <QString>

// The Prometheus text exposition of GET /metrics (docs/daemon.md: open to anyone, so webhooks are
// named by a keyed label (WebhookLabel), never by the URL or an unkeyed hash of it).
struct WebhookMetrics {
    QString url;
    quint64 queued = 0;
    DeliveryStats stats;
};

struct SpoolMetrics {
    quint64 bytes = 0;              // undelivered events held
    quint64 limit = 0;              // spool_limit_mb
    quint64 dropped = 0;            // events dropped because the spool was full
    quint64 shed = 0;               // webhook backlogs dead-lettered because the spool was full
    quint64 diskBytes = 0;          // the spool database's pages in use
    quint64 historyEvicted = 0;     // history rows evicted to stay within the limit
    quint64 deadLettersEvicted = 0; // dead letters evicted to stay within the limit
    bool full = false;              // new events are dropped
};

struct ControlMetrics {
    quint64 connections = 0;
    quint64 bufferedBytes = 0; // requests read and answers not yet sent, all connections
    quint64 evicted = 0;
    quint64 refused = 0;
};

struct DaemonMetrics {
    quint64 received = 0;
    quint64 malformed = 0;
    quint64 refused = 0; // datagrams from a source not in event_sources
    QList<WebhookMetrics> webhooks;
    SpoolMetrics spool;
    ControlMetrics control;
    quint64 logLinesDropped = 0; // a write to the log failed (a full disk)
};

namespace Metrics {

// `labelKey` is WebhookLabel::keyFor(the cluster key).
QByteArray render(const DaemonMetrics &metrics, const QByteArray &labelKey);

} // namespace Metrics

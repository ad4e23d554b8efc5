// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "metrics.h"

#include "webhooklabel.h"

namespace {

void family(QByteArray &out, const char *name, const char *type, const char *help) {
    out += QByteArrayLiteral("# HELP ") + name + ' ' + help + '\n';
    out += QByteArrayLiteral("# TYPE ") + name + ' ' + type + '\n';
}

QByteArray label(const QByteArray &labelKey, const WebhookMetrics &webhook) {
    return "{webhook=\"" + WebhookLabel::of(labelKey, webhook.url) + "\"}";
}

} // namespace

namespace Metrics {

QByteArray render(const DaemonMetrics &metrics, const QByteArray &labelKey) {
    QByteArray out;
    const auto single = [&out](const char *name, const char *type, const char *help,
                               quint64 value) {
        family(out, name, type, help);
        out += name + (' ' + QByteArray::number(value)) + '\n';
    };
    single("glustereventsd_events_received_total", "counter", "Events accepted from UDP.",
           metrics.received);
    single("glustereventsd_datagrams_malformed_total", "counter", "Datagrams dropped as malformed.",
           metrics.malformed);
    single("glustereventsd_datagrams_refused_total", "counter",
           "Datagrams dropped because their source is not in event_sources.", metrics.refused);

    single("glustereventsd_log_lines_dropped_total", "counter",
           "Log lines lost because writing the log failed (a full disk, say).",
           metrics.logLinesDropped);

    const SpoolMetrics &spool = metrics.spool;
    single("glustereventsd_spool_bytes", "gauge", "Undelivered events held, in bytes.",
           spool.bytes);
    single("glustereventsd_spool_limit_bytes", "gauge", "The spool limit (spool_limit_mb).",
           spool.limit);
    single("glustereventsd_spool_full", "gauge", "1 while new events are dropped.",
           spool.full || (spool.limit > 0 && spool.bytes >= spool.limit) ? 1 : 0);
    single("glustereventsd_spool_backlogs_shed_total", "counter",
           "Webhook backlogs moved to the dead-letter list because the spool was full.",
           spool.shed);
    single("glustereventsd_spool_disk_bytes", "gauge",
           "The spool database's pages in use: undelivered events, history and dead letters.",
           spool.diskBytes);
    single("glustereventsd_history_evicted_total", "counter",
           "Delivered events and attempts removed before history_hours to stay within the spool "
           "limit.",
           spool.historyEvicted);
    single("glustereventsd_dead_letters_evicted_total", "counter",
           "Dead letters removed to stay within the spool limit.", spool.deadLettersEvicted);
    single("glustereventsd_events_dropped_total", "counter",
           "Events dropped because the spool was full.", spool.dropped);

    single("glustereventsd_control_connections", "gauge", "Open control connections.",
           metrics.control.connections);
    single("glustereventsd_control_buffered_bytes", "gauge",
           "Bytes held for control clients: requests read, answers not yet sent.",
           metrics.control.bufferedBytes);
    single("glustereventsd_control_connections_evicted_total", "counter",
           "Idle connections that never authenticated, closed to make room for a new one.",
           metrics.control.evicted);
    single("glustereventsd_control_connections_refused_total", "counter",
           "Connections refused at a limit.", metrics.control.refused);

    const auto perWebhook = [&](const char *name, const char *type, const char *help,
                                const std::function<QByteArray(const WebhookMetrics &)> &value) {
        family(out, name, type, help);
        for (const WebhookMetrics &webhook : metrics.webhooks)
            out += name + label(labelKey, webhook) + ' ' + value(webhook) + '\n';
    };
    perWebhook("glustereventsd_events_delivered_total", "counter", "Events a webhook accepted.",
               [](const WebhookMetrics &w) { return QByteArray::number(w.stats.delivered); });
    perWebhook("glustereventsd_delivery_failures_total", "counter",
               "Delivery attempts that failed (each is retried).",
               [](const WebhookMetrics &w) { return QByteArray::number(w.stats.failedAttempts); });
    perWebhook("glustereventsd_delivery_retries_total", "counter",
               "Attempts after the first for an event.",
               [](const WebhookMetrics &w) { return QByteArray::number(w.stats.retries); });
    perWebhook("glustereventsd_events_dead_total", "counter",
               "Events given up on (dead-lettered after the max age, or 410 Gone).",
               [](const WebhookMetrics &w) { return QByteArray::number(w.stats.dead); });
    perWebhook("glustereventsd_queue_depth", "gauge", "Events waiting for a webhook.",
               [](const WebhookMetrics &w) { return QByteArray::number(w.queued); });

    const char *histogram = "glustereventsd_delivery_latency_seconds";
    family(out, histogram, "histogram", "Time from sending a request to its successful answer.");
    for (const WebhookMetrics &webhook : metrics.webhooks) {
        const QByteArray id = WebhookLabel::of(labelKey, webhook.url);
        quint64 cumulative = 0;
        for (size_t i = 0; i < DeliveryStats::kBuckets.size(); ++i) {
            cumulative += webhook.stats.latencyBuckets[i];
            out += QByteArray(histogram) + "_bucket{webhook=\"" + id + "\",le=\"" +
                   QByteArray::number(DeliveryStats::kBuckets[i]) + "\"} " +
                   QByteArray::number(cumulative) + '\n';
        }
        out += QByteArray(histogram) + "_bucket{webhook=\"" + id + "\",le=\"+Inf\"} " +
               QByteArray::number(webhook.stats.delivered) + '\n';
        out += QByteArray(histogram) + "_sum" + label(labelKey, webhook) + ' ' +
               QByteArray::number(webhook.stats.latencySum, 'f', 6) + '\n';
        out += QByteArray(histogram) + "_count" + label(labelKey, webhook) + ' ' +
               QByteArray::number(webhook.stats.delivered) + '\n';
    }
    return out;
}

} // namespace Metrics

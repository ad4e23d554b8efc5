// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

// The parts the benchmark driver is made of: a receiver process, the library's bare loop, wrk,
// a paced UDP sender, and readings of a process's CPU and memory. Each is small and does one
// thing, so the scenarios of events_bench read as what they measure.

#include "deliverycount.h"
#include "monotonicclock.h"

#include <QByteArray>
#include <QHash>
#include <QProcess>
#include <QString>

#include <optional>

// Receivers that are down on purpose, by bench_sink port index (from 0): at `refuse` nothing
// listens; at `hang` connections are taken and never answered.
struct SinkFaults {
    QList<int> refuse;
    QList<int> hang;
};

// The bench_sink process: an epoll HTTP receiver that records every webhook-id it is sent.
class Sink {
public:
    struct Stats {
        quint64 count = 0;     // requests
        quint64 unique = 0;    // distinct ids (per port): a retry does not count again
        quint64 anonymous = 0; // requests without a webhook-id
        qint64 firstUs = 0;
        qint64 lastUs = 0;
        int maxConnections = 0;
        quint64 held = 0; // connections taken at SinkFaults::hang ports
        // Requests a second from the first to the last; meaningful for a run whose every
        // request was one event delivered once.
        double perSecond() const {
            return lastUs > firstUs ? double(count - 1) * 1e6 / double(lastUs - firstUs) : 0;
        }
    };

    ~Sink();
    bool start(const QString &address, quint16 port, int ports = 1, const SinkFaults &faults = {});
    void stop();
    Stats stats();
    void reset();
    // Waits until `unique` distinct ids arrived, or none arrived for `stallMs`, and then until
    // no request came for half a second (at most 5 s), so that a late duplicate is among the
    // receipts. Returns the stats of the moment the last id arrived. Duplicates do not count
    // towards `unique`: they would end the wait with events missing.
    Stats waitFor(quint64 unique, int stallMs);
    // Every id received since the start or the last reset, with how often and its latency;
    // empty with the reason when the receiver could not say.
    std::optional<QList<Receipt>> receipts(QString *error);

private:
    QByteArray ask(const QByteArray &command);
    QProcess m_process;
};

struct LoopFigures {
    double perSecond = 0;
    double cpuUsPerRequest = 0;
    qint64 posted = 0;    // every request, warm-up included: ids loop-1 .. loop-<posted>
    QString cpuPerThread; // "QNetworkAccessM 190.2, bench_qnam_loop 140.1"
};

// The library's own limit: bench_qnam_loop with `inFlight` requests outstanding; with
// `preload` (a malloc library's path) it runs on that allocator, as the daemon does.
// With `rate` > 0 it posts that many requests a second instead (each stamped with its due
// time, as EventSender stamps its datagrams), still with at most `inFlight` outstanding.
std::optional<LoopFigures> runQnamLoop(const QString &url, int inFlight, int seconds,
                                       const QString &preload = QString(), int rate = 0);
// The receiver's limit: wrk over keep-alive with `connections` connections, if wrk is installed.
std::optional<double> runWrk(const QString &url, int connections, int seconds);

// Sends event datagrams from a plain UDP socket, each carrying sent_us for the latency figures:
// the time the event was due, as bench_qnam_loop stamps its requests, so that the daemon's
// latency and the bare loop's are measured from the same instant (a late wake-up of either
// sender counts against its figure alike).
class EventSender {
public:
    EventSender(const QString &address, quint16 port);
    ~EventSender();
    // Sends `count` events at `perSecond` (0: as fast as the socket takes them, each due when
    // it is sent). Returns how many the kernel accepted.
    qint64 send(qint64 count, double perSecond);
    // The types of the events, by their index in the event type table, taken in turn from this
    // sender's first event: {2, 3} sends VOLUME_CREATE, VOLUME_START, VOLUME_CREATE, ... so a
    // filter on one of them takes every second event. VOLUME_CREATE alone by default.
    void setTypes(const QList<int> &types);

private:
    int m_fd = -1;
    QByteArray m_address;
    quint16 m_port;
    qint64 m_next = 0;
    QList<int> m_types{2};
};

// The first of `count` consecutive ports that nothing on `address` listens on, below the
// kernel's ephemeral range (from 32768), so that no daemon given a free port and no outgoing
// connection takes one of them before a receiver binds it; 0 when none was found.
quint16 freePortRange(const QString &address, int count);

// Readings of a running process from /proc.
struct ProcessReading {
    double cpuSeconds = 0; // user + system, all threads
    qint64 rssKiB = 0;
    qint64 peakRssKiB = 0;
};
ProcessReading readProcess(qint64 pid);

// One figure from the daemon's GET /metrics (summed over labels); -1 if unreachable.
double daemonMetric(const QString &address, quint16 port, const QByteArray &name);
// Every series of that figure by its labels as written (`webhook="1a2b3c4d5e6f"`, empty for a
// series without); empty if unreachable or not there.
QHash<QByteArray, double> daemonMetricSeries(const QString &address, quint16 port,
                                             const QByteArray &name);

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// The spool's durability window: how long from append() until the event is on disk, for one
// event at a time and for full ingest batches, and events/s the writer sustains.
#include "sqlitespool.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {

QueuedEventBatch batchOf(int size) {
    QueuedEventBatch events(static_cast<size_t>(size));
    for (QueuedEvent &event : events) {
        event.type = QStringLiteral("VOLUME_CREATE");
        event.timestamp = 1468303352;
        event.body = QByteArrayLiteral(
            "{\"event\":\"VOLUME_CREATE\",\"message\":{\"name\":\"gv1\"},"
            "\"nodeid\":\"95cd599c-5d87-43c1-8fba-b12821fd41b6\",\"ts\":1468303352}");
    }
    return events;
}

// Median and p99 microseconds from append to committed, over `rounds` appends of `size`.
std::pair<double, double> commitLatency(SqliteSpool &spool, int size, int rounds) {
    std::vector<double> micros;
    for (int i = 0; i < rounds; ++i) {
        QueuedEventBatch events = batchOf(size);
        QElapsedTimer timer;
        timer.start();
        spool.append(events);
        spool.flush();
        micros.push_back(timer.nsecsElapsed() / 1e3);
        spool.acknowledge(QStringLiteral("w"), spool.lastSeq());
    }
    std::sort(micros.begin(), micros.end());
    return {micros[micros.size() / 2], micros[size_t(micros.size() * 0.99)]};
}

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    auto spool = SqliteSpool::open(dir.filePath(QStringLiteral("spool.db")), "bench-");
    if (!spool) {
        std::fprintf(stderr, "spool_commit: %s\n", qPrintable(spool.error()));
        return 1;
    }
    (*spool)->addConsumer(QStringLiteral("w"), 0);
    const auto single = commitLatency(**spool, 1, 300);
    const auto batched = commitLatency(**spool, 256, 100);

    // Throughput: append as ingest does (batches of 256) without waiting, flush once at the end.
    constexpr int kEvents = 100'000;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < kEvents / 256; ++i) {
        QueuedEventBatch events = batchOf(256);
        (**spool).append(events);
    }
    (**spool).flush();
    const double perSecond = (kEvents / 256 * 256) / (timer.nsecsElapsed() / 1e9);

    std::printf("%-36s %12s %12s\n", "figure", "median", "p99");
    std::printf("%-36s %12.0f %12.0f\n", "commit latency, 1 event (us)", single.first,
                single.second);
    std::printf("%-36s %12.0f %12.0f\n", "commit latency, 256 events (us)", batched.first,
                batched.second);
    std::printf("%-36s %12.0f\n", "events/s to disk (batches of 256)", perSecond);
    const QJsonObject json{{QStringLiteral("bench"), QStringLiteral("spool_commit")},
                           {QStringLiteral("commit_us_1_p50"), single.first},
                           {QStringLiteral("commit_us_1_p99"), single.second},
                           {QStringLiteral("commit_us_256_p50"), batched.first},
                           {QStringLiteral("commit_us_256_p99"), batched.second},
                           {QStringLiteral("events_per_second"), perSecond}};
    std::printf("%s\n", QJsonDocument(json).toJson(QJsonDocument::Compact).constData());
    return 0;
}

#pragma once

#include "queuedevent.h"
#include "ratelimitedlog.h"
#include "result.h"

#include <QHash>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

// The one owner of the spool database (SQLite, WAL, synchronous=FULL), on a thread of its own.
// The main thread hands it work and goes on; it commits everything handed over since its last
// commit in one transaction (group commit), so dispatch never waits for the disk and the disk
// sees one fsync per group, not per event.
class SpoolWriter {
public:
    struct Contents {
        std::vector<QueuedEvent> events; // not yet delivered to every consumer, in seq order
        QHash<QString, quint64> positions;
        quint64 lastSeq = 0;
    };

    // Opens (creating if needed) the database and reads what it holds.
    static Result<std::unique_ptr<SpoolWriter>> open(const QString &path, Contents *contents);
    ~SpoolWriter(); // commits what is pending, then stops
    SpoolWriter(const SpoolWriter &) = delete;
    SpoolWriter &operator=(const SpoolWriter &) = delete;

    void insert(const QueuedEventBatch &events, quint64 lastSeq);
    void setPosition(const QString &consumer, quint64 seq);
    void removeConsumer(const QString &consumer);
    void forgetUpTo(quint64 seq);
    // Blocks until everything handed over so far is committed (shutdown, tests), or until
    // `timeout` passes while commits keep failing; says which.
    bool flush(std::chrono::milliseconds timeout = std::chrono::seconds(30));

private:
    struct Work {
        QueuedEventBatch events;
        QHash<QString, quint64> positions;
        QStringList removedConsumers;
        quint64 lastSeq = 0;
        quint64 forgetUpTo = 0;
        bool empty() const {
            return events.empty() && positions.isEmpty() && removedConsumers.isEmpty() &&
                   forgetUpTo == 0 && lastSeq == 0;
        }
    };

    explicit SpoolWriter(QString path);
    Status openOnThread(Contents *contents);
    Status commit(const Work &work);
    void run();
    void handOver(const std::function<void(Work &)> &change);
    void putBack(Work work); // with m_mutex held

    QString m_path;
    QString m_connection;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_done;
    Work m_pending;
    quint64 m_handedOver = 0; // generations: flush() waits until m_committed catches up
    quint64 m_committed = 0;
    bool m_stopping = false;
    std::thread m_thread;
    RateLimitedLog m_failureLog{3, 60'000}; // a full disk must not also fill the log
};

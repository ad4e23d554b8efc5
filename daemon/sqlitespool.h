#pragma once

#include "eventqueue.h"
#include "memoryeventqueue.h"
#include "result.h"

#include <chrono>
#include <memory>

class SpoolWriter;

// The durable EventQueue: every appended event and every consumer position is committed to a
// SQLite database by the SpoolWriter's thread, in groups. Reads come from memory, so dispatch
// never waits for the disk. After a crash or kill -9, everything committed comes back: events
// not yet delivered to every webhook, and each webhook's position.
class SqliteSpool final : public EventQueue {
public:
    static Result<std::unique_ptr<SqliteSpool>> open(const QString &path, QByteArray idPrefix);
    ~SqliteSpool() override;

    void append(QueuedEventBatch &events) override;
    QueuedEventBatch readAfter(quint64 position, int max) const override;
    quint64 lastSeq() const override { return m_memory.lastSeq(); }
    void addConsumer(const QString &consumer, quint64 position) override;
    void removeConsumer(const QString &consumer) override;
    quint64 position(const QString &consumer) const override;
    bool hasConsumer(const QString &consumer) const override;
    QStringList consumers() const override;
    void acknowledge(const QString &consumer, quint64 seq) override;
    qsizetype pendingCount() const override { return m_memory.pendingCount(); }

    // Waits until everything so far is on disk; false if commits keep failing past `timeout`.
    bool flush(std::chrono::milliseconds timeout = std::chrono::seconds(30));

private:
    SqliteSpool(QByteArray idPrefix, std::unique_ptr<SpoolWriter> writer);
    void forgetDelivered();

    MemoryEventQueue m_memory;
    std::unique_ptr<SpoolWriter> m_writer;
    quint64 m_forgotten = 0;
};

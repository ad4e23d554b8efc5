// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "datagramparser.h"
#include "eventencoder.h"
#include "queuedevent.h"
#include "ratelimitedlog.h"
#include "result.h"
#include "sourceallowlist.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QThread>

#include <atomic>

class QSocketNotifier;
struct sockaddr;

// Reads event datagrams on a thread of its own, in batches, so the kernel's receive buffer is
// drained while the main thread is busy delivering. Parses and encodes there too, and hands
// the main thread ready-to-send batches.
class IngestWorker : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IngestWorker)

public:
    IngestWorker(const QString &nodeId, int receiveBufferBytes);
    ~IngestWorker() override;

    // Runs on the ingest thread (called through a blocking queued invocation).
    Status bind(const QList<QHostAddress> &addresses, quint16 port);

    // Runs on the ingest thread: from the next datagram on, only these sources are taken.
    void setAllowedSources(const SourceAllowList &sources) { m_allowed = sources; }

    std::atomic<quint64> accepted{0};
    std::atomic<quint64> malformed{0};
    std::atomic<quint64> refused{0}; // from a source not in event_sources

Q_SIGNALS:
    void batchReady(const QueuedEventBatch &batch);

private:
    // Datagrams taken per recvmmsg call, and calls per wake-up before handing over.
    static constexpr int kReadBatch = 64;
    static constexpr int kRoundsPerWake = 16;
    // One more byte than the parser accepts, so that an oversize datagram is seen as one.
    static constexpr qsizetype kSlotBytes = DatagramParser::kMaxDatagramBytes + 1;
    // Wake-ups closer than this mean a dense stream, which is read every kGatherUs at most.
    static constexpr qint64 kDenseGapUs = 500;
    static constexpr unsigned long kGatherUs = 250;

    void readPending(int fd);
    void reportMalformed(const sockaddr *from, const QString &reason);
    void reportRefused(const sockaddr *from);
    void growReceiveBuffer(int fd, const QHostAddress &address, quint16 port);

    EventEncoder m_encoder;
    int m_receiveBufferBytes;
    QByteArray m_buffers; // kReadBatch slots of kSlotBytes
    QList<int> m_descriptors;
    QElapsedTimer m_clock;
    qint64 m_lastWakeUs = -kDenseGapUs;
    QList<QSocketNotifier *> m_notifiers;
    RateLimitedLog m_malformedLog{10, 10'000};
    RateLimitedLog m_refusedLog{10, 10'000};
    SourceAllowList m_allowed;
};

class UdpIngest : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UdpIngest)

public:
    // 32 MiB holds about 40,000 small datagrams should the reader ever fall behind.
    static constexpr int kReceiveBufferBytes = 32 * 1024 * 1024;

    explicit UdpIngest(const QString &nodeId, QObject *parent = nullptr);
    ~UdpIngest() override;

    // Binds every address (all IPv4 and IPv6 when empty) on `port`; an error names the cause.
    Status start(const QList<QHostAddress> &addresses, quint16 port);

    quint64 acceptedCount() const { return m_worker->accepted.load(); }
    quint64 malformedCount() const { return m_worker->malformed.load(); }
    quint64 refusedCount() const { return m_worker->refused.load(); }
    // Which sources may send events (config event_sources); applies from the next datagram.
    void setAllowedSources(const SourceAllowList &sources);

Q_SIGNALS:
    void eventsReceived(const QueuedEventBatch &batch);

private:
    QThread m_thread;
    IngestWorker *m_worker; // lives on m_thread; deleted when it finishes
};

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "udpingest.h"

#include "logsink.h"

#include <QSocketNotifier>
#include <QUdpSocket>

#include <array>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

QString sourceText(const sockaddr *from) {
    const QHostAddress address(from);
    const quint16 port =
        ntohs(from->sa_family == AF_INET6 ? reinterpret_cast<const sockaddr_in6 *>(from)->sin6_port
                                          : reinterpret_cast<const sockaddr_in *>(from)->sin_port);
    // IPv4-mapped IPv6 sources are reported as IPv4 (docs/contract.md, node identity).
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    const QString host = isV4 ? QHostAddress(v4).toString() : address.toString();
    return host + u':' + QString::number(port);
}

} // namespace

IngestWorker::IngestWorker(const QString &nodeId, int receiveBufferBytes)
    : m_encoder(nodeId)
    , m_receiveBufferBytes(receiveBufferBytes)
    // One slot per datagram of a batch read; pages only become resident when written.
    , m_buffers(kReadBatch * kSlotBytes, Qt::Uninitialized) {
    m_clock.start();
}

IngestWorker::~IngestWorker() {
    // Notifiers go before their descriptors are closed.
    qDeleteAll(m_notifiers);
    for (const int fd : std::as_const(m_descriptors))
        ::close(fd);
}

Status IngestWorker::bind(const QList<QHostAddress> &addresses, quint16 port) {
    const QList<QHostAddress> targets =
        addresses.isEmpty() ? QList<QHostAddress>{QHostAddress(QHostAddress::Any)} : addresses;
    QList<int> bound;
    for (const QHostAddress &address : targets) {
        // QUdpSocket binds (dual stack for Any, its error texts); then we take the socket over
        // to read it with recvmmsg, a batch of datagrams per system call where QUdpSocket
        // makes two or three calls per datagram.
        QUdpSocket socket;
        // DontShareAddress: a second daemon on the same port must fail, not split the traffic.
        if (!socket.bind(address, port, QAbstractSocket::DontShareAddress)) {
            for (const int fd : std::as_const(bound))
                ::close(fd);
            return Status::failure(QStringLiteral("cannot listen for events on UDP %1 port %2: %3")
                                       .arg(address.toString())
                                       .arg(port)
                                       .arg(socket.errorString()));
        }
        const int fd = ::fcntl(int(socket.socketDescriptor()), F_DUPFD_CLOEXEC, 0);
        if (fd < 0) {
            for (const int open : std::as_const(bound))
                ::close(open);
            return Status::failure(QStringLiteral("cannot listen for events on UDP %1 port %2: %3")
                                       .arg(address.toString())
                                       .arg(port)
                                       .arg(QString::fromLocal8Bit(std::strerror(errno))));
        }
        growReceiveBuffer(fd, socket.localAddress(), socket.localPort());
        bound.append(fd);
    }
    for (const int fd : std::as_const(bound)) {
        auto *notifier = new QSocketNotifier(fd, QSocketNotifier::Read, this);
        connect(notifier, &QSocketNotifier::activated, this, [this, fd] { readPending(fd); });
        m_notifiers.append(notifier);
        m_descriptors.append(fd);
    }
    return Status::success();
}

void IngestWorker::growReceiveBuffer(int fd, const QHostAddress &address, quint16 port) {
    int requested = m_receiveBufferBytes;
    // SO_RCVBUFFORCE passes net.core.rmem_max when we may (root, CAP_NET_ADMIN); else ask for
    // what SO_RCVBUF allows.
    bool forced = ::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &requested, sizeof requested) == 0;
    if (!forced)
        ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &requested, sizeof requested);
    int granted = 0;
    socklen_t length = sizeof granted;
    ::getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &granted, &length);
    qCInfo(lcIngest).noquote()
        << QStringLiteral("listening for events on UDP %1 port %2; receive buffer %3 "
                          "bytes (asked for %4%5)")
               .arg(address.toString())
               .arg(port)
               .arg(granted)
               .arg(requested)
               .arg(forced ? QString() : QStringLiteral(", capped by net.core.rmem_max"));
}

void IngestWorker::readPending(int fd) {
    std::array<mmsghdr, kReadBatch> messages{};
    std::array<iovec, kReadBatch> slices{};
    std::array<sockaddr_storage, kReadBatch> sources{};
    for (int i = 0; i < kReadBatch; ++i) {
        slices[i].iov_base = m_buffers.data() + qsizetype(i) * kSlotBytes;
        slices[i].iov_len = kSlotBytes;
        messages[i].msg_hdr.msg_iov = &slices[i];
        messages[i].msg_hdr.msg_iovlen = 1;
        messages[i].msg_hdr.msg_name = &sources[i];
    }
    QueuedEventBatch batch;
    batch.reserve(kReadBatch);
    // Bounded per wake-up so a flood cannot keep the thread from handing over what it read.
    for (int round = 0; round < kRoundsPerWake; ++round) {
        for (auto &message : messages)
            message.msg_hdr.msg_namelen = sizeof(sockaddr_storage);
        const int count = ::recvmmsg(fd, messages.data(), kReadBatch, MSG_DONTWAIT, nullptr);
        if (count <= 0)
            break;
        for (int i = 0; i < count; ++i) {
            const auto *from = reinterpret_cast<const sockaddr *>(&sources[i]);
            if (!m_allowed.allows(from)) {
                reportRefused(from);
                continue;
            }
            // A datagram longer than its slot is cut to kSlotBytes: still over the parser's limit.
            const auto size = qsizetype(messages[i].msg_len);
            auto event = m_encoder.encode(
                QByteArrayView(m_buffers.constData() + qsizetype(i) * kSlotBytes, size));
            if (!event) {
                reportMalformed(from, event.error());
                continue;
            }
            QueuedEvent queued;
            queued.type = std::move(event.value().type);
            queued.timestamp = event->timestamp;
            queued.body = std::move(event.value().body);
            batch.push_back(std::move(queued));
        }
        if (!batch.empty()) {
            accepted += batch.size();
            Q_EMIT batchReady(batch);
            batch.clear();
        }
        if (count < kReadBatch)
            break;
    }
    // Under a dense stream (the last wake-up was moments ago) let a few more datagrams gather
    // in the kernel's buffer before the next read: one wake-up, and one hand-over to the main
    // thread, per several events instead of per event. A sparse stream is read at once.
    const qint64 now = m_clock.nsecsElapsed() / 1'000;
    const bool dense = now - m_lastWakeUs < kDenseGapUs;
    m_lastWakeUs = now;
    if (dense)
        QThread::usleep(kGatherUs);
}

void IngestWorker::reportMalformed(const sockaddr *from, const QString &reason) {
    ++malformed;
    qint64 suppressed = 0;
    const bool logIt = m_malformedLog.admit(&suppressed);
    if (suppressed > 0)
        qCWarning(lcIngest).noquote()
            << QStringLiteral("%1 more malformed datagrams were dropped without a log line")
                   .arg(suppressed);
    if (logIt)
        qCWarning(lcIngest).noquote() << QStringLiteral("dropped malformed datagram from %1: %2")
                                             .arg(sourceText(from), reason);
}

void IngestWorker::reportRefused(const sockaddr *from) {
    ++refused;
    qint64 suppressed = 0;
    const bool logIt = m_refusedLog.admit(&suppressed);
    if (suppressed > 0)
        qCWarning(lcIngest).noquote()
            << QStringLiteral("%1 more datagrams from sources not in event_sources were dropped "
                              "without a log line")
                   .arg(suppressed);
    if (logIt)
        qCWarning(lcIngest).noquote()
            << QStringLiteral("dropped datagram from %1: source not in event_sources")
                   .arg(sourceText(from));
}

UdpIngest::UdpIngest(const QString &nodeId, QObject *parent)
    : QObject(parent)
    , m_worker(new IngestWorker(nodeId, kReceiveBufferBytes)) {
    qRegisterMetaType<QueuedEventBatch>();
    m_thread.setObjectName(QStringLiteral("ingest"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &IngestWorker::batchReady, this, &UdpIngest::eventsReceived,
            Qt::QueuedConnection);
    m_thread.start();
}

UdpIngest::~UdpIngest() {
    m_thread.quit();
    m_thread.wait();
}

void UdpIngest::setAllowedSources(const SourceAllowList &sources) {
    QMetaObject::invokeMethod(m_worker,
                              [worker = m_worker, sources] { worker->setAllowedSources(sources); });
}

Status UdpIngest::start(const QList<QHostAddress> &addresses, quint16 port) {
    Status result = Status::success();
    QMetaObject::invokeMethod(
        m_worker, [&] { result = m_worker->bind(addresses, port); }, Qt::BlockingQueuedConnection);
    return result;
}

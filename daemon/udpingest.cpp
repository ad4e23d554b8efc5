#include "udpingest.h"

#include "datagramparser.h"
#include "logsink.h"
#include "payload.h"

#include <QUdpSocket>

#include <sys/socket.h>

namespace {

constexpr int kBatchSize = 256;

QString sourceText(const QHostAddress &address, quint16 port) {
    // IPv4-mapped IPv6 sources are reported as IPv4 (SPEC §1).
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    const QString host = isV4 ? QHostAddress(v4).toString() : address.toString();
    return host + u':' + QString::number(port);
}

} // namespace

IngestWorker::IngestWorker(QString nodeId, int receiveBufferBytes)
    : m_nodeId(std::move(nodeId))
    , m_receiveBufferBytes(receiveBufferBytes)
    , m_buffer(DatagramParser::kMaxDatagramBytes + 1, Qt::Uninitialized) {
}

Status IngestWorker::bind(const QList<QHostAddress> &addresses, quint16 port) {
    const QList<QHostAddress> targets =
        addresses.isEmpty() ? QList<QHostAddress>{QHostAddress(QHostAddress::Any)} : addresses;
    for (const QHostAddress &address : targets) {
        auto *socket = new QUdpSocket(this);
        // DontShareAddress: a second daemon on the same port must fail, not split the traffic.
        if (!socket->bind(address, port, QAbstractSocket::DontShareAddress)) {
            const QString error = QStringLiteral("cannot listen for events on UDP %1 port %2: %3")
                                      .arg(address.toString())
                                      .arg(port)
                                      .arg(socket->errorString());
            qDeleteAll(m_sockets);
            m_sockets.clear();
            delete socket;
            return Status::failure(error);
        }
        growReceiveBuffer(socket);
        connect(socket, &QUdpSocket::readyRead, this, [this, socket] { readPending(socket); });
        m_sockets.append(socket);
    }
    return Status::success();
}

void IngestWorker::growReceiveBuffer(QUdpSocket *socket) {
    const int fd = int(socket->socketDescriptor());
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
               .arg(socket->localAddress().toString())
               .arg(socket->localPort())
               .arg(granted)
               .arg(requested)
               .arg(forced ? QString() : QStringLiteral(", capped by net.core.rmem_max"));
}

void IngestWorker::readPending(QUdpSocket *socket) {
    QueuedEventBatch batch;
    batch.reserve(kBatchSize);
    QHostAddress source;
    quint16 sourcePort = 0;
    while (socket->hasPendingDatagrams()) {
        const qint64 size =
            socket->readDatagram(m_buffer.data(), m_buffer.size(), &source, &sourcePort);
        if (size < 0)
            break;
        auto event = DatagramParser::parse(QByteArrayView(m_buffer.constData(), size));
        if (!event) {
            reportMalformed(source, sourcePort, event.error());
            continue;
        }
        QueuedEvent queued;
        queued.type = event->type;
        queued.timestamp = event->timestamp;
        queued.body = Payload::encode(*event, m_nodeId);
        batch.push_back(std::move(queued));
        if (int(batch.size()) == kBatchSize) {
            accepted += batch.size();
            Q_EMIT batchReady(batch);
            batch.clear();
        }
    }
    if (!batch.empty()) {
        accepted += batch.size();
        Q_EMIT batchReady(batch);
    }
}

void IngestWorker::reportMalformed(const QHostAddress &source, quint16 port,
                                   const QString &reason) {
    ++malformed;
    qint64 suppressed = 0;
    const bool logIt = m_malformedLog.admit(&suppressed);
    if (suppressed > 0)
        qCWarning(lcIngest).noquote()
            << QStringLiteral("%1 more malformed datagrams were dropped without a log line")
                   .arg(suppressed);
    if (logIt)
        qCWarning(lcIngest).noquote() << QStringLiteral("dropped malformed datagram from %1: %2")
                                             .arg(sourceText(source, port), reason);
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

Status UdpIngest::start(const QList<QHostAddress> &addresses, quint16 port) {
    Status result = Status::success();
    QMetaObject::invokeMethod(
        m_worker, [&] { result = m_worker->bind(addresses, port); }, Qt::BlockingQueuedConnection);
    return result;
}

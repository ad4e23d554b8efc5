// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// The UDP flood: the largest events the daemon accepts, their values made of the bytes that
// cost the most to escape, at the rate the daemon's socket takes them.
#include "hostileattacks.h"
#include "monotonicclock.h"

#include <QFile>

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

constexpr qint64 kDatagrams = 10'000;
constexpr qsizetype kDatagramBytes = 65'000;
constexpr qint64 kSendUs = 300'000'000; // far more than a slow machine needs
constexpr qint64 kDrainUs = 60'000'000;
constexpr qint64 kCheckEveryUs = 100'000;
constexpr qint64 kLinuxDefaultReceiveBuffer = 212'992;

// The daemon's socket as /proc/net/udp shows it: bytes waiting in its receive queue and the
// datagrams the kernel dropped for want of room. Empty when the socket is not listed.
struct UdpQueue {
    qint64 queuedBytes = 0;
    qint64 drops = 0;
};

std::optional<UdpQueue> readUdpQueue(const QString &address, quint16 port) {
    in_addr binary{};
    if (::inet_pton(AF_INET, address.toLatin1().constData(), &binary) != 1)
        return std::nullopt;
    // The kernel prints the address as the 32-bit word it stores (network order) in hex.
    const QByteArray local =
        QByteArray::number(binary.s_addr, 16).toUpper().rightJustified(8, '0') + ':' +
        QByteArray::number(port, 16).toUpper().rightJustified(4, '0');
    QFile table(QStringLiteral("/proc/net/udp"));
    if (!table.open(QIODevice::ReadOnly))
        return std::nullopt;
    for (const QByteArray &line : table.readAll().split('\n')) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (fields.size() < 13 || fields.at(1) != local)
            continue;
        // "tx_queue:rx_queue", in hex; the drops are the last field.
        return UdpQueue{fields.at(4).split(':').value(1).toLongLong(nullptr, 16),
                        fields.constLast().toLongLong()};
    }
    return std::nullopt;
}

QByteArray hostileEvent() {
    QByteArray datagram("1468303352 VOLUME_CREATE name=");
    while (datagram.size() < kDatagramBytes)
        datagram += "\x1b\x01";
    datagram.truncate(kDatagramBytes);
    return datagram;
}

} // namespace

void udpFlood(AttackedDaemon &daemon, const AttackSettings &settings, ScenarioRun *run) {
    const QString address = daemon.files().listenAddress();
    const quint16 port = daemon.files().port();
    const QByteArray datagram = hostileEvent();
    run->mustSend = kDatagrams;
    run->sent = 0;
    const std::optional<UdpQueue> atStart = readUdpQueue(address, port);
    if (!atStart) {
        run->problem = QStringLiteral("the daemon's UDP socket is not in /proc/net/udp");
        return;
    }
    // Sent only while the daemon's queue is under half its buffer: the datagrams are to reach
    // the daemon, not the kernel's drop counter.
    const qint64 room =
        std::max<qint64>(0, daemon.receiveBufferBytes().value_or(kLinuxDefaultReceiveBuffer) / 2 -
                                2 * kDatagramBytes);
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    ::inet_pton(AF_INET, address.toLatin1().constData(), &to.sin_addr);
    run->completed = fd >= 0;
    if (fd < 0)
        run->problem =
            QStringLiteral("no UDP socket: %1").arg(QString::fromLocal8Bit(::strerror(errno)));
    const qint64 startUs = monotonicUs();
    const qint64 sendEnd = startUs + kSendUs;
    qint64 nextCheck = 0;
    qint64 sent = 0;
    while (run->completed && sent < kDatagrams) {
        if (monotonicUs() >= nextCheck) {
            if (Attack::mustStop(daemon, settings, run))
                break;
            nextCheck = monotonicUs() + kCheckEveryUs;
        }
        if (monotonicUs() >= sendEnd) {
            run->completed = false;
            run->problem =
                QStringLiteral("the daemon's queue did not take %1 datagrams within %2 s")
                    .arg(kDatagrams)
                    .arg(kSendUs / 1'000'000);
            break;
        }
        const std::optional<UdpQueue> queue = readUdpQueue(address, port);
        if (!queue) {
            run->completed = false;
            run->problem = QStringLiteral("the daemon's UDP socket went away");
            break;
        }
        if (queue->queuedBytes > room) {
            ::usleep(500);
            continue;
        }
        const ssize_t written = ::sendto(fd, datagram.constData(), size_t(datagram.size()), 0,
                                         reinterpret_cast<const sockaddr *>(&to), sizeof to);
        if (written == datagram.size()) {
            ++sent;
        } else if (written < 0 && (errno == EAGAIN || errno == ENOBUFS || errno == EINTR)) {
            ::usleep(1'000);
        } else {
            run->completed = false;
            run->problem = QStringLiteral("datagram %1 was not sent: %2")
                               .arg(sent + 1)
                               .arg(written < 0 ? QString::fromLocal8Bit(::strerror(errno))
                                                : QStringLiteral("cut short"));
        }
    }
    if (fd >= 0)
        ::close(fd);
    run->sent = sent;
    const double sendSeconds = double(monotonicUs() - startUs) / 1e6;
    // The attack is over once the daemon has taken everything queued.
    const qint64 drainEnd = monotonicUs() + kDrainUs;
    std::optional<UdpQueue> queue = readUdpQueue(address, port);
    while (queue && queue->queuedBytes > 0 && monotonicUs() < drainEnd && daemon.isRunning()) {
        ::usleep(50'000);
        queue = readUdpQueue(address, port);
    }
    if (run->completed && (!queue || queue->queuedBytes > 0)) {
        run->completed = false;
        run->problem = QStringLiteral("the daemon had not read every datagram %1 s after the last")
                           .arg(kDrainUs / 1'000'000);
    }
    run->detail =
        QStringLiteral("%1 datagrams of %2 bytes sent in %3 s, %4 dropped by the kernel, "
                       "%5 bytes still queued")
            .arg(sent)
            .arg(kDatagramBytes)
            .arg(sendSeconds, 0, 'f', 1)
            .arg(queue ? QString::number(queue->drops - atStart->drops) : QStringLiteral("?"))
            .arg(queue ? QString::number(queue->queuedBytes) : QStringLiteral("?"));
}

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// The never-reading client: responses the daemon cannot send pile up somewhere, and the
// question is whether that is in its memory.
#include "hostileattacks.h"
#include "monotonicclock.h"

#include <cerrno>
#include <cstring>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

constexpr qint64 kAttackUs = 8'000'000;
constexpr qint64 kCheckEveryUs = 100'000;
constexpr int kReceiveBufferBytes = 4 * 1024;
constexpr int kConnectTimeoutMs = 2'000;

} // namespace

void neverReadingClient(AttackedDaemon &daemon, const AttackSettings &settings, ScenarioRun *run) {
    // Whole requests, so that a write cut short resumes inside one and a new connection
    // starts at the beginning of one.
    const QByteArray requests =
        QByteArray("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n").repeated(256);
    const QString address = daemon.files().listenAddress();
    const quint16 port = daemon.files().port();
    qint64 sent = 0;
    int connections = 0;
    int closedByDaemon = 0;
    int fd = -1;
    qsizetype offset = 0;
    run->completed = true;
    const qint64 end = monotonicUs() + kAttackUs;
    qint64 nextCheck = 0;
    while (monotonicUs() < end) {
        if (monotonicUs() >= nextCheck) {
            if (Attack::mustStop(daemon, settings, run))
                break;
            nextCheck = monotonicUs() + kCheckEveryUs;
        }
        if (fd < 0) {
            fd = Attack::openConnection({}, address, port, kReceiveBufferBytes);
            if (fd < 0) {
                run->completed = false;
                run->problem = QStringLiteral("could not open a connection: %1")
                                   .arg(QString::fromLocal8Bit(::strerror(-fd)));
                break;
            }
            if (!Attack::waitConnected(fd, kConnectTimeoutMs)) {
                // Refused or not accepted in time: the daemon's choice; a hostile peer retries.
                ::close(fd);
                fd = -1;
                ::usleep(100'000);
                continue;
            }
            ++connections;
            offset = 0;
        }
        pollfd writable{fd, POLLOUT, 0};
        if (::poll(&writable, 1, 50) != 1)
            continue;
        const ssize_t written = ::send(fd, requests.constData() + offset,
                                       size_t(requests.size() - offset), MSG_NOSIGNAL);
        if (written > 0) {
            sent += written;
            offset = (offset + written) % requests.size();
        } else if (written < 0 && errno != EAGAIN && errno != EINTR) {
            // The daemon closed the connection; a hostile peer comes straight back.
            ::close(fd);
            fd = -1;
            ++closedByDaemon;
        }
    }
    if (fd >= 0)
        ::close(fd);
    run->sent = sent;
    run->detail =
        QStringLiteral("%1 bytes of requests on %2 connection(s), %3 closed by the daemon")
            .arg(sent)
            .arg(connections)
            .arg(closedByDaemon);
}

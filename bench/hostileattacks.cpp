// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "hostileattacks.h"

#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace Attack {

bool mustStop(AttackedDaemon &daemon, const AttackSettings &settings, ScenarioRun *run) {
    if (!daemon.isRunning()) {
        run->completed = false;
        run->problem = QStringLiteral("the daemon died");
        return true;
    }
    const std::optional<qint64> resident = daemon.residentKiB();
    if (resident && *resident > settings.safetyKiB) {
        run->completed = false;
        run->problem =
            QStringLiteral("stopped: resident memory passed %1 MB").arg(settings.safetyKiB / 1024);
        return true;
    }
    return false;
}

int openConnection(const QByteArray &source, const QString &address, quint16 port,
                   int receiveBufferBytes) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -errno;
    const auto fail = [fd] {
        const int error = errno;
        ::close(fd);
        return -error;
    };
    if (receiveBufferBytes > 0 && ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receiveBufferBytes,
                                               sizeof receiveBufferBytes) != 0)
        return fail();
    if (!source.isEmpty()) {
        sockaddr_in from{};
        from.sin_family = AF_INET;
        if (::inet_pton(AF_INET, source.constData(), &from.sin_addr) != 1) {
            errno = EINVAL;
            return fail();
        }
        if (::bind(fd, reinterpret_cast<sockaddr *>(&from), sizeof from) != 0)
            return fail();
    }
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    if (::inet_pton(AF_INET, address.toLatin1().constData(), &to.sin_addr) != 1) {
        errno = EINVAL;
        return fail();
    }
    if (::connect(fd, reinterpret_cast<sockaddr *>(&to), sizeof to) != 0 && errno != EINPROGRESS)
        return fail();
    return fd;
}

bool waitConnected(int fd, int timeoutMs) {
    pollfd waiting{fd, POLLOUT, 0};
    if (::poll(&waiting, 1, timeoutMs) != 1)
        return false;
    int error = 0;
    socklen_t length = sizeof error;
    return ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0;
}

} // namespace Attack

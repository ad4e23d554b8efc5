// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "servicenotifier.h"

#include <cstring>
#include <ctime>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

ServiceNotifier::ServiceNotifier(QByteArray socketPath)
    : m_socketPath(std::move(socketPath)) {
}

void ServiceNotifier::ready(const QString &status) {
    send("READY=1\nSTATUS=" + status.toUtf8());
}

void ServiceNotifier::reloading() {
    // MONOTONIC_USEC lets systemd 253+ (Type=notify-reload) tell this reload from an earlier one.
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    const qint64 micros = qint64(now.tv_sec) * 1'000'000 + now.tv_nsec / 1'000;
    send("RELOADING=1\nMONOTONIC_USEC=" + QByteArray::number(micros));
}

void ServiceNotifier::stopping() {
    send(QByteArrayLiteral("STOPPING=1"));
}

void ServiceNotifier::send(const QByteArray &state) const {
    if (m_socketPath.isEmpty())
        return;
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (size_t(m_socketPath.size()) >= sizeof address.sun_path)
        return;
    std::memcpy(address.sun_path, m_socketPath.constData(), size_t(m_socketPath.size()));
    socklen_t length = socklen_t(offsetof(sockaddr_un, sun_path) + size_t(m_socketPath.size()));
    if (address.sun_path[0] == '@')
        address.sun_path[0] = '\0'; // abstract namespace: no trailing NUL counted
    else
        ++length;
    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return;
    // A manager that does not listen is no reason to fail: the daemon works without it.
    ::sendto(fd, state.constData(), size_t(state.size()), MSG_NOSIGNAL,
             reinterpret_cast<const sockaddr *>(&address), length);
    ::close(fd);
}

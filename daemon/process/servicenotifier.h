// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include <QByteArray>
#include <QString>

// Tells the service manager where the daemon stands (systemd's sd_notify protocol, written
// out: one datagram on the socket named by NOTIFY_SOCKET, no libsystemd needed). A unit with
// Type=notify then starts dependants only once the sockets are bound, and `systemctl reload`
// waits for the reload to finish. Without a socket (not under systemd) every call does nothing.
class ServiceNotifier {
public:
    // `socketPath` is NOTIFY_SOCKET as the manager set it: a path, or '@' for the abstract
    // namespace; empty for none.
    explicit ServiceNotifier(QByteArray socketPath);

    void ready(const QString &status);
    void reloading();
    void stopping();

private:
    void send(const QByteArray &state) const;

    QByteArray m_socketPath;
};

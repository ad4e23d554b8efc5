// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once
// A glustereventsd binary named on the command line (any build, not only this tree's), started
// on a fresh work dir laid out as the integration tests lay it out, listening on one address.
// Every wait is bounded; the destructor stops the daemon, and kills it if it must.
#include "daemonprocess.h"

#include <QProcess>

#include <optional>

class AttackedDaemon {
public:
    AttackedDaemon(const QString &binary, const QString &address);
    ~AttackedDaemon();
    AttackedDaemon(const AttackedDaemon &) = delete;
    AttackedDaemon &operator=(const AttackedDaemon &) = delete;

    // Starts the daemon and waits until it says where it listens; false if it did not.
    bool start();
    // SIGTERM, then SIGKILL if it has not exited within 15 s.
    void stop();
    bool isRunning();
    qint64 pid() const { return m_process.processId(); }

    // The work dir, config file, log and ports, for the CLI and the attackers.
    const DaemonProcess &files() const { return m_files; }
    // The UDP receive buffer the daemon says it was given, if it said.
    std::optional<qint64> receiveBufferBytes() const;

    // VmRSS and VmHWM from /proc/PID/status in KiB; empty when they cannot be read.
    std::optional<qint64> residentKiB();
    std::optional<qint64> peakResidentKiB();

private:
    QString m_binary;
    DaemonProcess m_files;
    QProcess m_process;
};

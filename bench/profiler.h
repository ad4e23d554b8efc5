// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once
// A profiler (perf record, strace -c, ...) attached to the daemon for one phase of a run:
// `command` with %p standing for the daemon's pid, started at once and interrupted by stop().
#include <QProcess>
#include <QString>

class Profiler {
public:
    // Does nothing when `command` is empty.
    Profiler(const QString &command, qint64 pid);
    ~Profiler();
    Profiler(const Profiler &) = delete;
    Profiler &operator=(const Profiler &) = delete;

    void stop();

private:
    QProcess m_process;
};

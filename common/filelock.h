// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "result.h"

#include <QString>

#include <chrono>
#include <memory>

// An exclusive advisory lock (flock) on a file, held while the object lives. Used for
// events/.lock around every read-modify-write, by the CLI and the daemon alike. The kernel
// drops it when the process dies, so a crash never leaves the directory locked.
class FileLock {
public:
    ~FileLock();
    FileLock(const FileLock &) = delete;
    FileLock &operator=(const FileLock &) = delete;

    // Waits up to `timeout` for the lock, creating the file (and its directory) if needed.
    static Result<std::unique_ptr<FileLock>> acquire(const QString &path,
                                                     std::chrono::milliseconds timeout);

private:
    explicit FileLock(int fd)
        : m_fd(fd) {}
    int m_fd;
};

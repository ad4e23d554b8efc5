// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "result.h"

#include <memory>

// The daemon's pid file, locked (flock) while the daemon runs so that a second daemon on the
// same file refuses to start. Removed when the object is destroyed.
class PidFile {
public:
    ~PidFile();
    PidFile(const PidFile &) = delete;
    PidFile &operator=(const PidFile &) = delete;

    static Result<std::unique_ptr<PidFile>> acquire(const QString &path);

private:
    PidFile(QString path, int fd)
        : m_path(std::move(path))
        , m_fd(fd) {}
    QString m_path;
    int m_fd;
};

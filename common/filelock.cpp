// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "filelock.h"

#include "privatefiles.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QThread>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

FileLock::~FileLock() {
    ::close(m_fd);
}

Result<std::unique_ptr<FileLock>> FileLock::acquire(const QString &path,
                                                    std::chrono::milliseconds timeout) {
    using R = Result<std::unique_ptr<FileLock>>;
    if (const Status made = PrivateFiles::makeDirectory(QFileInfo(path).absolutePath()); !made)
        return R::failure(QStringLiteral("cannot open lock file %1: %2").arg(path, made.error()));
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDWR | O_CREAT | O_CLOEXEC,
                          PrivateFiles::kFileMode);
    if (fd < 0)
        return R::failure(QStringLiteral("cannot open lock file %1: %2")
                              .arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    const QDeadlineTimer deadline(timeout);
    while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR) {
            const int error = errno;
            ::close(fd);
            return R::failure(QStringLiteral("cannot lock %1: %2")
                                  .arg(path, QString::fromLocal8Bit(std::strerror(error))));
        }
        if (deadline.hasExpired()) {
            ::close(fd);
            return R::failure(
                QStringLiteral("%1 is held by another process; try again in a moment").arg(path));
        }
        QThread::msleep(5);
    }
    return R(std::unique_ptr<FileLock>(new FileLock(fd)));
}

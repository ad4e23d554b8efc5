// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "pidfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace {

QString errnoText(int error) {
    return QString::fromLocal8Bit(std::strerror(error));
}

} // namespace

PidFile::~PidFile() {
    // Unlink while still holding the lock, so no other daemon can take the file in between.
    ::unlink(QFile::encodeName(m_path).constData());
    ::close(m_fd);
}

Result<std::unique_ptr<PidFile>> PidFile::acquire(const QString &path) {
    using R = Result<std::unique_ptr<PidFile>>;
    QDir().mkpath(QFileInfo(path).absolutePath());
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return R::failure(
            QStringLiteral("cannot open pid file %1: %2").arg(path, errnoText(errno)));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        char buffer[32] = {};
        const ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
        ::close(fd);
        if (error == EWOULDBLOCK)
            return R::failure(
                QStringLiteral("another glustereventsd (pid %1) is running with pid file %2")
                    .arg(QString::fromLatin1(buffer, n > 0 ? int(n) : 0).trimmed(), path));
        return R::failure(
            QStringLiteral("cannot lock pid file %1: %2").arg(path, errnoText(error)));
    }
    const QByteArray pid = QByteArray::number(qint64(::getpid())) + '\n';
    if (::ftruncate(fd, 0) != 0 ||
        ::pwrite(fd, pid.constData(), size_t(pid.size()), 0) != pid.size()) {
        const int error = errno;
        ::close(fd);
        return R::failure(
            QStringLiteral("cannot write pid file %1: %2").arg(path, errnoText(error)));
    }
    return R(std::unique_ptr<PidFile>(new PidFile(path, fd)));
}

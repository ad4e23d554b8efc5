// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "privatefiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

constexpr mode_t kGroupAndOther = 077;

QString errnoText(int error) {
    return QString::fromLocal8Bit(std::strerror(error));
}

QString octal(mode_t mode) {
    return QStringLiteral("%1").arg(uint(mode & 07777), 4, 8, QLatin1Char('0'));
}

// A path comes from the admin's --workdir and from names in the directory: neither may put a
// line break or a terminal escape into the log.
QString escaped(const QString &text) {
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += QStringLiteral("\\x%1").arg(uint(c.unicode()), 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

std::optional<PrivateFiles::ModeFix> tighten(const QString &path, const struct stat &info) {
    const mode_t before = info.st_mode & 07777;
    if ((before & kGroupAndOther) == 0)
        return std::nullopt;
    PrivateFiles::ModeFix fix{path, before, mode_t(before & ~kGroupAndOther), QString()};
    if (::chmod(QFile::encodeName(path).constData(), fix.after) != 0)
        fix.error = errnoText(errno);
    return fix;
}

} // namespace

namespace PrivateFiles {

Status makeDirectory(const QString &path) {
    const QString absolute = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    if (QFileInfo(absolute).isDir())
        return Status::success();
    // Each missing level is made here, not by QDir::mkpath, whose 0777 only the umask narrows.
    QString prefix;
    for (const QString &part : absolute.split(u'/', Qt::SkipEmptyParts)) {
        prefix += u'/' + part;
        if (::mkdir(QFile::encodeName(prefix).constData(), kDirectoryMode) == 0)
            continue;
        const int error = errno;
        if (error != EEXIST)
            return Status::failure(
                QStringLiteral("cannot create %1: %2").arg(prefix, errnoText(error)));
        if (!QFileInfo(prefix).isDir())
            return Status::failure(
                QStringLiteral("cannot create %1: a file is in the way").arg(prefix));
    }
    return Status::success();
}

Status createFile(const QString &path) {
    const int fd = ::open(QFile::encodeName(path).constData(),
                          O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, kFileMode);
    if (fd < 0) {
        const int error = errno;
        if (error == EEXIST)
            return Status::success();
        return Status::failure(QStringLiteral("cannot create %1: %2").arg(path, errnoText(error)));
    }
    ::close(fd);
    return Status::success();
}

std::optional<ModeFix> tightenFile(const QString &path) {
    struct stat info {};
    if (::lstat(QFile::encodeName(path).constData(), &info) != 0 || !S_ISREG(info.st_mode))
        return std::nullopt;
    return tighten(path, info);
}

QList<ModeFix> tightenDirectory(const QString &directory) {
    QList<ModeFix> fixes;
    // Followed if it is a link: the admin may have put the directory elsewhere.
    struct stat info {};
    if (::stat(QFile::encodeName(directory).constData(), &info) != 0 || !S_ISDIR(info.st_mode))
        return fixes;
    // The directory first: from then on nobody else can open a file in it by name.
    if (auto fix = tighten(directory, info))
        fixes.append(*fix);
    const QStringList names = QDir(directory).entryList(
        QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString &name : names) {
        if (auto fix = tightenFile(directory + u'/' + name))
            fixes.append(*fix);
    }
    return fixes;
}

QString describe(const ModeFix &fix) {
    if (!fix.error.isEmpty())
        return QStringLiteral("%1 has mode %2, open to other users; cannot change it to %3: %4")
            .arg(escaped(fix.path), octal(fix.before), octal(fix.after), fix.error);
    return QStringLiteral("%1 had mode %2, open to other users; changed it to %3")
        .arg(escaped(fix.path), octal(fix.before), octal(fix.after));
}

} // namespace PrivateFiles

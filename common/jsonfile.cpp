// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "jsonfile.h"

#include "privatefiles.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRandomGenerator>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace {

Status failure(const QString &path, int error) {
    return Status::failure(QStringLiteral("cannot write %1: %2")
                               .arg(path, QString::fromLocal8Bit(std::strerror(error))));
}

// 0, or the errno of the first failure. Synced before the caller renames, so that after a crash
// the name holds the old content or the new, never a part.
int writeAllAndSync(int fd, const QByteArray &content) {
    for (qsizetype done = 0; done < content.size();) {
        const ssize_t n = ::write(fd, content.constData() + done, size_t(content.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return errno;
        done += n;
    }
    return ::fsync(fd) == 0 ? 0 : errno;
}

// Makes the rename itself durable. Best effort: the new content is already safe in its file.
void syncDirectory(const QString &directory) {
    const int fd =
        ::open(QFile::encodeName(directory).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return;
    ::fsync(fd);
    ::close(fd);
}

} // namespace

namespace JsonFile {

Result<QJsonObject> readObject(const QString &path, IfMissing ifMissing) {
    using R = Result<QJsonObject>;
    const QFileInfo info(path);
    if (!info.exists()) {
        if (ifMissing == IfMissing::Empty)
            return QJsonObject();
        return R::failure(QStringLiteral("%1 does not exist").arg(path));
    }
    if (info.isDir())
        return R::failure(QStringLiteral("%1 is a directory, not a JSON file").arg(path));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return R::failure(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    const QByteArray content = file.readAll();
    if (content.trimmed().isEmpty())
        return R::failure(
            QStringLiteral("%1 is empty; expected a JSON object such as {}").arg(path));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(content, &error);
    if (error.error != QJsonParseError::NoError)
        return R::failure(QStringLiteral("%1 is not valid JSON: %2 at offset %3")
                              .arg(path, error.errorString())
                              .arg(error.offset));
    if (!document.isObject())
        return R::failure(QStringLiteral("%1 must hold a JSON object").arg(path));
    return document.object();
}

Status writeAtomically(const QString &path, const QByteArray &content) {
    const QString directory = QFileInfo(path).absolutePath();
    if (const Status made = PrivateFiles::makeDirectory(directory); !made)
        return Status::failure(QStringLiteral("cannot write %1: %2").arg(path, made.error()));
    // Not QSaveFile: for a new file it creates its temporary file 0666 less the umask and only
    // then narrows it, and a descriptor opened in between would read everything written later.
    // O_EXCL with 0600 makes the file private from its first moment.
    const QByteArray temporary = QFile::encodeName(path) + ".tmp-" +
                                 QByteArray::number(QRandomGenerator::system()->generate64(), 16);
    const int fd =
        ::open(temporary.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
               PrivateFiles::kFileMode);
    if (fd < 0)
        return failure(path, errno);
    int error = writeAllAndSync(fd, content);
    if (::close(fd) != 0 && error == 0)
        error = errno;
    if (error == 0 && ::rename(temporary.constData(), QFile::encodeName(path).constData()) != 0)
        error = errno;
    if (error != 0) {
        ::unlink(temporary.constData());
        return failure(path, error);
    }
    syncDirectory(directory);
    return Status::success();
}

Status writeObject(const QString &path, const QJsonObject &object) {
    return writeAtomically(path, QJsonDocument(object).toJson(QJsonDocument::Indented));
}

} // namespace JsonFile

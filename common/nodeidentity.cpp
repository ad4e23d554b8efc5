// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "nodeidentity.h"

#include "filelock.h"
#include "jsonfile.h"

#include <QFile>
#include <QUuid>

namespace {

bool isUuid(const QString &text) {
    return text.size() == 36 && !QUuid::fromString(text).isNull();
}

// nullopt when there is no glusterd.info; an error when it exists but is unusable.
std::optional<Result<QString>> fromGlusterdInfo(const QString &path) {
    QFile file(path);
    if (!file.exists())
        return std::nullopt;
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return Result<QString>::failure(
            QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (!line.startsWith(u"UUID="))
            continue;
        const QString uuid = line.mid(5).trimmed().toLower();
        if (!isUuid(uuid))
            return Result<QString>::failure(
                QStringLiteral("%1: UUID '%2' is not a valid UUID").arg(path, uuid.left(64)));
        return Result<QString>(uuid);
    }
    return std::nullopt;
}

Result<QString> readNodeIdFile(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Result<QString>::failure(
            QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    const QString uuid = QString::fromUtf8(file.readAll()).trimmed().toLower();
    if (!isUuid(uuid))
        return Result<QString>::failure(
            QStringLiteral("%1 does not hold a UUID; remove it to have a new one made").arg(path));
    return uuid;
}

} // namespace

namespace NodeIdentity {

Result<QString> load(const EventsPaths &paths) {
    if (auto glusterd = fromGlusterdInfo(paths.glusterdInfo))
        return *glusterd;
    if (QFile::exists(paths.nodeId))
        return readNodeIdFile(paths.nodeId);

    // Two processes starting at once must agree on one id: create it under the lock.
    const auto lock = FileLock::acquire(paths.lock, std::chrono::seconds(10));
    if (!lock)
        return Result<QString>::failure(lock.error());
    if (QFile::exists(paths.nodeId))
        return readNodeIdFile(paths.nodeId);
    const QString uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const Status written = JsonFile::writeAtomically(paths.nodeId, uuid.toUtf8() + '\n');
    if (!written)
        return Result<QString>::failure(written.error());
    return uuid;
}

} // namespace NodeIdentity

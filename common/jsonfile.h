#pragma once

#include "result.h"

#include <QFileDevice>
#include <QJsonObject>

// Reading and writing the JSON documents under events/. Reads say exactly what is wrong with
// a file (missing, a directory, unreadable, empty, not JSON, not an object); writes are atomic
// (write, then rename) so a reader never sees half a file.
namespace JsonFile {

enum class IfMissing { Empty, Fail };

Result<QJsonObject> readObject(const QString &path, IfMissing ifMissing);

inline constexpr QFileDevice::Permissions kPrivate =
    QFileDevice::ReadOwner | QFileDevice::WriteOwner;

Status writeAtomically(const QString &path, const QByteArray &content,
                       QFileDevice::Permissions permissions = kPrivate);
Status writeObject(const QString &path, const QJsonObject &object,
                   QFileDevice::Permissions permissions = kPrivate);

} // namespace JsonFile

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "result.h"

#include <QJsonObject>

// Reading and writing the JSON documents under events/. Reads say exactly what is wrong with
// a file (missing, a directory, unreadable, empty, not JSON, not an object); writes are atomic
// (write, then rename) so a reader never sees half a file, and private: the file is 0600 from
// the moment it exists, in a directory created 0700 (privatefiles.h), whatever the umask.
namespace JsonFile {

enum class IfMissing { Empty, Fail };

Result<QJsonObject> readObject(const QString &path, IfMissing ifMissing);

Status writeAtomically(const QString &path, const QByteArray &content);
Status writeObject(const QString &path, const QJsonObject &object);

} // namespace JsonFile

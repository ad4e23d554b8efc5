#include "jsonfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSaveFile>

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

Status writeAtomically(const QString &path, const QByteArray &content,
                       QFileDevice::Permissions permissions) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Status::failure(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    file.setPermissions(permissions);
    if (file.write(content) != content.size())
        return Status::failure(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    // commit() syncs the temporary file, then renames it over the old one.
    if (!file.commit())
        return Status::failure(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return Status::success();
}

Status writeObject(const QString &path, const QJsonObject &object,
                   QFileDevice::Permissions permissions) {
    return writeAtomically(path, QJsonDocument(object).toJson(QJsonDocument::Indented),
                           permissions);
}

} // namespace JsonFile

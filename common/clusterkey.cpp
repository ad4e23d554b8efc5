// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "clusterkey.h"

#include "cryptoutil.h"
#include "filelock.h"
#include "jsonfile.h"
#include "pool.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>

#include <chrono>

namespace {

QString copyHint() {
    return QStringLiteral("copy cluster.key from another node of the cluster");
}

} // namespace

namespace ClusterKey {

Result<QByteArray> load(const QString &path) {
    using R = Result<QByteArray>;
    const QFileInfo info(path);
    if (!info.exists())
        return R::failure(QStringLiteral("%1 does not exist: %2").arg(path, copyHint()));
    if (info.isDir())
        return R::failure(QStringLiteral("%1 is a directory, not a key file: remove it and %2")
                              .arg(path, copyHint()));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return R::failure(
            QStringLiteral("cannot read %1: %2: give the daemon's user read access (mode 0600)")
                .arg(path, file.errorString()));
    const QByteArray key = file.readAll().trimmed();
    if (key.isEmpty())
        return R::failure(QStringLiteral("%1 is empty: %2").arg(path, copyHint()));
    if (key.size() < kMinimumLength)
        return R::failure(QStringLiteral("%1 is too short (%2 characters, at least %3 needed): %4")
                              .arg(path)
                              .arg(key.size())
                              .arg(kMinimumLength)
                              .arg(copyHint()));
    return key;
}

Result<QByteArray> loadOrCreate(const QString &path) {
    using R = Result<QByteArray>;
    if (QFileInfo::exists(path))
        return load(path);

    // Two processes starting at once must not each make a different key.
    const QString lockPath = QFileInfo(path).absolutePath() + QStringLiteral("/.lock");
    const auto lock = FileLock::acquire(lockPath, std::chrono::seconds(10));
    if (!lock)
        return R::failure(lock.error());
    if (QFileInfo::exists(path))
        return load(path);
    const QByteArray key = CryptoUtil::randomBytes(32).toHex();
    const Status written = JsonFile::writeAtomically(path, key + '\n');
    if (!written)
        return R::failure(written.error());
    return key;
}

bool comesFromPool(const EventsPaths &paths, bool distribution) {
    if (!distribution || !QFileInfo::exists(paths.glusterdInfo))
        return false;
    // members() lists this node first, then glusterd's peers.
    return Pool::members(paths.glusterdPeers, QString(), QString(), VersionedDocument()).size() > 1;
}

QString fingerprint(const QByteArray &key) {
    return QString::fromLatin1(
        QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex().left(8));
}

Result<QByteArray> deriveKey(const QByteArray &clusterKey, QByteArrayView info) {
    return CryptoUtil::hkdfSha256(clusterKey, QByteArrayView("gluster-events"), info,
                                  kDerivedKeySize);
}

} // namespace ClusterKey

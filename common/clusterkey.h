// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "eventspaths.h"
#include "result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

// events/cluster.key: the secret every node of the cluster shares (sent through glusterd by the
// daemons, or copied by the admin; never synced by this project's own protocol). Its trimmed
// content is the input from which the request-signing and secret-sealing keys are derived; the key
// itself never leaves the node and is never logged.
namespace ClusterKey {

inline constexpr qsizetype kMinimumLength = 32;
inline constexpr qsizetype kDerivedKeySize = 32;

// The file's content without surrounding ASCII whitespace; a one-line error naming the file
// and the fix when it is missing, a directory, unreadable, empty or too short.
Result<QByteArray> load(const QString &path);

// As load(), but a missing file is first created (0600, directory included) with 32 random
// bytes as 64 hex digits, under <dir>/.lock so that two processes starting at once agree.
Result<QByteArray> loadOrCreate(const QString &path);

// Whether a process on this node must wait for the pool's key rather than make one: this is a
// glusterd node with peers, and the daemons distribute the key (cluster_key_distribution).
bool comesFromPool(const EventsPaths &paths, bool distribution);

// The first 8 hex digits of SHA-256(key): safe to log and compare across nodes.
QString fingerprint(const QByteArray &key);

// HKDF-SHA256 of the cluster key, salt "gluster-events": an independent 32-byte key per
// purpose (`info`, e.g. "auth v1"). Fails only when OpenSSL itself does.
Result<QByteArray> deriveKey(const QByteArray &clusterKey, QByteArrayView info);

} // namespace ClusterKey

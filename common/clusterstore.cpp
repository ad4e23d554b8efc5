// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "clusterstore.h"

#include "configschema.h"
#include "filelock.h"
#include "jsonfile.h"
#include "webhookstore.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace {

constexpr std::chrono::seconds kLockTimeout{10};
const QString kClock = QStringLiteral("clock");
const QString kHash = QStringLiteral("hash");
const QString kCounter = QStringLiteral("counter");
const QString kNode = QStringLiteral("node");
const QString kDeleted = QStringLiteral("deleted");

QString hashOf(const QJsonValue &value) {
    const QByteArray canonical = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromLatin1(
        QCryptographicHash::hash(canonical, QCryptographicHash::Sha256).toHex().left(32));
}

// Joins a plain file's values with the versions state.json recorded for them. Values that do
// not match their recorded hash, and recorded live entries missing from the file, are changes
// made by hand: they get fresh versions from `nextVersion`.
VersionedDocument reconcile(const QJsonObject &fileValues, const QJsonObject &state,
                            const std::function<Version()> &nextVersion) {
    VersionedDocument document;
    for (auto it = fileValues.begin(); it != fileValues.end(); ++it) {
        const QJsonObject recorded = state.value(it.key()).toObject();
        const bool known = !recorded.isEmpty() && !recorded.value(kDeleted).toBool() &&
                           recorded.value(kHash).toString() == hashOf(it.value());
        if (known) {
            document.set(it.key(), it.value(),
                         Version{quint64(recorded.value(kCounter).toInteger()),
                                 recorded.value(kNode).toString()});
        } else {
            document.set(it.key(), it.value(), nextVersion());
        }
    }
    for (auto it = state.begin(); it != state.end(); ++it) {
        if (fileValues.contains(it.key()))
            continue;
        const QJsonObject recorded = it->toObject();
        const Version version{quint64(recorded.value(kCounter).toInteger()),
                              recorded.value(kNode).toString()};
        if (recorded.value(kDeleted).toBool()) {
            document.remove(it.key(), version);
        } else {
            document.remove(it.key(), nextVersion());
        }
    }
    return document;
}

QJsonObject stateOf(const VersionedDocument &document) {
    QJsonObject state;
    for (auto it = document.entries().cbegin(); it != document.entries().cend(); ++it) {
        QJsonObject entry{{kCounter, qint64(it->version.counter)}, {kNode, it->version.node}};
        if (it->deleted)
            entry.insert(kDeleted, true);
        else
            entry.insert(kHash, hashOf(it->value));
        state.insert(it.key(), entry);
    }
    return state;
}

// A file's object, or nullopt when there is no such file.
Result<std::optional<QJsonObject>> readIfPresent(const QString &path) {
    using R = Result<std::optional<QJsonObject>>;
    if (!QFileInfo::exists(path))
        return R(std::nullopt);
    auto object = JsonFile::readObject(path, JsonFile::IfMissing::Fail);
    if (!object)
        return R::failure(object.error());
    return R(std::move(object).value());
}

Status writeIfChanged(const QString &path, const QJsonObject &content,
                      const std::optional<QJsonObject> &onDisk) {
    if (onDisk && *onDisk == content)
        return Status::success();
    // Nothing to say and no file yet: leave it absent rather than create an empty one.
    if (!onDisk && content.isEmpty())
        return Status::success();
    return JsonFile::writeObject(path, content);
}

} // namespace

Version ClusterStore::Editor::nextVersion() {
    return Version{++m_clock, m_node};
}

ClusterStore::ClusterStore(const EventsPaths &paths, QString nodeId)
    : m_paths(paths)
    , m_nodeId(std::move(nodeId)) {
}

Result<ClusterDocuments> ClusterStore::loadLocked(quint64 *clock, OnDisk *onDisk) const {
    using R = Result<ClusterDocuments>;
    const std::pair<const QString *, std::optional<QJsonObject> *> files[] = {
        {&m_paths.state, &onDisk->state},
        {&m_paths.webhooks, &onDisk->webhooks},
        {&m_paths.config, &onDisk->config},
        {&m_paths.peers, &onDisk->peers}};
    for (const auto &[path, into] : files) {
        auto content = readIfPresent(*path);
        if (!content)
            return R::failure(content.error());
        *into = std::move(content).value();
    }
    const QJsonObject state = onDisk->state.value_or(QJsonObject());
    const WebhookStore::WebhookFile webhooks =
        WebhookStore::read(onDisk->webhooks.value_or(QJsonObject()), m_paths.webhooks);
    const QJsonObject config = onDisk->config.value_or(QJsonObject());
    const QJsonObject peers = onDisk->peers.value_or(QJsonObject());

    *clock = quint64(state.value(kClock).toInteger());
    const auto next = [this, clock] {
        return Version{++*clock, m_nodeId};
    };
    ClusterDocuments documents;
    // The webhooks file is normalised first, so a bare-string token is the same value as
    // {"token": ..., "secret": ""}. An entry the daemon skips is a value like any other here, as
    // it is: were it left out, it would vanish from the file at the next write and count as a
    // deletion for the peers. It never leaves the node (DocumentSecrets::seal).
    documents.webhooks = reconcile(WebhookStore::toJson(webhooks.webhooks, webhooks.skipped),
                                   state.value(QStringLiteral("webhooks")).toObject(), next);
    // Either spelling of a name may be in the file, and a value in any form the original
    // accepted; the entry is kept under the canonical name with the canonical value, which is
    // what gets written back. A value that cannot be used is kept as it is.
    documents.config =
        reconcile(ConfigSchema::canonicalValues(ConfigSchema::canonicalNames(config)),
                  state.value(QStringLiteral("config")).toObject(), next);
    documents.pool = reconcile(peers, state.value(QStringLiteral("pool")).toObject(), next);
    *clock = std::max(*clock, documents.highestCounter());
    return documents;
}

Status ClusterStore::write(const ClusterDocuments &documents, quint64 clock,
                           const OnDisk &onDisk) const {
    // Values first, versions last: a crash in between looks like a hand edit of the same
    // value next time, which only costs a fresh version.
    const WebhookStore::WebhookFile webhooks =
        WebhookStore::read(documents.webhooks.liveValues(), m_paths.webhooks);
    if (Status s = writeIfChanged(m_paths.webhooks,
                                  WebhookStore::toJson(webhooks.webhooks, webhooks.skipped),
                                  onDisk.webhooks);
        !s)
        return s;
    if (Status s = writeIfChanged(m_paths.config, documents.config.liveValues(), onDisk.config); !s)
        return s;
    if (Status s = writeIfChanged(m_paths.peers, documents.pool.liveValues(), onDisk.peers); !s)
        return s;
    const QJsonObject state{{kClock, qint64(clock)},
                            {QStringLiteral("webhooks"), stateOf(documents.webhooks)},
                            {QStringLiteral("config"), stateOf(documents.config)},
                            {QStringLiteral("pool"), stateOf(documents.pool)}};
    return writeIfChanged(m_paths.state, state, onDisk.state);
}

Result<ClusterDocuments> ClusterStore::load() const {
    return edit([](Editor &) { return Status::success(); });
}

Result<ClusterDocuments> ClusterStore::edit(const Change &change) const {
    using R = Result<ClusterDocuments>;
    const auto lock = FileLock::acquire(m_paths.lock, kLockTimeout);
    if (!lock)
        return R::failure(lock.error());
    quint64 clock = 0;
    OnDisk onDisk;
    auto documents = loadLocked(&clock, &onDisk);
    if (!documents)
        return documents;
    Editor editor(documents.value(), clock, m_nodeId);
    if (const Status changed = change(editor); !changed)
        return R::failure(changed.error());
    clock = std::max(clock, documents.value().highestCounter());
    if (const Status written = write(documents.value(), clock, onDisk); !written)
        return R::failure(written.error());
    return documents;
}

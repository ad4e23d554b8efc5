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
                            const std::function<Version()> &nextVersion, bool *changed) {
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
            *changed = true;
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
            *changed = true;
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

Status writeIfChanged(const QString &path, const QJsonObject &content) {
    const auto current = JsonFile::readObject(path, JsonFile::IfMissing::Fail);
    if (current && *current == content)
        return Status::success();
    // Nothing to say and no file yet: leave it absent rather than create an empty one.
    if (!current && content.isEmpty() && !QFileInfo::exists(path))
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

Result<ClusterDocuments> ClusterStore::loadLocked(quint64 *clock, bool *stateChanged) const {
    using R = Result<ClusterDocuments>;
    const auto state = JsonFile::readObject(m_paths.state, JsonFile::IfMissing::Empty);
    if (!state)
        return R::failure(state.error());
    const auto webhooks = WebhookStore::load(m_paths.webhooks);
    if (!webhooks)
        return R::failure(webhooks.error());
    const auto config = JsonFile::readObject(m_paths.config, JsonFile::IfMissing::Empty);
    if (!config)
        return R::failure(config.error());
    const auto peers = JsonFile::readObject(m_paths.peers, JsonFile::IfMissing::Empty);
    if (!peers)
        return R::failure(peers.error());

    *clock = quint64(state->value(kClock).toInteger());
    const auto next = [this, clock] {
        return Version{++*clock, m_nodeId};
    };
    ClusterDocuments documents;
    // The webhooks file is normalised first, so a bare-string token is the same value as
    // {"token": ..., "secret": ""}.
    documents.webhooks =
        reconcile(WebhookStore::toJson(*webhooks),
                  state->value(QStringLiteral("webhooks")).toObject(), next, stateChanged);
    // Either spelling of a name may be in the file (SPEC §4); the entry is kept under the
    // canonical name, which is what gets written back.
    documents.config =
        reconcile(ConfigSchema::canonicalNames(*config),
                  state->value(QStringLiteral("config")).toObject(), next, stateChanged);
    documents.pool =
        reconcile(*peers, state->value(QStringLiteral("pool")).toObject(), next, stateChanged);
    *clock = std::max(*clock, documents.highestCounter());
    return documents;
}

Status ClusterStore::write(const ClusterDocuments &documents, quint64 clock) const {
    // Values first, versions last: a crash in between looks like a hand edit of the same
    // value next time, which only costs a fresh version.
    auto webhooks = WebhookStore::fromJson(documents.webhooks.liveValues(), m_paths.webhooks);
    if (!webhooks)
        return Status::failure(webhooks.error());
    if (Status s = writeIfChanged(m_paths.webhooks, WebhookStore::toJson(*webhooks)); !s)
        return s;
    if (Status s = writeIfChanged(m_paths.config, documents.config.liveValues()); !s)
        return s;
    if (Status s = writeIfChanged(m_paths.peers, documents.pool.liveValues()); !s)
        return s;
    const QJsonObject state{{kClock, qint64(clock)},
                            {QStringLiteral("webhooks"), stateOf(documents.webhooks)},
                            {QStringLiteral("config"), stateOf(documents.config)},
                            {QStringLiteral("pool"), stateOf(documents.pool)}};
    return writeIfChanged(m_paths.state, state);
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
    bool handEdited = false;
    auto documents = loadLocked(&clock, &handEdited);
    if (!documents)
        return documents;
    Editor editor(documents.value(), clock, m_nodeId);
    if (const Status changed = change(editor); !changed)
        return R::failure(changed.error());
    clock = std::max(clock, documents.value().highestCounter());
    if (const Status written = write(documents.value(), clock); !written)
        return R::failure(written.error());
    return documents;
}

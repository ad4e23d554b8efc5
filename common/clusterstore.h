// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "clusterdocuments.h"
#include "eventspaths.h"

#include <functional>
#include <optional>

// The synced documents on disk: webhooks.json, config.json and peers.json hold the values in
// the original's formats (so admins and older tools can read and edit them), state.json the
// versions and deletion markers. Every load and edit holds events/.lock; a value that differs
// from what state.json recorded (a hand edit) becomes a new local change.
class ClusterStore {
public:
    // A change in progress: what a command or a merge may do to the documents.
    class Editor {
    public:
        ClusterDocuments &documents;
        // A fresh version, newer than every version this node has seen.
        Version nextVersion();

    private:
        friend class ClusterStore;
        Editor(ClusterDocuments &docs, quint64 &clock, const QString &node)
            : documents(docs)
            , m_clock(clock)
            , m_node(node) {}
        quint64 &m_clock;
        const QString &m_node;
    };
    // Returns failure to abandon the change (nothing is written).
    using Change = std::function<Status(Editor &editor)>;

    ClusterStore(const EventsPaths &paths, QString nodeId);

    // The current documents (hand edits recorded first).
    Result<ClusterDocuments> load() const;
    // Loads, applies `change`, and writes every file whose content changed, atomically.
    Result<ClusterDocuments> edit(const Change &change) const;

private:
    // The files as loadLocked read them (nullopt: no file), so write() compares against what
    // it has rather than reading every file again.
    struct OnDisk {
        std::optional<QJsonObject> webhooks, config, peers, state;
    };
    Result<ClusterDocuments> loadLocked(quint64 *clock, OnDisk *onDisk) const;
    Status write(const ClusterDocuments &documents, quint64 clock, const OnDisk &onDisk) const;

    EventsPaths m_paths;
    QString m_nodeId;
};

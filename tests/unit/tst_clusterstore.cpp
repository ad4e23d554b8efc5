// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// The versioned store: merges converge whatever the order, deletions stick, hand edits become
// new local changes, and the plain files stay in the original's formats.
#include "clusterstore.h"
#include "documentsecrets.h"
#include "jsonfile.h"
#include "testfiles.h"

#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

namespace {

const QString kNodeA = QStringLiteral("aaaaaaaa-0000-0000-0000-000000000000");
const QString kNodeB = QStringLiteral("bbbbbbbb-0000-0000-0000-000000000000");

QJsonObject hook(const QString &token) {
    return {{QStringLiteral("token"), token}, {QStringLiteral("secret"), QString()}};
}

} // namespace

class TestClusterStore : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void newerVersionWinsAndTiesBreakByNode();
    void mergeConvergesInAnyOrder();
    void deletionMarkerBeatsOlderValue();
    void editWritesOriginalFormats();
    void handEditBecomesNewLocalVersion();
    void handDeletionBecomesMarker();
    void bareStringTokenIsNotAChange();
    void failedChangeWritesNothing();
    void corruptFileFailsAndIsKept();
    void concurrentEditsAllKept();
    void sanitizedDropsWhatWouldBreakANode();
    void aliasSpellingInConfigFileIsCanonicalised();
    void originalsConfigValuesAreCanonicalised();
    void skippedWebhookEntrySurvivesEdits();
    void handEditMakingAnEntryUnusableIsNoDeletion();
    void skippedEntryCanBeDeleted();
    void onlyWhatPeersAcceptIsSealed();
};

void TestClusterStore::newerVersionWinsAndTiesBreakByNode() {
    QVERIFY((Version{1, kNodeB} < Version{2, kNodeA}));
    QVERIFY((Version{2, kNodeA} < Version{2, kNodeB}));
    QVERIFY(!(Version{2, kNodeB} < Version{2, kNodeB}));
}

void TestClusterStore::mergeConvergesInAnyOrder() {
    VersionedDocument a;
    VersionedDocument b;
    a.set(QStringLiteral("x"), 1, {5, kNodeA});
    b.set(QStringLiteral("x"), 2, {5, kNodeB}); // concurrent change: B wins the tie
    a.set(QStringLiteral("only-a"), 3, {1, kNodeA});
    b.set(QStringLiteral("only-b"), 4, {7, kNodeB});

    VersionedDocument ab = a;
    ab.merge(b);
    VersionedDocument ba = b;
    ba.merge(a);
    QCOMPARE(ab.toJson(), ba.toJson());
    QCOMPARE(ab.liveValues().value(QStringLiteral("x")).toInt(), 2);
    QCOMPARE(ab.liveValues().size(), 3);
    QCOMPARE(ab.merge(ba), QStringList());
}

void TestClusterStore::deletionMarkerBeatsOlderValue() {
    VersionedDocument removed;
    removed.remove(QStringLiteral("x"), {4, kNodeA});
    VersionedDocument stale;
    stale.set(QStringLiteral("x"), 1, {3, kNodeB});
    stale.merge(removed);
    QVERIFY(!stale.isLive(QStringLiteral("x")));
    removed.merge(stale);
    QVERIFY(!removed.isLive(QStringLiteral("x")));
    VersionedDocument readded;
    readded.set(QStringLiteral("x"), 9, {5, kNodeB});
    removed.merge(readded);
    QVERIFY(removed.isLive(QStringLiteral("x")));
}

void TestClusterStore::editWritesOriginalFormats() {
    QTemporaryDir dir;
    const EventsPaths paths(dir.path());
    const ClusterStore store(paths, kNodeA);
    const auto result = store.edit([](ClusterStore::Editor &editor) {
        editor.documents.webhooks.set(QStringLiteral("http://h:9000/listen"),
                                      hook(QStringLiteral("t")), editor.nextVersion());
        editor.documents.config.set(QStringLiteral("log_level"), QStringLiteral("DEBUG"),
                                    editor.nextVersion());
        editor.documents.pool.set(kNodeB,
                                  QJsonObject{{QStringLiteral("host"), QStringLiteral("node2")}},
                                  editor.nextVersion());
        return Status::success();
    });
    QVERIFY2(result.ok(), qPrintable(result.error()));
    QCOMPARE(readJson(paths.webhooks),
             (QJsonObject{{QStringLiteral("http://h:9000/listen"), hook(QStringLiteral("t"))}}));
    QCOMPARE(readJson(paths.config),
             (QJsonObject{{QStringLiteral("log_level"), QStringLiteral("DEBUG")}}));
    QCOMPARE(
        readJson(paths.peers).value(kNodeB).toObject().value(QStringLiteral("host")).toString(),
        QStringLiteral("node2"));
    const QJsonObject state = readJson(paths.state);
    QCOMPARE(state.value(QStringLiteral("clock")).toInt(), 3);
    QVERIFY(!QFile(paths.webhooks).readAll().contains("counter"));

    // Reloading gives the same versions: nothing counts as a hand edit.
    const auto again = store.load();
    QVERIFY(again.ok());
    QCOMPARE(again->toJson(), result->toJson());
}

void TestClusterStore::handEditBecomesNewLocalVersion() {
    QTemporaryDir dir;
    const EventsPaths paths(dir.path());
    const ClusterStore store(paths, kNodeA);
    QVERIFY(store.edit([](ClusterStore::Editor &editor) {
        editor.documents.webhooks.set(QStringLiteral("http://h/a"), hook(QStringLiteral("1")),
                                      editor.nextVersion());
        return Status::success();
    }));
    // The admin edits the file as with the original daemon.
    QVERIFY(JsonFile::writeObject(paths.webhooks,
                                  {{QStringLiteral("http://h/a"), hook(QStringLiteral("2"))},
                                   {QStringLiteral("http://h/b"), hook(QString())}}));
    const auto documents = store.load();
    QVERIFY(documents.ok());
    const auto &entries = documents->webhooks.entries();
    QCOMPARE(entries.value(QStringLiteral("http://h/a")).version.counter, quint64(2));
    QCOMPARE(entries.value(QStringLiteral("http://h/a")).version.node, kNodeA);
    QCOMPARE(entries.value(QStringLiteral("http://h/b")).version.counter, quint64(3));
    // The edit survives a merge with a node that still has the old value.
    VersionedDocument old;
    old.set(QStringLiteral("http://h/a"), hook(QStringLiteral("1")), {1, kNodeB});
    VersionedDocument merged = documents->webhooks;
    merged.merge(old);
    QCOMPARE(merged.liveValues()
                 .value(QStringLiteral("http://h/a"))
                 .toObject()
                 .value(QStringLiteral("token"))
                 .toString(),
             QStringLiteral("2"));
}

void TestClusterStore::handDeletionBecomesMarker() {
    QTemporaryDir dir;
    const EventsPaths paths(dir.path());
    const ClusterStore store(paths, kNodeA);
    QVERIFY(store.edit([](ClusterStore::Editor &editor) {
        editor.documents.config.set(QStringLiteral("port"), 55555, editor.nextVersion());
        return Status::success();
    }));
    QVERIFY(JsonFile::writeObject(paths.config, QJsonObject()));
    const auto documents = store.load();
    QVERIFY(documents.ok());
    const VersionedEntry entry = documents->config.entries().value(QStringLiteral("port"));
    QVERIFY(entry.deleted);
    QCOMPARE(entry.version.counter, quint64(2));
}

void TestClusterStore::bareStringTokenIsNotAChange() {
    QTemporaryDir dir;
    const EventsPaths paths(dir.path());
    QVERIFY(JsonFile::writeObject(paths.webhooks,
                                  {{QStringLiteral("http://h/a"), QStringLiteral("tok")}}));
    const ClusterStore store(paths, kNodeA);
    const auto first = store.load();
    QVERIFY(first.ok());
    QCOMPARE(first->webhooks.liveValues().value(QStringLiteral("http://h/a")).toObject(),
             hook(QStringLiteral("tok")));
    const auto second = store.load();
    QCOMPARE(second->toJson(), first->toJson());
}

void TestClusterStore::failedChangeWritesNothing() {
    QTemporaryDir dir;
    const EventsPaths paths(dir.path());
    const ClusterStore store(paths, kNodeA);
    const auto result = store.edit([](ClusterStore::Editor &editor) {
        editor.documents.config.set(QStringLiteral("port"), 1, editor.nextVersion());
        return Status::failure(QStringLiteral("refused"));
    });
    QVERIFY(!result.ok());
    QCOMPARE(result.error(), QStringLiteral("refused"));
    QVERIFY(!QFile::exists(paths.config));
}

void TestClusterStore::corruptFileFailsAndIsKept() {
    QTemporaryDir dir;
    const EventsPaths paths(dir.path());
    QVERIFY(JsonFile::writeAtomically(paths.webhooks, "{ broken"));
    const ClusterStore store(paths, kNodeA);
    const auto result = store.edit([](ClusterStore::Editor &editor) {
        editor.documents.config.set(QStringLiteral("port"), 1, editor.nextVersion());
        return Status::success();
    });
    QVERIFY(!result.ok());
    QVERIFY(result.error().contains(QStringLiteral("webhooks.json")));
    QFile file(paths.webhooks);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("{ broken"));
}

void TestClusterStore::concurrentEditsAllKept() {
    QTemporaryDir dir;
    const EventsPaths paths(dir.path());
    constexpr int kWriters = 8;
    std::vector<std::thread> writers;
    std::atomic<int> edited{0};
    for (int i = 0; i < kWriters; ++i) {
        writers.emplace_back([&paths, &edited, i] {
            const ClusterStore store(paths, kNodeA);
            const auto result = store.edit([i](ClusterStore::Editor &editor) {
                editor.documents.webhooks.set(QStringLiteral("http://h/%1").arg(i), hook(QString()),
                                              editor.nextVersion());
                return Status::success();
            });
            if (result)
                ++edited;
        });
    }
    for (auto &writer : writers)
        writer.join();
    QCOMPARE(edited.load(), kWriters);
    QCOMPARE(readJson(paths.webhooks).size(), kWriters);
    QCOMPARE(readJson(paths.state).value(QStringLiteral("clock")).toInt(), kWriters);
}

void TestClusterStore::sanitizedDropsWhatWouldBreakANode() {
    ClusterDocuments remote;
    remote.config.set(QStringLiteral("port"), QStringLiteral("not-a-port"), {5, kNodeB});
    remote.config.set(QStringLiteral("log_level"), QStringLiteral("debug"), {6, kNodeB});
    remote.config.set(QStringLiteral("log-level"), QStringLiteral("INFO"), {6, kNodeB});
    remote.config.set(QStringLiteral("future_setting"), 42, {6, kNodeB});
    remote.webhooks.set(QStringLiteral("http://h/huge"), hook(QString()),
                        {ClusterDocuments::kMaxCounter + 1, kNodeB});
    remote.webhooks.set(QStringLiteral("ftp://h/"), hook(QString()), {7, kNodeB});
    remote.webhooks.set(QStringLiteral("http://h/bare"), QStringLiteral("tok"), {7, kNodeB});
    remote.pool.set(kNodeB, QJsonObject(), {8, kNodeB});
    QStringList rejected;
    const ClusterDocuments clean = ClusterDocuments::sanitized(remote, &rejected);
    QCOMPARE(rejected.size(), 5);
    QVERIFY(!clean.config.isLive(QStringLiteral("port")));
    QCOMPARE(clean.config.liveValues().value(QStringLiteral("log_level")).toString(),
             QStringLiteral("DEBUG"));
    QVERIFY(clean.config.isLive(QStringLiteral("future_setting")));
    QVERIFY(!clean.webhooks.isLive(QStringLiteral("http://h/huge")));
    QVERIFY(!clean.webhooks.isLive(QStringLiteral("ftp://h/")));
    // Normalised as the file holds it, so it is not mistaken for a hand edit later.
    QCOMPARE(clean.webhooks.liveValues().value(QStringLiteral("http://h/bare")).toObject(),
             hook(QStringLiteral("tok")));
    QVERIFY(clean.highestCounter() <= ClusterDocuments::kMaxCounter);

    QTemporaryDir dir;
    const EventsPaths paths(dir.path());
    const ClusterStore store(paths, kNodeA);
    QVERIFY(store.edit([&](ClusterStore::Editor &editor) {
        editor.documents.merge(clean);
        return Status::success();
    }));
    const auto reloaded = store.load();
    QVERIFY2(reloaded.ok(), qPrintable(reloaded.error()));
    QCOMPARE(reloaded->webhooks.entries().value(QStringLiteral("http://h/bare")).version.counter,
             quint64(7));
}

void TestClusterStore::aliasSpellingInConfigFileIsCanonicalised() {
    QTemporaryDir dir;
    const EventsPaths paths(dir.path());
    QVERIFY(JsonFile::writeObject(paths.config,
                                  {{QStringLiteral("log-level"), QStringLiteral("DEBUG")}}));
    const ClusterStore store(paths, kNodeA);
    QVERIFY(store.edit([](ClusterStore::Editor &editor) {
        editor.documents.config.remove(QStringLiteral("log_level"), editor.nextVersion());
        return Status::success();
    }));
    QCOMPARE(readJson(paths.config), QJsonObject());
}

void TestClusterStore::originalsConfigValuesAreCanonicalised() {
    QTemporaryDir dir;
    const EventsPaths paths(dir.path());
    QVERIFY(JsonFile::writeAtomically(
        paths.config,
        R"({"log-level": "WARN", "disable-events-log": "enabled", "port": "24010",
            "history_hours": "abc"})"));
    const ClusterStore store(paths, kNodeA);
    const auto documents = store.load();
    QVERIFY2(documents.ok(), qPrintable(documents.error()));
    // Written back canonical; the value that cannot be used is left as the admin wrote it.
    QCOMPARE(readJson(paths.config),
             (QJsonObject{{QStringLiteral("log_level"), QStringLiteral("WARNING")},
                          {QStringLiteral("disable_events_log"), true},
                          {QStringLiteral("port"), 24010},
                          {QStringLiteral("history_hours"), QStringLiteral("abc")}}));
    QVERIFY(documents->config.isLive(QStringLiteral("history_hours")));
    QVERIFY(!documents->shareable().config.isLive(QStringLiteral("history_hours")));
    QVERIFY(documents->shareable().config.isLive(QStringLiteral("log_level")));
    // Nothing counts as a hand edit the next time.
    QCOMPARE(store.load()->toJson(), documents->toJson());
}

void TestClusterStore::skippedWebhookEntrySurvivesEdits() {
    QTemporaryDir dir;
    const EventsPaths paths(dir.path());
    // As the original's CLI and an admin left it.
    const QJsonObject ftp{{QStringLiteral("token"), QStringLiteral("t")},
                          {QStringLiteral("secret"), QString()}};
    QVERIFY(JsonFile::writeObject(paths.webhooks,
                                  {{QStringLiteral("ftp://files.example/drop"), ftp},
                                   {QStringLiteral("http://h/a"), QStringLiteral("tok")},
                                   {QStringLiteral("http://h/odd"), 42}}));
    const ClusterStore store(paths, kNodeA);
    const auto edited = store.edit([](ClusterStore::Editor &editor) {
        editor.documents.webhooks.set(QStringLiteral("http://h/new"), hook(QString()),
                                      editor.nextVersion());
        return Status::success();
    });
    QVERIFY2(edited.ok(), qPrintable(edited.error()));
    const QJsonObject written = readJson(paths.webhooks);
    QCOMPARE(written.size(), 4);
    QCOMPARE(written.value(QStringLiteral("ftp://files.example/drop")), QJsonValue(ftp));
    QCOMPARE(written.value(QStringLiteral("http://h/odd")), QJsonValue(42));
    QCOMPARE(written.value(QStringLiteral("http://h/a")), QJsonValue(hook(QStringLiteral("tok"))));
    for (const QString &url : written.keys())
        QVERIFY(edited->webhooks.isLive(url));
    // And again: still there, with the same versions.
    const auto again = store.load();
    QVERIFY(again.ok());
    QCOMPARE(again->toJson(), edited->toJson());
    QCOMPARE(readJson(paths.webhooks), written);
}

void TestClusterStore::handEditMakingAnEntryUnusableIsNoDeletion() {
    QTemporaryDir dir;
    const EventsPaths paths(dir.path());
    const ClusterStore store(paths, kNodeA);
    QVERIFY(store.edit([](ClusterStore::Editor &editor) {
        editor.documents.webhooks.set(QStringLiteral("http://h/a"), hook(QStringLiteral("1")),
                                      editor.nextVersion());
        return Status::success();
    }));
    const QJsonObject unusable{{QStringLiteral("token"), 5}};
    QVERIFY(JsonFile::writeObject(paths.webhooks, {{QStringLiteral("http://h/a"), unusable}}));
    const auto documents = store.load();
    QVERIFY2(documents.ok(), qPrintable(documents.error()));
    const VersionedEntry entry = documents->webhooks.entries().value(QStringLiteral("http://h/a"));
    QVERIFY(!entry.deleted);
    QCOMPARE(entry.value, QJsonValue(unusable));
    QCOMPARE(readJson(paths.webhooks).value(QStringLiteral("http://h/a")), QJsonValue(unusable));
    // What the peers get has neither the entry nor a deletion of it: they keep theirs.
    const ClusterDocuments shared = documents->shareable();
    QVERIFY(!shared.webhooks.entries().contains(QStringLiteral("http://h/a")));
}

void TestClusterStore::skippedEntryCanBeDeleted() {
    QTemporaryDir dir;
    const EventsPaths paths(dir.path());
    QVERIFY(JsonFile::writeObject(paths.webhooks,
                                  {{QStringLiteral("ftp://files.example/drop"), QString()},
                                   {QStringLiteral("http://h/a"), hook(QString())}}));
    const ClusterStore store(paths, kNodeA);
    const auto deleted = store.edit([](ClusterStore::Editor &editor) {
        if (!editor.documents.webhooks.isLive(QStringLiteral("ftp://files.example/drop")))
            return Status::failure(QStringLiteral("not live"));
        editor.documents.webhooks.remove(QStringLiteral("ftp://files.example/drop"),
                                         editor.nextVersion());
        return Status::success();
    });
    QVERIFY2(deleted.ok(), qPrintable(deleted.error()));
    QCOMPARE(readJson(paths.webhooks).keys(), QStringList{QStringLiteral("http://h/a")});
    // The deletion itself is a change the peers get, so an entry they skip too goes there.
    QVERIFY(deleted->shareable()
                .webhooks.entries()
                .value(QStringLiteral("ftp://files.example/drop"))
                .deleted);
}

void TestClusterStore::onlyWhatPeersAcceptIsSealed() {
    ClusterDocuments local;
    local.webhooks.set(QStringLiteral("http://h/a"), hook(QStringLiteral("t")), {1, kNodeA});
    local.webhooks.set(QStringLiteral("ftp://h/"), hook(QStringLiteral("t")), {2, kNodeA});
    local.webhooks.set(QStringLiteral("http://h/bad-token"),
                       QJsonObject{{QStringLiteral("token"), 5}}, {3, kNodeA});
    local.webhooks.set(QStringLiteral("http://h/number"), 42, {4, kNodeA});
    local.config.set(QStringLiteral("port"), QStringLiteral("abc"), {5, kNodeA});
    local.config.set(QStringLiteral("log_level"), QStringLiteral("DEBUG"), {6, kNodeA});
    const SecretBox box(QByteArray(32, 'k'));
    const ClusterDocuments sealed = DocumentSecrets::seal(local, box);
    QCOMPARE(sealed.webhooks.entries().keys(), QStringList{QStringLiteral("http://h/a")});
    QCOMPARE(sealed.config.entries().keys(), QStringList{QStringLiteral("log_level")});
    const auto opened = DocumentSecrets::open(sealed, box);
    QVERIFY2(opened.ok(), qPrintable(opened.error()));
    QCOMPARE(opened->webhooks.liveValues().value(QStringLiteral("http://h/a")),
             QJsonValue(hook(QStringLiteral("t"))));
}

QTEST_GUILESS_MAIN(TestClusterStore)
#include "tst_clusterstore.moc"

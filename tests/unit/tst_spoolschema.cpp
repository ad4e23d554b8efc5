// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// The spool's schema version: a spool written by each older version (the committed fixtures in
// tests/fixtures/spool/, made with that version's own statements) opens with every event,
// position, attempt and dead letter; a newer one is refused and left as it was.
#include "spoolfile.h"
#include "spoolschema.h"
#include "sqlitespool.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {

constexpr qint64 kNoLimit = qint64(1) << 40;

// Builds `path` from a fixture's SQL, one statement per line (comment lines skipped).
bool buildFrom(const QString &fixture, const QString &path) {
    QFile sql(QStringLiteral(SPOOL_FIXTURES) + u'/' + fixture);
    if (!sql.open(QIODevice::ReadOnly | QIODevice::Text))
        return false;
    bool ok = true;
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("fixture"));
        db.setDatabaseName(path);
        ok = db.open();
        QSqlQuery query(db);
        for (const QByteArray &line : sql.readAll().split('\n')) {
            if (!ok || line.trimmed().isEmpty() || line.startsWith("--"))
                continue;
            ok = query.exec(QString::fromUtf8(line));
            if (!ok)
                qWarning("%s: %s", line.constData(), qPrintable(query.lastError().text()));
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("fixture"));
    return ok;
}

QByteArray checksum(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

} // namespace

class TestSpoolSchema : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void newSpoolHasTheCurrentVersion();
    void versionOneSpoolKeepsItsEventsAndPositions();
    void versionTwoSpoolKeepsEventsHistoryAndDeadLetters();
    void newerSpoolIsRefusedAndLeftAsItWas();
};

void TestSpoolSchema::newSpoolHasTheCurrentVersion() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("spool.db"));
    {
        auto spool = SqliteSpool::open(path, "t-");
        QVERIFY2(spool.ok(), qPrintable(spool.error()));
    }
    QCOMPARE(readSpoolInteger(path, QStringLiteral("PRAGMA user_version")),
             qint64(SpoolSchema::kVersion));
}

void TestSpoolSchema::versionOneSpoolKeepsItsEventsAndPositions() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("spool.db"));
    QVERIFY(buildFrom(QStringLiteral("v1.sql"), path));
    {
        auto spool = SqliteSpool::open(path, "t-");
        QVERIFY2(spool.ok(), qPrintable(spool.error()));
        QCOMPARE((*spool)->lastSeq(), quint64(3));
        QCOMPARE((*spool)->position(QStringLiteral("http://a/")), quint64(1));
        QCOMPARE((*spool)->position(QStringLiteral("http://b/")), quint64(0));
        const QueuedEventBatch waiting = (*spool)->readAfter(0, 10);
        QCOMPARE(waiting.size(), size_t(3));
        QCOMPARE(waiting[1].type, QStringLiteral("VOLUME_START"));
        QCOMPARE(waiting[1].id, QByteArray("v1-2"));
        QVERIFY(waiting[2].body.contains("VOLUME_STOP"));
        // What it gained can be used at once: history is recorded.
        QVERIFY((*spool)->attempts(QString(), false, 10).ok());
    }
    QCOMPARE(readSpoolInteger(path, QStringLiteral("PRAGMA user_version")),
             qint64(SpoolSchema::kVersion));
}

void TestSpoolSchema::versionTwoSpoolKeepsEventsHistoryAndDeadLetters() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("spool.db"));
    QVERIFY(buildFrom(QStringLiteral("v2.sql"), path));
    {
        auto spool = SqliteSpool::open(path, "t-");
        QVERIFY2(spool.ok(), qPrintable(spool.error()));
        QCOMPARE((*spool)->lastSeq(), quint64(3));
        QCOMPARE((*spool)->position(QStringLiteral("http://a/")), quint64(2));
        QCOMPARE((*spool)->position(QStringLiteral("http://b/")), quint64(1));
        QCOMPARE((*spool)->readAfter(1, 10).size(), size_t(2));
        const auto attempts = (*spool)->attempts(QString(), false, 10);
        QVERIFY2(attempts.ok(), qPrintable(attempts.error()));
        QCOMPARE(attempts->size(), 3);
        QCOMPARE((*spool)->attempts(QStringLiteral("http://b/"), true, 10)->size(), 1);
        bool partial = false;
        const auto replayed =
            (*spool)->replay(QStringLiteral("http://b/"), 0, true, {}, kNoLimit, &partial);
        QVERIFY2(replayed.ok(), qPrintable(replayed.error()));
        QCOMPARE(*replayed, 1);
        QVERIFY((*spool)->flush());
    }
    QCOMPARE(readSpoolInteger(path, QStringLiteral("PRAGMA user_version")),
             qint64(SpoolSchema::kVersion));
    QCOMPARE(
        readSpoolInteger(path, QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE name = "
                                              "'events_by_id'")),
        qint64(0));
}

void TestSpoolSchema::newerSpoolIsRefusedAndLeftAsItWas() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("spool.db"));
    QVERIFY(buildFrom(QStringLiteral("v2.sql"), path));
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("later"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery(db).exec(
            QStringLiteral("PRAGMA user_version = %1").arg(SpoolSchema::kVersion + 1));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("later"));
    const QByteArray before = checksum(path);
    const auto spool = SqliteSpool::open(path, "t-");
    QVERIFY(!spool.ok());
    QVERIFY2(spool.error().contains(u"newer than this glustereventsd"), qPrintable(spool.error()));
    QVERIFY2(spool.error().contains(path), qPrintable(spool.error()));
    QCOMPARE(checksum(path), before);
    QVERIFY(!QFile::exists(path + QStringLiteral("-wal")) ||
            QFile(path + QStringLiteral("-wal")).size() == 0);
}

QTEST_GUILESS_MAIN(TestSpoolSchema)
#include "tst_spoolschema.moc"

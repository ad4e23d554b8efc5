// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "eventspaths.h"
#include "nodeidentity.h"
#include "testfiles.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <memory>

namespace {

const QString kGlusterdUuid = QStringLiteral("95cd599c-5d87-43c1-8fba-b12821fd41b6");

// A fixed past mtime, so that any rewrite of the file would show.
bool backdate(const QString &path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) &&
           file.setFileTime(QDateTime::fromSecsSinceEpoch(1468303352, Qt::UTC),
                            QFileDevice::FileModificationTime);
}

QDateTime mtimeOf(const QString &path) {
    return QFileInfo(path).fileTime(QFileDevice::FileModificationTime);
}

bool isCanonicalUuid(const QString &text) {
    const QUuid uuid = QUuid::fromString(text);
    return !uuid.isNull() && uuid.toString(QUuid::WithoutBraces) == text;
}

} // namespace

class TestNodeIdentity : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void usesUuidLineOfGlusterdInfoWithoutWritingIt();
    void createsNodeIdWithoutGlusterdInfo();
    void reusesExistingNodeId();
    void rejectsCorruptNodeId_data();
    void rejectsCorruptNodeId();
    void fallsBackToNodeIdWhenGlusterdInfoHasNoUuid();
    void rejectsInvalidUuidInGlusterdInfo();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<EventsPaths> m_paths;
};

void TestNodeIdentity::init() {
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_paths = std::make_unique<EventsPaths>(m_dir->path());
}

void TestNodeIdentity::usesUuidLineOfGlusterdInfoWithoutWritingIt() {
    const QByteArray info = "operating-version=90000\nUUID=" + kGlusterdUuid.toLatin1() +
                            "\ntransport.address-family=inet\n";
    QVERIFY(writeFile(m_paths->glusterdInfo, info));
    QVERIFY(backdate(m_paths->glusterdInfo));
    const QDateTime mtime = mtimeOf(m_paths->glusterdInfo);

    for (int call = 0; call < 2; ++call) {
        const auto id = NodeIdentity::load(*m_paths);
        QVERIFY2(id.ok(), qPrintable(id.error()));
        QCOMPARE(*id, kGlusterdUuid);
    }

    QCOMPARE(readFile(m_paths->glusterdInfo), info);
    QCOMPARE(mtimeOf(m_paths->glusterdInfo), mtime);
    QVERIFY(!QFileInfo::exists(m_paths->nodeId));
    // Nothing else in the workdir was written either.
    QCOMPARE(
        QDir(m_paths->workdir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
        QStringList{QStringLiteral("glusterd.info")});
}

void TestNodeIdentity::createsNodeIdWithoutGlusterdInfo() {
    const auto first = NodeIdentity::load(*m_paths);
    QVERIFY2(first.ok(), qPrintable(first.error()));
    QVERIFY2(isCanonicalUuid(*first), qPrintable(*first));
    QVERIFY(QFileInfo(m_paths->nodeId).isFile());
    QCOMPARE(readFile(m_paths->nodeId).trimmed(), first->toLatin1());
    QVERIFY(!QFileInfo::exists(m_paths->glusterdInfo));

    QVERIFY(backdate(m_paths->nodeId));
    const QDateTime mtime = mtimeOf(m_paths->nodeId);
    const auto second = NodeIdentity::load(*m_paths);
    QVERIFY2(second.ok(), qPrintable(second.error()));
    QCOMPARE(*second, *first);
    QCOMPARE(mtimeOf(m_paths->nodeId), mtime);

    // A different work dir is a different node.
    QTemporaryDir other;
    const auto elsewhere = NodeIdentity::load(EventsPaths(other.path()));
    QVERIFY2(elsewhere.ok(), qPrintable(elsewhere.error()));
    QVERIFY(*elsewhere != *first);
}

void TestNodeIdentity::reusesExistingNodeId() {
    const QString known = QStringLiteral("0d3f1c3e-7a0b-4b8e-9a53-2f1f6f0c9e11");
    QVERIFY(QDir().mkpath(m_paths->eventsDir));
    QVERIFY(writeFile(m_paths->nodeId, known.toLatin1() + "\n"));
    const auto id = NodeIdentity::load(*m_paths);
    QVERIFY2(id.ok(), qPrintable(id.error()));
    QCOMPARE(*id, known);
    QCOMPARE(readFile(m_paths->nodeId), QByteArray(known.toLatin1() + "\n"));
}

void TestNodeIdentity::rejectsCorruptNodeId_data() {
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("garbage") << QByteArrayLiteral("not a uuid\n");
    QTest::newRow("empty") << QByteArray("");
    QTest::newRow("truncated uuid") << QByteArrayLiteral("95cd599c-5d87-43c1-8fba\n");
    QTest::newRow("uuid with braces")
        << QByteArrayLiteral("{95cd599c-5d87-43c1-8fba-b12821fd41b6}");
    QTest::newRow("binary") << QByteArrayLiteral("\x00\xff\x01");
}

void TestNodeIdentity::rejectsCorruptNodeId() {
    QFETCH(QByteArray, content);
    QVERIFY(QDir().mkpath(m_paths->eventsDir));
    QVERIFY(writeFile(m_paths->nodeId, content));
    const auto id = NodeIdentity::load(*m_paths);
    QVERIFY(!id.ok());
    QVERIFY2(id.error().contains(m_paths->nodeId), qPrintable(id.error()));
    // The file is left for the admin to look at, not silently replaced.
    QCOMPARE(readFile(m_paths->nodeId), content);
}

void TestNodeIdentity::fallsBackToNodeIdWhenGlusterdInfoHasNoUuid() {
    const QByteArray info = QByteArrayLiteral("operating-version=90000\nuuid-ish=nope\n");
    QVERIFY(writeFile(m_paths->glusterdInfo, info));
    QVERIFY(backdate(m_paths->glusterdInfo));
    const QDateTime mtime = mtimeOf(m_paths->glusterdInfo);

    const auto first = NodeIdentity::load(*m_paths);
    QVERIFY2(first.ok(), qPrintable(first.error()));
    QVERIFY2(isCanonicalUuid(*first), qPrintable(*first));
    QCOMPARE(readFile(m_paths->nodeId).trimmed(), first->toLatin1());

    const auto second = NodeIdentity::load(*m_paths);
    QVERIFY2(second.ok(), qPrintable(second.error()));
    QCOMPARE(*second, *first);

    QCOMPARE(readFile(m_paths->glusterdInfo), info);
    QCOMPARE(mtimeOf(m_paths->glusterdInfo), mtime);
}

void TestNodeIdentity::rejectsInvalidUuidInGlusterdInfo() {
    QVERIFY(writeFile(m_paths->glusterdInfo, "UUID=not-a-uuid\n"));
    const auto id = NodeIdentity::load(*m_paths);
    QVERIFY(!id.ok());
    QVERIFY2(id.error().contains(m_paths->glusterdInfo), qPrintable(id.error()));
    QVERIFY(!QFileInfo::exists(m_paths->nodeId));
}

QTEST_GUILESS_MAIN(TestNodeIdentity)
#include "tst_nodeidentity.moc"

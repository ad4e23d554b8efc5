// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// The pool: this node, glusterd's peers and the members added with peer-add, each UUID once.
#include "pool.h"
#include "testfiles.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kSelf = QStringLiteral("11111111-1111-1111-1111-111111111111");
const QString kGlusterPeer = QStringLiteral("22222222-2222-2222-2222-222222222222");
const QString kAdded = QStringLiteral("33333333-3333-3333-3333-333333333333");

} // namespace

class TestPool : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void selfFirstThenGlusterdPeersThenAdded();
    void selfIsLocalhostWhateverAddressItWasAddedUnder();
    void deletedAndDuplicateMembersLeftOut();
    void unreadableOrIncompletePeerFilesIgnored();
    void findsByHostOrUuid();
};

void TestPool::selfFirstThenGlusterdPeersThenAdded() {
    QTemporaryDir dir;
    QVERIFY(writeFile(dir.filePath(kGlusterPeer),
                      "uuid=" + kGlusterPeer.toUtf8() + "\nstate=3\nhostname1=gluster2.example\n"));
    VersionedDocument pool;
    pool.set(kAdded, QJsonObject{{QStringLiteral("host"), QStringLiteral("node3")}}, {1, kSelf});
    const QList<PoolMember> members =
        Pool::members(dir.path(), kSelf, QStringLiteral("node1"), pool);
    QCOMPARE(members.size(), 3);
    QCOMPARE(members[0].displayName(), QStringLiteral("localhost"));
    QVERIFY(members[0].isSelf);
    QCOMPARE(members[1].host, QStringLiteral("gluster2.example"));
    QCOMPARE(members[1].nodeId, kGlusterPeer);
    QCOMPARE(members[2].displayName(), QStringLiteral("node3"));
}

void TestPool::selfIsLocalhostWhateverAddressItWasAddedUnder() {
    VersionedDocument pool;
    pool.set(kSelf, QJsonObject{{QStringLiteral("host"), QStringLiteral("10.0.0.1")}}, {1, kAdded});
    const QList<PoolMember> members =
        Pool::members(QStringLiteral("/nonexistent"), kSelf, QStringLiteral("node1"), pool);
    QCOMPARE(members.size(), 1);
    QCOMPARE(members[0].displayName(), QStringLiteral("localhost"));
}

void TestPool::deletedAndDuplicateMembersLeftOut() {
    QTemporaryDir dir;
    QVERIFY(writeFile(dir.filePath(QStringLiteral("p")),
                      "uuid=" + kAdded.toUtf8() + "\nhostname1=from-glusterd\n"));
    VersionedDocument pool;
    pool.set(kAdded, QJsonObject{{QStringLiteral("host"), QStringLiteral("from-peer-add")}},
             {1, kSelf});
    pool.remove(kGlusterPeer, {2, kSelf});
    const QList<PoolMember> members = Pool::members(dir.path(), kSelf, QStringLiteral("n"), pool);
    QCOMPARE(members.size(), 2);
    QCOMPARE(members[1].host, QStringLiteral("from-glusterd"));
}

void TestPool::unreadableOrIncompletePeerFilesIgnored() {
    QTemporaryDir dir;
    QVERIFY(writeFile(dir.filePath(QStringLiteral("no-host")), "uuid=" + kAdded.toUtf8() + "\n"));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("no-uuid")), "hostname1=x\n"));
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("a-directory")));
    QCOMPARE(Pool::members(dir.path(), kSelf, QStringLiteral("n"), VersionedDocument()).size(), 1);
}

void TestPool::findsByHostOrUuid() {
    VersionedDocument pool;
    pool.set(kAdded, QJsonObject{{QStringLiteral("host"), QStringLiteral("node3")}}, {1, kSelf});
    const QList<PoolMember> members =
        Pool::members(QStringLiteral("/nonexistent"), kSelf, QStringLiteral("node1"), pool);
    QCOMPARE(Pool::find(members, QStringLiteral("node3"))->nodeId, kAdded);
    QCOMPARE(Pool::find(members, kAdded.toUpper())->host, QStringLiteral("node3"));
    QVERIFY(!Pool::find(members, QStringLiteral("nowhere")));
}

QTEST_GUILESS_MAIN(TestPool)
#include "tst_pool.moc"

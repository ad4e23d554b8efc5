// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// The cluster key on a glusterd pool (decision 017), with real daemons whose work dirs look
// like glusterd's (glusterd.info, peers/). glusterd's own copy is what the three-node Gluster
// test in tests/gluster runs for real; here it is done the way glusterd does it (a 0644 file),
// and the daemons find no `gluster` CLI, so what they decide is seen in their logs.
#include "cliprocess.h"
#include "daemonprocess.h"
#include "testfiles.h"
#include "webhookreceiver.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

const QString kAddressA = QStringLiteral("127.0.0.51");
const QString kAddressB = QStringLiteral("127.0.0.52");
const QString kUuidA = QStringLiteral("22222222-2222-4222-8222-222222222222");
const QString kUuidB = QStringLiteral("11111111-1111-4111-8111-111111111111");
constexpr int kWaitMs = 30'000;

QString fingerprintOf(const QByteArray &key) {
    return QString::fromLatin1(
        QCryptographicHash::hash(key.trimmed(), QCryptographicHash::Sha256).toHex().left(8));
}

// The node's work dir as glusterd leaves it: its UUID, and one peer file per other node.
void makeGlusterdNode(const DaemonProcess &node, const QString &uuid, const QString &peerUuid,
                      const QString &peerHost) {
    QVERIFY(writeFile(node.workdir() + QStringLiteral("/glusterd.info"),
                      "UUID=" + uuid.toLatin1() + "\noperating-version=100000\n"));
    QVERIFY(writeFile(node.workdir() + QStringLiteral("/peers/") + peerUuid,
                      "uuid=" + peerUuid.toLatin1() +
                          "\nstate=3\nhostname1=" + peerHost.toLatin1() + "\n"));
}

QJsonObject ping(const DaemonProcess &node) {
    QTcpSocket socket;
    socket.connectToHost(QHostAddress(node.listenAddress()), node.port());
    if (!socket.waitForConnected(5'000))
        return {};
    socket.write("GET /v1/ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QByteArray received;
    while (socket.waitForReadyRead(5'000))
        received += socket.readAll();
    return QJsonDocument::fromJson(received.mid(received.indexOf("\r\n\r\n") + 4)).object();
}

QString keyFingerprintOnPing(const DaemonProcess &node) {
    return ping(node)
        .value(QStringLiteral("cluster_key"))[QStringLiteral("fingerprint")]
        .toString();
}

std::unique_ptr<DaemonProcess> poolNode(const QString &address, quint16 port) {
    auto node = std::make_unique<DaemonProcess>(address, port);
    // No gluster CLI: a decision to send the key shows as a failed attempt in the log.
    node->setEnvironmentVariable(QStringLiteral("GLUSTER_CLI"),
                                 QStringLiteral("/nonexistent/gluster"));
    return node;
}

} // namespace

class TestKeyBootstrap : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void keylessPoolNodeWaitsDeliversAndAdoptsTheKeyGlusterdBrings();
    void twoKeysInUseAreReportedAndNeitherReplaced();
    void withDistributionOffANodeMakesItsOwnKey();
    void emptyKeyFileOnAPoolNodeIsWaitedForNotFatal();
};

void TestKeyBootstrap::keylessPoolNodeWaitsDeliversAndAdoptsTheKeyGlusterdBrings() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    const quint16 port = freePortOnAll({kAddressA, kAddressB});
    auto a = poolNode(kAddressA, port);
    auto b = poolNode(kAddressB, port);
    makeGlusterdNode(*a, kUuidA, kUuidB, kAddressB);
    makeGlusterdNode(*b, kUuidB, kUuidA, kAddressA);
    const QByteArray keyOfB(64, 'b');
    QVERIFY(writeFile(b->eventsDir() + QStringLiteral("/cluster.key"), keyOfB + '\n'));
    a->writeWebhooks({{receiver.url(), QJsonObject{{QStringLiteral("token"), QString()}}}});

    QVERIFY(b->start());
    QVERIFY(a->start());
    // A node with peers makes no key of its own; B, which has one, decides to send it.
    QVERIFY(a->waitForLog("no cluster key yet", kWaitMs));
    QVERIFY(b->waitForLog("cannot send the cluster key to the pool", kWaitMs));
    QVERIFY(!QFile::exists(a->eventsDir() + QStringLiteral("/cluster.key")));
    const QJsonObject waiting = ping(*a);
    QCOMPARE(waiting.value(QStringLiteral("cluster_key"))[QStringLiteral("fingerprint")].toString(),
             QString());
    QVERIFY(waiting.value(QStringLiteral("warning")).toString().contains(u"no cluster key yet"));

    // Events do not wait for the key.
    QVERIFY(a->sendDatagram("1468303352 VOLUME_CREATE name=gv0"));
    QVERIFY(receiver.waitForRequests(1, kWaitMs));

    // The CLI on that node says what it waits for instead of making a key of its own; status,
    // which needs no key, shows it.
    const CliRun early = runCli(*a, {QStringLiteral("webhook-add"), receiver.url() + u"/2"});
    QVERIFY(early.exitCode != 0);
    QVERIFY2(early.err.contains("has not arrived yet"), early.err.constData());
    QVERIFY(!QFile::exists(a->eventsDir() + QStringLiteral("/cluster.key")));
    const CliRun waitingStatus = runCli(*a, {QStringLiteral("status")});
    QVERIFY2(waitingStatus.exitCode == 0, waitingStatus.err.constData());
    QVERIFY2(waitingStatus.out.contains("UP (no cluster key yet"), waitingStatus.out.constData());

    // What `gluster system:: copy file /events/cluster.key` leaves on a peer: the file, 0644.
    QVERIFY(writeFile(a->eventsDir() + QStringLiteral("/cluster.key"), keyOfB + '\n'));
    QFile::setPermissions(a->eventsDir() + QStringLiteral("/cluster.key"),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                              QFileDevice::ReadGroup | QFileDevice::ReadOther);
    const QByteArray changed = "cluster key changed to " + fingerprintOf(keyOfB).toLatin1();
    QVERIFY(a->waitForLog(changed, kWaitMs));
    QCOMPARE(QFileInfo(a->eventsDir() + QStringLiteral("/cluster.key")).permissions() & 0077,
             QFileDevice::Permissions());
    QCOMPARE(keyFingerprintOnPing(*a), fingerprintOf(keyOfB));

    // A key that came from a file is in use on A; B, having seen A hold it, counts it in use.
    QVERIFY(ping(*a).value(QStringLiteral("cluster_key"))[QStringLiteral("in_use")].toBool());
    QVERIFY(!QFile::exists(a->eventsDir() + QStringLiteral("/cluster.key.minted")));

    const CliRun status = runCli(*a, {QStringLiteral("status")});
    QVERIFY2(status.exitCode == 0, QByteArray(status.out + status.err).constData());
    QVERIFY2(!status.out.contains("differs"), status.out.constData());
    QVERIFY2(!status.out.contains("no cluster key"), status.out.constData());
}

void TestKeyBootstrap::twoKeysInUseAreReportedAndNeitherReplaced() {
    const quint16 port = freePortOnAll({kAddressA, kAddressB});
    auto a = poolNode(kAddressA, port);
    auto b = poolNode(kAddressB, port);
    makeGlusterdNode(*a, kUuidA, kUuidB, kAddressB);
    makeGlusterdNode(*b, kUuidB, kUuidA, kAddressA);
    const QByteArray keyOfA(64, 'a');
    const QByteArray keyOfB(64, 'b');
    // Each key in use: put there by hand (as when the keys were copied before, or while the
    // admin changes the key on one node after another).
    for (const auto &[node, key] : {std::pair{a.get(), keyOfA}, std::pair{b.get(), keyOfB}})
        QVERIFY(writeFile(node->eventsDir() + QStringLiteral("/cluster.key"), key + '\n'));
    QVERIFY(a->start());
    QVERIFY(b->start());

    const QByteArray conflict = "uses cluster key " + fingerprintOf(keyOfB).toLatin1();
    const QByteArray conflictOfB = "uses cluster key " + fingerprintOf(keyOfA).toLatin1();
    QVERIFY(a->waitForLog(conflict, kWaitMs));
    QVERIFY(a->log().contains("gluster system:: copy file /events/cluster.key"));
    QVERIFY(b->waitForLog(conflictOfB, kWaitMs));
    QVERIFY(!a->log().contains("cannot send the cluster key"));
    QVERIFY(!b->log().contains("cannot send the cluster key"));

    const CliRun status = runCli(*a, {QStringLiteral("status")});
    const QByteArray differs = "cluster key " + fingerprintOf(keyOfB).toLatin1() +
                               " differs from this node's " + fingerprintOf(keyOfA).toLatin1();
    QVERIFY2(status.out.contains(differs), status.out.constData());
    QCOMPARE(a->readEventsFile(QStringLiteral("cluster.key")).trimmed(), keyOfA);
    QCOMPARE(b->readEventsFile(QStringLiteral("cluster.key")).trimmed(), keyOfB);
}

void TestKeyBootstrap::withDistributionOffANodeMakesItsOwnKey() {
    const quint16 port = freePortOnAll({kAddressA, kAddressB});
    auto a = poolNode(kAddressA, port);
    makeGlusterdNode(*a, kUuidA, kUuidB, kAddressB);
    a->writeConfig({{QStringLiteral("cluster-key-distribution"), false}});
    QVERIFY(a->start());
    QCOMPARE(a->readEventsFile(QStringLiteral("cluster.key")).trimmed().size(), 64);
    QVERIFY(!a->log().contains("no cluster key yet"));
}

void TestKeyBootstrap::emptyKeyFileOnAPoolNodeIsWaitedForNotFatal() {
    // What a copy from glusterd cut short (a full disk) leaves: the node starts and waits.
    const quint16 port = freePortOnAll({kAddressA, kAddressB});
    auto a = poolNode(kAddressA, port);
    makeGlusterdNode(*a, kUuidA, kUuidB, kAddressB);
    QVERIFY(writeFile(a->eventsDir() + QStringLiteral("/cluster.key"), QByteArray()));
    QVERIFY(a->start());
    QVERIFY(a->waitForLog("no cluster key yet", kWaitMs));
    QVERIFY(a->log().contains("is empty"));
    // The directory glusterd writes the key into (0644) is private.
    QCOMPARE(QFileInfo(a->eventsDir()).permissions() & 0077, QFileDevice::Permissions());
}

QTEST_GUILESS_MAIN(TestKeyBootstrap)
#include "tst_keybootstrap.moc"

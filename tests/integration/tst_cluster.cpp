// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// The cluster as an admin sees it: three real daemons on 127.0.0.6-8 sharing one port, and the
// real gluster-eventsapi binary (docs/contract.md: gluster-eventsapi, the cluster).
#include "cliprocess.h"
#include "controlenvelope.h"
#include "daemonprocess.h"
#include "webhookreceiver.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QTcpSocket>
#include <QTest>

#include <memory>

namespace {

const QStringList kAddresses = {QStringLiteral("127.0.0.6"), QStringLiteral("127.0.0.7"),
                                QStringLiteral("127.0.0.8")};
constexpr int kWaitMs = 20'000;

struct Cluster {
    quint16 port = 0;
    std::vector<std::unique_ptr<DaemonProcess>> nodes;

    DaemonProcess &node(int i) { return *nodes.at(size_t(i)); }
};

// Three daemons with one cluster key; the pool is formed with peer-add from the first.
std::unique_ptr<Cluster> startCluster(bool formPool = true) {
    auto cluster = std::make_unique<Cluster>();
    cluster->port = freePortOnAll(kAddresses);
    for (const QString &address : kAddresses)
        cluster->nodes.push_back(std::make_unique<DaemonProcess>(address, cluster->port));
    if (!cluster->node(0).start())
        return nullptr;
    for (int i = 1; i < 3; ++i) {
        cluster->node(i).copyClusterKeyFrom(cluster->node(0));
        if (!cluster->node(i).start())
            return nullptr;
    }
    if (formPool) {
        for (int i = 1; i < 3; ++i) {
            const CliRun run =
                runCli(cluster->node(0), {QStringLiteral("peer-add"), kAddresses[i]});
            if (run.exitCode != 0) {
                qWarning("peer-add failed: %s %s", run.out.constData(), run.err.constData());
                return nullptr;
            }
        }
    }
    return cluster;
}

QJsonObject jsonOf(const QByteArray &text) {
    return QJsonDocument::fromJson(text).object();
}

QJsonObject webhooksOf(const DaemonProcess &node) {
    return jsonOf(node.readEventsFile(QStringLiteral("webhooks.json")));
}

// A raw HTTP/1.1 request to a node's control port; returns the status code (0 if none).
int rawRequest(const QString &address, quint16 port, const QByteArray &request,
               QByteArray *response = nullptr) {
    QTcpSocket socket;
    socket.connectToHost(QHostAddress(address), port);
    if (!socket.waitForConnected(5'000))
        return 0;
    socket.write(request);
    QByteArray received;
    while (!received.contains("\r\n\r\n") && socket.waitForReadyRead(10'000))
        received += socket.readAll();
    while (socket.waitForReadyRead(300))
        received += socket.readAll();
    if (response)
        *response = received;
    return received.startsWith("HTTP/1.1 ") ? received.mid(9, 3).toInt() : 0;
}

// A request sealed for the node at `address` (its UUID and boot id asked on /v1/ping first), as
// raw HTTP; `nonce` gets what its answer is sealed for.
QByteArray sealedRequest(const QByteArray &key, const QString &address, quint16 port,
                         const QByteArray &method, const QByteArray &path, const QByteArray &body,
                         qint64 now, QByteArray *nonce = nullptr) {
    QByteArray ping;
    rawRequest(address, port, "GET /v1/ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
               &ping);
    const QJsonObject node = jsonOf(ping.mid(ping.indexOf("\r\n\r\n") + 4));
    const ControlEnvelope::Request inner{method,
                                         path,
                                         body,
                                         now,
                                         ControlEnvelope::freshNonce(),
                                         node.value(QStringLiteral("nodeid")).toString(),
                                         node.value(QStringLiteral("boot")).toString()};
    if (nonce)
        *nonce = inner.nonce;
    const QByteArray sealed = ControlEnvelope::Sealer(key).sealRequest(inner);
    return "POST " + QByteArray(ControlEnvelope::kPath) +
           " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: " +
           QByteArray::number(sealed.size()) + "\r\n\r\n" + sealed;
}

// The status inside a sealed answer (0 if it does not open); other answers' own status.
int answeredStatus(const QByteArray &key, const QByteArray &response, const QByteArray &nonce,
                   QByteArray *body = nullptr) {
    const int outer = response.startsWith("HTTP/1.1 ") ? response.mid(9, 3).toInt() : 0;
    if (outer != 200)
        return outer;
    const auto opened = ControlEnvelope::Sealer(key).openResponse(
        response.mid(response.indexOf("\r\n\r\n") + 4), nonce);
    if (!opened)
        return 0;
    if (body)
        *body = opened->body;
    return opened->status;
}

} // namespace

class TestCluster : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void walkthroughOfTheDocs();
    void exitCodesOfRefusals();
    void jsonShapes();
    void partialSuccessThenSyncAndCatchUp();
    void noNodeReachedExitsThree();
    void concurrentChangesOnTwoNodesAreBothKept();
    void eightConcurrentAddsOnOneNode();
    void handEditIsKeptAndSynced();
    void skippedEntryStaysOnItsNodeAndSyncStillWorks();
    void nodeWithAnotherKeyIsRefusedAndUnchanged();
    void unauthenticatedStaleAndReplayedRequestsRefused();
    void oversizeAndSlowRequestsCutOff();
    void secretsNeverShownOrSentInClear();
    void peerDelRemovesFromPool();
    void filterSendsOnlyWantedEvents();
    void eventsFollowsEveryNodeUntilInterrupted();
};

void TestCluster::walkthroughOfTheDocs() {
    auto cluster = startCluster();
    QVERIFY(cluster);
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());

    const CliRun test =
        runCli(cluster->node(0), {QStringLiteral("webhook-test"), receiver.url()}, true);
    QCOMPARE(test.exitCode, 0);
    QVERIFY(test.out.contains("| NODE STATUS | WEBHOOK STATUS |"));
    QVERIFY(receiver.waitForRequests(3, kWaitMs));
    QCOMPARE(receiver.requests().at(0).body, QByteArray("null"));
    receiver.clear();

    const CliRun add = runCli(cluster->node(0), {QStringLiteral("webhook-add"), receiver.url(),
                                                 QStringLiteral("-t"), QStringLiteral("tok")});
    QCOMPARE(add.exitCode, 0);
    QVERIFY2(add.out.contains("| localhost |          UP |          OK |"), add.out.constData());
    QVERIFY(add.out.contains("| 127.0.0.7 |          UP |          OK |"));
    for (int i = 0; i < 3; ++i)
        QVERIFY(webhooksOf(cluster->node(i)).contains(receiver.url()));

    // An event on the third node reaches the webhook registered from the first.
    QVERIFY(cluster->node(2).sendDatagram("1468303352 VOLUME_CREATE name=gv1"));
    QVERIFY(receiver.waitForRequests(1, kWaitMs));
    QCOMPARE(receiver.requests().at(0).headers.value("authorization"), QByteArray("Bearer tok"));

    const CliRun status = runCli(cluster->node(1), {QStringLiteral("status")});
    QCOMPARE(status.exitCode, 0);
    const QByteArray expectedHead = "Webhooks:\n" + receiver.url().toUtf8() + "\n\n";
    QVERIFY2(status.out.startsWith(expectedHead), status.out.constData());
    QVERIFY(status.out.contains("| localhost |          UP |                    UP |"));
    QVERIFY(status.out.contains("| 127.0.0.6 |          UP |                    UP |"));

    const CliRun pool = runCli(cluster->node(2), {QStringLiteral("pool-list")});
    QCOMPARE(pool.exitCode, 0);
    QCOMPARE(pool.out.count("|     UP |"), 3);
    QVERIFY(pool.out.contains(cluster->node(2).nodeId().toUtf8()));

    const CliRun set =
        runCli(cluster->node(0), {QStringLiteral("config-set"), QStringLiteral("log-level"),
                                  QStringLiteral("DEBUG")});
    QCOMPARE(set.exitCode, 0);
    const CliRun get =
        runCli(cluster->node(2), {QStringLiteral("config-get"), QStringLiteral("--name"),
                                  QStringLiteral("log_level")});
    QCOMPARE(get.exitCode, 0);
    QVERIFY2(get.out.contains("| log_level | DEBUG |"), get.out.constData());
    const CliRun reset =
        runCli(cluster->node(1), {QStringLiteral("config-reset"), QStringLiteral("all")});
    QCOMPARE(reset.exitCode, 0);
    QCOMPARE(runCli(cluster->node(2), {QStringLiteral("config-get"), QStringLiteral("--name"),
                                       QStringLiteral("log_level")})
                 .out.contains("INFO"),
             true);

    const CliRun port =
        runCli(cluster->node(0), {QStringLiteral("config-set"), QStringLiteral("port"),
                                  QString::number(cluster->port + 1)});
    QCOMPARE(port.exitCode, 0);
    QVERIFY2(port.err.contains("restarted"), port.err.constData());
    // daemon.json still says where the daemon listens, so the CLI still reaches it.
    QCOMPARE(runCli(cluster->node(0), {QStringLiteral("reload")}).exitCode, 0);

    const CliRun del = runCli(cluster->node(2), {QStringLiteral("webhook-del"), receiver.url()});
    QCOMPARE(del.exitCode, 0);
    for (int i = 0; i < 3; ++i)
        QVERIFY(webhooksOf(cluster->node(i)).isEmpty());
}

void TestCluster::exitCodesOfRefusals() {
    auto cluster = startCluster();
    QVERIFY(cluster);
    DaemonProcess &node = cluster->node(0);
    const QString url = QStringLiteral("http://127.0.0.1:9/hook");
    QCOMPARE(runCli(node, {QStringLiteral("webhook-add"), url}).exitCode, 0);
    const CliRun again = runCli(node, {QStringLiteral("webhook-add"), url});
    QCOMPARE(again.exitCode, 5);
    QCOMPARE(again.err.count('\n'), 1);
    QCOMPARE(runCli(node, {QStringLiteral("webhook-mod"), url + u'x', QStringLiteral("-t"),
                           QStringLiteral("t")})
                 .exitCode,
             6);
    QCOMPARE(runCli(node, {QStringLiteral("webhook-del"), url + u'x'}).exitCode, 6);
    QCOMPARE(runCli(node, {QStringLiteral("webhook-mod"), url, QStringLiteral("-t"),
                           QStringLiteral("t2")})
                 .exitCode,
             0);
    QCOMPARE(webhooksOf(cluster->node(2))
                 .value(url)
                 .toObject()
                 .value(QStringLiteral("token"))
                 .toString(),
             QStringLiteral("t2"));
    const CliRun notHttp =
        runCli(node, {QStringLiteral("webhook-add"), QStringLiteral("ftp://x/")});
    QCOMPARE(notHttp.exitCode, 1);
    QVERIFY(notHttp.err.contains("not an http:// or https:// URL"));
    const CliRun malformed =
        runCli(node, {QStringLiteral("webhook-add"), QStringLiteral("http://exa mple/")});
    QCOMPARE(malformed.exitCode, 1);
    QVERIFY(malformed.err.contains("is not a valid URL"));
    const CliRun withPassword =
        runCli(node, {QStringLiteral("webhook-add"),
                      QStringLiteral("https://admin:hunter2@example.com/x")});
    QCOMPARE(withPassword.exitCode, 1);
    QVERIFY(withPassword.err.contains("carries a password"));
    QVERIFY(!withPassword.err.contains("hunter2")); // not even in the refusal
    QVERIFY(!webhooksOf(node).contains(QStringLiteral("https://admin:hunter2@example.com/x")));

    QCOMPARE(runCli(node, {QStringLiteral("config-set"), QStringLiteral("log_level"),
                           QStringLiteral("INFO")})
                 .exitCode,
             2);
    QCOMPARE(
        runCli(node, {QStringLiteral("config-set"), QStringLiteral("bogus"), QStringLiteral("1")})
            .exitCode,
        7);
    const CliRun badValue = runCli(
        node, {QStringLiteral("config-set"), QStringLiteral("port"), QStringLiteral("70000")});
    QCOMPARE(badValue.exitCode, 7);
    QVERIFY(badValue.err.contains("1 to 65535"));
    QCOMPARE(runCli(node, {QStringLiteral("config-reset"), QStringLiteral("log_level")}).exitCode,
             2);
    QCOMPARE(runCli(node, {QStringLiteral("config-reset"), QStringLiteral("bogus")}).exitCode, 7);
    QCOMPARE(runCli(node, {QStringLiteral("config-get"), QStringLiteral("--name"),
                           QStringLiteral("bogus")})
                 .exitCode,
             7);
    QCOMPARE(runCli(node, {QStringLiteral("peer-del"), QStringLiteral("nosuchhost")}).exitCode, 1);
    const CliRun unreachable =
        runCli(node, {QStringLiteral("peer-add"), QStringLiteral("127.0.0.99")});
    QCOMPARE(unreachable.exitCode, 1);
    QVERIFY(unreachable.err.contains("cannot reach glustereventsd on 127.0.0.99"));
    // A usage error exits 2, as argparse's do in the original.
    QCOMPARE(runCli(node, {QStringLiteral("bogus-command")}).exitCode, 2);
    const CliRun jsonError =
        runCli(node, {QStringLiteral("--json"), QStringLiteral("bogus-command")});
    QCOMPARE(jsonError.exitCode, 2);
    QCOMPARE(jsonOf(jsonError.out).value(QStringLiteral("output")).toString(), QString());
    QVERIFY(!jsonOf(jsonError.out).value(QStringLiteral("error")).toString().isEmpty());
    const CliRun help = runCli(node, {QStringLiteral("webhook-add"), QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("usage: gluster-eventsapi webhook-add"));

    // A webhooks file that cannot be written: exit 8, file unchanged.
    QFile::remove(node.eventsDir() + QStringLiteral("/webhooks.json"));
    QVERIFY(QDir().mkpath(node.eventsDir() + QStringLiteral("/webhooks.json")));
    QCOMPARE(
        runCli(node, {QStringLiteral("webhook-add"), QStringLiteral("http://127.0.0.1:9/other")})
            .exitCode,
        8);
    // A config file that cannot be written: exit 9.
    QFile::remove(node.eventsDir() + QStringLiteral("/config.json"));
    QVERIFY(QDir().mkpath(node.eventsDir() + QStringLiteral("/config.json")));
    QCOMPARE(runCli(node, {QStringLiteral("config-set"), QStringLiteral("log_level"),
                           QStringLiteral("DEBUG")})
                 .exitCode,
             9);
}

void TestCluster::jsonShapes() {
    auto cluster = startCluster();
    QVERIFY(cluster);
    DaemonProcess &node = cluster->node(0);
    const QString url = QStringLiteral("http://127.0.0.1:9/json");
    const CliRun add = runCli(node, {QStringLiteral("--json"), QStringLiteral("webhook-add"), url});
    QCOMPARE(add.exitCode, 0);
    const QJsonObject added = jsonOf(add.out);
    QCOMPARE(added.value(QStringLiteral("error")).toString(), QString());
    const QJsonArray rows = added.value(QStringLiteral("output")).toArray();
    QCOMPARE(rows.size(), 3);
    QCOMPARE(rows.at(0).toObject(),
             (QJsonObject{{QStringLiteral("node"), QStringLiteral("localhost")},
                          {QStringLiteral("node_status"), QStringLiteral("UP")},
                          {QStringLiteral("sync_status"), QStringLiteral("OK")},
                          {QStringLiteral("error"), QString()}}));

    const QJsonObject status =
        jsonOf(runCli(node, {QStringLiteral("status"), QStringLiteral("--json")}).out)
            .value(QStringLiteral("output"))
            .toObject();
    QCOMPARE(status.value(QStringLiteral("webhooks")).toArray(), QJsonArray{url});
    QCOMPARE(status.value(QStringLiteral("data"))
                 .toArray()
                 .at(1)
                 .toObject()
                 .value(QStringLiteral("glustereventsd_status"))
                 .toString(),
             QStringLiteral("UP"));

    const QJsonObject config =
        jsonOf(runCli(node, {QStringLiteral("config-get"), QStringLiteral("--json")}).out)
            .value(QStringLiteral("output"))
            .toObject();
    QCOMPARE(config.value(QStringLiteral("port")).toInt(), int(cluster->port));
    QCOMPARE(config.value(QStringLiteral("disable_events_log")).toBool(true), false);

    const CliRun refused =
        runCli(node, {QStringLiteral("webhook-add"), url, QStringLiteral("--json")});
    QCOMPARE(refused.exitCode, 5);
    QCOMPARE(jsonOf(refused.out).value(QStringLiteral("output")).toString(), QString());
    QVERIFY(jsonOf(refused.out)
                .value(QStringLiteral("error"))
                .toString()
                .contains(QStringLiteral("already exists")));
}

void TestCluster::partialSuccessThenSyncAndCatchUp() {
    auto cluster = startCluster();
    QVERIFY(cluster);
    QCOMPARE(cluster->node(2).stop(), 0);
    const QString url = QStringLiteral("http://127.0.0.1:9/partial");
    const CliRun add = runCli(cluster->node(0), {QStringLiteral("webhook-add"), url});
    QCOMPARE(add.exitCode, 4);
    QVERIFY2(
        add.out.contains("| 127.0.0.8 |          UP | NOT OK: glustereventsd is not running |"),
        add.out.constData());
    QVERIFY(!webhooksOf(cluster->node(2)).contains(url));

    // Back up: it catches up on its own, without anyone running sync.
    QVERIFY(cluster->node(2).start());
    QTRY_VERIFY_WITH_TIMEOUT(webhooksOf(cluster->node(2)).contains(url), kWaitMs);

    // And `sync` from another node reports every node OK.
    const CliRun sync = runCli(cluster->node(1), {QStringLiteral("sync")});
    QCOMPARE(sync.exitCode, 0);
    QCOMPARE(sync.out.count("|          OK |"), 3);
}

void TestCluster::noNodeReachedExitsThree() {
    auto cluster = startCluster();
    QVERIFY(cluster);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(cluster->node(i).stop(), 0);
    const CliRun add = runCli(cluster->node(0), {QStringLiteral("webhook-add"),
                                                 QStringLiteral("http://127.0.0.1:9/none")});
    QCOMPARE(add.exitCode, 3);
    // The local change is made all the same, and the daemon applies it when it starts.
    QVERIFY(webhooksOf(cluster->node(0)).contains(QStringLiteral("http://127.0.0.1:9/none")));
    const CliRun status = runCli(cluster->node(0), {QStringLiteral("status")});
    QCOMPARE(status.exitCode, 0);
    QVERIFY(status.out.contains("| localhost |          UP |                  DOWN |"));
}

void TestCluster::concurrentChangesOnTwoNodesAreBothKept() {
    auto cluster = startCluster();
    QVERIFY(cluster);
    // Two admins at once, on two nodes: one adds a webhook, the other changes config, and
    // both set the same webhook's token.
    const QString shared = QStringLiteral("http://127.0.0.1:9/shared");
    QCOMPARE(runCli(cluster->node(0), {QStringLiteral("webhook-add"), shared}).exitCode, 0);
    QProcess a;
    QProcess b;
    const auto start = [](QProcess &p, const DaemonProcess &node, const QStringList &args) {
        p.start(QStringLiteral(GLUSTER_EVENTSAPI_BINARY_FOR_TESTS),
                QStringList{QStringLiteral("--workdir"), node.workdir(),
                            QStringLiteral("--config-file"), node.defaultConfigFile()} +
                    args);
    };
    start(a, cluster->node(0),
          {QStringLiteral("webhook-add"), QStringLiteral("http://127.0.0.1:9/from-a")});
    start(b, cluster->node(1),
          {QStringLiteral("webhook-add"), QStringLiteral("http://127.0.0.1:9/from-b")});
    QVERIFY(a.waitForFinished(60'000));
    QVERIFY(b.waitForFinished(60'000));
    start(a, cluster->node(0),
          {QStringLiteral("webhook-mod"), shared, QStringLiteral("-t"), QStringLiteral("A")});
    start(b, cluster->node(1),
          {QStringLiteral("webhook-mod"), shared, QStringLiteral("-t"), QStringLiteral("B")});
    QVERIFY(a.waitForFinished(60'000));
    QVERIFY(b.waitForFinished(60'000));
    QCOMPARE(runCli(cluster->node(2), {QStringLiteral("sync")}).exitCode, 0);
    QCOMPARE(runCli(cluster->node(0), {QStringLiteral("sync")}).exitCode, 0);
    QCOMPARE(runCli(cluster->node(1), {QStringLiteral("sync")}).exitCode, 0);
    const QJsonObject first = webhooksOf(cluster->node(0));
    QVERIFY(first.contains(QStringLiteral("http://127.0.0.1:9/from-a")));
    QVERIFY(first.contains(QStringLiteral("http://127.0.0.1:9/from-b")));
    // The same winner everywhere.
    QCOMPARE(webhooksOf(cluster->node(1)), first);
    QCOMPARE(webhooksOf(cluster->node(2)), first);
}

void TestCluster::eightConcurrentAddsOnOneNode() {
    auto cluster = startCluster();
    QVERIFY(cluster);
    std::vector<std::unique_ptr<QProcess>> processes;
    for (int i = 0; i < 8; ++i) {
        auto process = std::make_unique<QProcess>();
        process->start(QStringLiteral(GLUSTER_EVENTSAPI_BINARY_FOR_TESTS),
                       {QStringLiteral("--workdir"), cluster->node(0).workdir(),
                        QStringLiteral("--config-file"), cluster->node(0).defaultConfigFile(),
                        QStringLiteral("webhook-add"),
                        QStringLiteral("http://127.0.0.1:9/c%1").arg(i)});
        processes.push_back(std::move(process));
    }
    for (auto &process : processes) {
        QVERIFY(process->waitForFinished(60'000));
        QCOMPARE(process->exitCode(), 0);
    }
    QCOMPARE(webhooksOf(cluster->node(0)).size(), 8);
    QTRY_COMPARE_WITH_TIMEOUT(webhooksOf(cluster->node(2)).size(), 8, kWaitMs);
}

void TestCluster::handEditIsKeptAndSynced() {
    auto cluster = startCluster();
    QVERIFY(cluster);
    const QString url = QStringLiteral("http://127.0.0.1:9/by-hand");
    // As admins of the original did: edit the file in place (no rename).
    QFile file(cluster->node(1).eventsDir() + QStringLiteral("/webhooks.json"));
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(QByteArray("{\"") + url.toUtf8() + "\": \"handtoken\"}\n");
    file.close();
    QTRY_VERIFY_WITH_TIMEOUT(webhooksOf(cluster->node(0)).contains(url), kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(webhooksOf(cluster->node(2)).contains(url), kWaitMs);
    QCOMPARE(webhooksOf(cluster->node(2))
                 .value(url)
                 .toObject()
                 .value(QStringLiteral("token"))
                 .toString(),
             QStringLiteral("handtoken"));
    // A later CLI change elsewhere does not undo it.
    QCOMPARE(runCli(cluster->node(2),
                    {QStringLiteral("webhook-add"), QStringLiteral("http://127.0.0.1:9/later")})
                 .exitCode,
             0);
    QVERIFY(webhooksOf(cluster->node(1)).contains(url));
}

void TestCluster::skippedEntryStaysOnItsNodeAndSyncStillWorks() {
    auto cluster = startCluster();
    QVERIFY(cluster);
    // An entry the original's CLI took and ours skips, on one node only.
    const QString ftp = QStringLiteral("ftp://files.example/drop");
    cluster->node(1).writeEventsFile(QStringLiteral("webhooks.json"),
                                     "{\"" + ftp.toUtf8() + R"(": {"token": "", "secret": ""}})");
    const QString later = QStringLiteral("http://127.0.0.1:9/beside-skipped");
    const CliRun add = runCli(cluster->node(1), {QStringLiteral("webhook-add"), later});
    QCOMPARE(add.exitCode, 0);
    QCOMPARE(add.out.count("|          OK |"), 3);
    for (int i = 0; i < 3; ++i)
        QVERIFY(webhooksOf(cluster->node(i)).contains(later));
    // Kept where it was written, never sent: the peers neither have it nor had to refuse it.
    QVERIFY(webhooksOf(cluster->node(1)).contains(ftp));
    for (const int peer : {0, 2}) {
        QVERIFY(!webhooksOf(cluster->node(peer)).contains(ftp));
        QVERIFY2(!cluster->node(peer).log().contains("ignored an entry"),
                 cluster->node(peer).log().constData());
    }
    // A sync of everything is no different.
    QCOMPARE(runCli(cluster->node(1), {QStringLiteral("sync")}).exitCode, 0);
    QVERIFY(!webhooksOf(cluster->node(0)).contains(ftp));
    // And the admin can delete it.
    const CliRun del = runCli(cluster->node(1), {QStringLiteral("webhook-del"), ftp});
    QCOMPARE(del.exitCode, 0);
    QVERIFY(!webhooksOf(cluster->node(1)).contains(ftp));
    QVERIFY(webhooksOf(cluster->node(1)).contains(later));
}

void TestCluster::nodeWithAnotherKeyIsRefusedAndUnchanged() {
    auto cluster = startCluster(false);
    QVERIFY(cluster);
    QCOMPARE(runCli(cluster->node(0), {QStringLiteral("peer-add"), kAddresses[1]}).exitCode, 0);
    // Node 3 has a key of its own.
    QCOMPARE(cluster->node(2).stop(), 0);
    cluster->node(2).writeEventsFile(QStringLiteral("cluster.key"), QByteArray(64, 'f') + '\n');
    QVERIFY(cluster->node(2).start());
    const CliRun add = runCli(cluster->node(0), {QStringLiteral("peer-add"), kAddresses[2]});
    QCOMPARE(add.exitCode, 4);
    QVERIFY2(add.out.contains("| 127.0.0.8 |          UP | NOT OK: cluster key mismatch: copy"),
             add.out.constData());
    QVERIFY(jsonOf(cluster->node(2).readEventsFile(QStringLiteral("peers.json"))).isEmpty());
    QVERIFY(cluster->node(2).log().contains("cannot open the request: cluster key mismatch"));
}

void TestCluster::unauthenticatedStaleAndReplayedRequestsRefused() {
    auto cluster = startCluster(false);
    QVERIFY(cluster);
    const DaemonProcess &node = cluster->node(0);
    const QByteArray key = node.readEventsFile(QStringLiteral("cluster.key")).trimmed();
    const QByteArray body =
        R"({"webhooks":{"http://evil/":{"counter":999,"node":"x","value":{"token":"","secret":""}}}})";
    const QString address = kAddresses[0];
    QCOMPARE(rawRequest(address, cluster->port,
                        "GET /v1/ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
             200);
    const QByteArray plain =
        "POST /v1/documents HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: " +
        QByteArray::number(body.size()) + "\r\n\r\n" + body;
    QCOMPARE(rawRequest(address, cluster->port, plain), 401);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QCOMPARE(rawRequest(address, cluster->port,
                        sealedRequest(key, address, cluster->port, "POST", "/v1/documents", body,
                                      now - 600)),
             401);
    QCOMPARE(rawRequest(address, cluster->port,
                        sealedRequest("another key entirely, 32 chars long!", address,
                                      cluster->port, "POST", "/v1/documents", body, now)),
             401);
    // Sealed for node 2, played to node 1: refused there, still good where it was meant to go.
    const QByteArray forNode2 =
        sealedRequest(key, kAddresses[1], cluster->port, "POST", "/v1/reload", QByteArray(), now);
    QCOMPARE(rawRequest(address, cluster->port, forNode2), 401);
    QCOMPARE(rawRequest(kAddresses[1], cluster->port, forNode2), 200);
    // Control protocol 1 (signed, in clear) is refused as such.
    QCOMPARE(rawRequest(address, cluster->port,
                        "POST /v1/reload HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                        "x-events-time: 1\r\nx-events-nonce: 00\r\nx-events-signature: 00\r\n"
                        "Content-Length: 0\r\n\r\n"),
             426);
    QVERIFY(!node.readEventsFile(QStringLiteral("webhooks.json")).contains("evil"));
    // A valid request works once; the same bytes again are a replay.
    QByteArray nonce;
    const QByteArray reload =
        sealedRequest(key, address, cluster->port, "POST", "/v1/reload", QByteArray(), now, &nonce);
    QByteArray response;
    QCOMPARE(rawRequest(address, cluster->port, reload, &response), 200);
    QCOMPARE(answeredStatus(key, response, nonce), 200);
    QCOMPARE(rawRequest(address, cluster->port, reload), 401);
    // After a restart, within the time window, it is refused too: it names the earlier run.
    QCOMPARE(cluster->node(0).stop(), 0);
    QVERIFY(cluster->node(0).start());
    // That refusal is sealed for the request: only the node can tell its client to retry.
    QCOMPARE(rawRequest(address, cluster->port, reload, &response), 200);
    QByteArray refusal;
    QCOMPARE(answeredStatus(key, response, nonce, &refusal), 401);
    QVERIFY2(refusal.contains("earlier run"), refusal.constData());
}

void TestCluster::oversizeAndSlowRequestsCutOff() {
    auto cluster = startCluster(false);
    QVERIFY(cluster);
    const QString address = kAddresses[0];
    QByteArray response;
    QCOMPARE(
        rawRequest(address, cluster->port,
                   "POST /v1/documents HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n",
                   &response),
        413);
    QCOMPARE(
        rawRequest(address, cluster->port,
                   "GET /v1/ping HTTP/1.1\r\nX-Big: " + QByteArray(64 * 1024, 'a') + "\r\n\r\n"),
        431);
    QCOMPARE(
        rawRequest(address, cluster->port,
                   "GET /v1/ping HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n") /
            100,
        4);
    // Half a request, then silence: the daemon answers 408 and hangs up (within its 10 s).
    QTcpSocket slow;
    slow.connectToHost(QHostAddress(address), cluster->port);
    QVERIFY(slow.waitForConnected(5'000));
    slow.write("GET /v1/ping HTTP/1.1\r\nHost: x\r\n");
    QVERIFY(slow.waitForDisconnected(30'000));
    QVERIFY(cluster->node(0).isRunning());
}

void TestCluster::secretsNeverShownOrSentInClear() {
    auto cluster = startCluster();
    QVERIFY(cluster);
    const QByteArray token = "TOKEN-d41d8cd98f00b204";
    const QByteArray secret = "SECRET-e9800998ecf8427e";
    const QByteArray signing = "whsec_" + QByteArray("signing-key-0123456789abcdef").toBase64();
    const CliRun add = runCli(
        cluster->node(0), {QStringLiteral("webhook-add"), QStringLiteral("http://127.0.0.1:9/s"),
                           QStringLiteral("-t"), QString::fromUtf8(token), QStringLiteral("-s"),
                           QString::fromUtf8(secret), QStringLiteral("--signing-secret"),
                           QString::fromUtf8(signing)});
    QCOMPARE(add.exitCode, 0);
    QTRY_VERIFY_WITH_TIMEOUT(
        cluster->node(2).readEventsFile(QStringLiteral("webhooks.json")).contains(token), kWaitMs);
    for (const QStringList &args :
         {QStringList{QStringLiteral("status")},
          QStringList{QStringLiteral("status"), QStringLiteral("--json")},
          QStringList{QStringLiteral("sync"), QStringLiteral("--json")}}) {
        const CliRun run = runCli(cluster->node(1), args);
        QVERIFY(!run.out.contains(token) && !run.out.contains(secret) &&
                !run.out.contains(signing));
        QVERIFY(!run.err.contains(token) && !run.err.contains(secret) &&
                !run.err.contains(signing));
    }
    for (int i = 0; i < 3; ++i) {
        const QByteArray log = cluster->node(i).log();
        QVERIFY(!log.contains(token) && !log.contains(secret) && !log.contains(signing));
        QVERIFY(!cluster->node(i).readEventsFile(QStringLiteral("cluster.key")).isEmpty());
    }
    // What goes over the wire between nodes is sealed.
    const QByteArray key = cluster->node(0).readEventsFile(QStringLiteral("cluster.key")).trimmed();
    QByteArray response;
    QByteArray nonce;
    QCOMPARE(rawRequest(kAddresses[1], cluster->port,
                        sealedRequest(key, kAddresses[1], cluster->port, "GET", "/v1/documents",
                                      QByteArray(), QDateTime::currentSecsSinceEpoch(), &nonce),
                        &response),
             200);
    QVERIFY(!response.contains(token) && !response.contains(secret) && !response.contains(signing));
    QVERIFY(!response.contains("127.0.0.1:9"));
    // And inside the sealed answer the secrets are sealed once more, each for its place.
    QByteArray documents;
    QCOMPARE(answeredStatus(key, response, nonce, &documents), 200);
    QVERIFY(documents.contains("127.0.0.1:9") && documents.contains("enc:v2:"));
    QVERIFY(!documents.contains(token) && !documents.contains(secret) &&
            !documents.contains(signing));
}

void TestCluster::peerDelRemovesFromPool() {
    auto cluster = startCluster();
    QVERIFY(cluster);
    const CliRun del = runCli(cluster->node(1), {QStringLiteral("peer-del"), kAddresses[2]});
    QCOMPARE(del.exitCode, 0);
    QCOMPARE(del.out.count("|          OK |"), 2);
    QTRY_VERIFY_WITH_TIMEOUT(
        !runCli(cluster->node(0), {QStringLiteral("pool-list")}).out.contains("127.0.0.8"),
        kWaitMs);
    QCOMPARE(runCli(cluster->node(0), {QStringLiteral("peer-del"), kAddresses[0]}).exitCode, 1);
}

void TestCluster::filterSendsOnlyWantedEvents() {
    auto cluster = startCluster();
    QVERIFY(cluster);
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    const QString url = receiver.url();
    QCOMPARE(
        runCli(cluster->node(0), {QStringLiteral("webhook-add"), url, QStringLiteral("--events"),
                                  QStringLiteral("volume_*,PEER_DETACH")})
            .exitCode,
        0);
    const CliRun status = runCli(cluster->node(1), {QStringLiteral("status")});
    QVERIFY2(status.out.contains(QByteArray(url.toUtf8() + " (events: VOLUME_*,PEER_DETACH)\n")),
             status.out.constData());

    DaemonProcess &node = cluster->node(2);
    for (const char *type : {"PEER_ATTACH", "VOLUME_CREATE", "BITROT_ENABLE", "PEER_DETACH",
                             "GEOREP_START", "VOLUME_DELETE"})
        QVERIFY(node.sendDatagram(QByteArray("1468303352 ") + type + " name=x"));
    QVERIFY(receiver.waitForRequests(3, kWaitMs));
    QTest::qWait(500);
    QCOMPARE(receiver.requests().size(), 3);
    QVERIFY(receiver.requests().at(0).body.contains("VOLUME_CREATE"));
    QVERIFY(receiver.requests().at(1).body.contains("PEER_DETACH"));
    QVERIFY(receiver.requests().at(2).body.contains("VOLUME_DELETE"));

    // "*" is every event again; a pattern that matches nothing is refused.
    QCOMPARE(
        runCli(cluster->node(1), {QStringLiteral("webhook-mod"), url, QStringLiteral("--events=*")})
            .exitCode,
        0);
    QVERIFY(runCli(cluster->node(0), {QStringLiteral("status")})
                .out.contains(QByteArray(url.toUtf8() + "\n\n")));
    const CliRun bad =
        runCli(cluster->node(0), {QStringLiteral("webhook-mod"), url, QStringLiteral("--events"),
                                  QStringLiteral("NOPE_*")});
    QCOMPARE(bad.exitCode, 1);
    QVERIFY(bad.err.contains("no event type matches 'NOPE_*'"));
}

void TestCluster::eventsFollowsEveryNodeUntilInterrupted() {
    auto cluster = startCluster();
    QVERIFY(cluster);
    // The real CLI, left running as an admin would: `events --all-nodes --json` on node 1.
    QProcess tail;
    tail.start(QStringLiteral(GLUSTER_EVENTSAPI_BINARY_FOR_TESTS),
               {QStringLiteral("--workdir"), cluster->node(0).workdir(),
                QStringLiteral("--config-file"), cluster->node(0).defaultConfigFile(),
                QStringLiteral("events"), QStringLiteral("--all-nodes"), QStringLiteral("--json")});
    QVERIFY(tail.waitForStarted(10'000));
    QTest::qWait(1'500); // its first poll takes "now" from every node
    QCOMPARE(runCli(cluster->node(1), {QStringLiteral("emit"), QStringLiteral("VOLUME_CREATE"),
                                       QStringLiteral("name=gv-two")})
                 .exitCode,
             0);
    QCOMPARE(runCli(cluster->node(2), {QStringLiteral("emit"), QStringLiteral("PEER_ATTACH"),
                                       QStringLiteral("host=three")})
                 .exitCode,
             0);
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += tail.readAllStandardOutput()).count('\n') >= 2, kWaitMs);
    QSet<QString> seen;
    for (const QByteArray &line : out.trimmed().split('\n')) {
        const QJsonObject event = jsonOf(line);
        const QJsonObject body = event.value(QStringLiteral("event")).toObject();
        seen.insert(event.value(QStringLiteral("node")).toString().section(u':', 0, 0) + u' ' +
                    body.value(QStringLiteral("event")).toString());
        QVERIFY(!event.value(QStringLiteral("id")).toString().isEmpty());
    }
    QCOMPARE(seen, (QSet<QString>{kAddresses[1] + QStringLiteral(" VOLUME_CREATE"),
                                  kAddresses[2] + QStringLiteral(" PEER_ATTACH")}));
    QCOMPARE(tail.state(), QProcess::Running); // it follows until interrupted
    tail.terminate();
    QVERIFY(tail.waitForFinished(10'000));

    // The table form, on this node only; and a node without a daemon is one line, exit 1.
    cluster->node(2).stop();
    const CliRun stopped = runCli(cluster->node(2), {QStringLiteral("events")});
    QCOMPARE(stopped.exitCode, 1);
    QVERIFY2(stopped.err.startsWith("cannot follow events: ") && stopped.err.count('\n') == 1,
             stopped.err.constData());
    QVERIFY(stopped.out.isEmpty());
}

QTEST_GUILESS_MAIN(TestCluster)
#include "tst_cluster.moc"

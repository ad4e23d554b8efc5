// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// What "delivery that loses nothing" promises, shown against real daemons, real receivers and
// the real CLI: outages, retries, parallel webhooks, dead letters and replay, 410 Gone across
// the cluster, HTTPS with a private CA, and the spool limit.
#include "cliprocess.h"
#include "daemonprocess.h"
#include "webhookreceiver.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTcpSocket>
#include <QTemporaryFile>
#include <QTest>

namespace {

const QString kAddress = QStringLiteral("127.0.0.11");
const QStringList kPair{QStringLiteral("127.0.0.12"), QStringLiteral("127.0.0.13")};
constexpr int kWaitMs = 30'000;

// Sends VOLUME_CREATE events named v<first> ... v<first+count-1>.
bool sendEvents(const DaemonProcess &daemon, int first, int count) {
    for (int i = first; i < first + count; ++i) {
        if (!daemon.sendDatagram("1468303352 VOLUME_CREATE name=v" + QByteArray::number(i)))
            return false;
    }
    return true;
}

QString nameOf(const WebhookReceiver::Request &request) {
    return QJsonDocument::fromJson(request.body)
        .object()
        .value(QStringLiteral("message"))
        .toObject()
        .value(QStringLiteral("name"))
        .toString();
}

QStringList namesOf(const QList<WebhookReceiver::Request> &requests) {
    QStringList names;
    for (const auto &request : requests)
        names.append(nameOf(request));
    return names;
}

QStringList expectedNames(int first, int count) {
    QStringList names;
    for (int i = first; i < first + count; ++i)
        names.append(QStringLiteral("v%1").arg(i));
    return names;
}

QJsonObject jwtClaims(const QByteArray &authorization) {
    const QList<QByteArray> parts = authorization.mid(7).split('.');
    if (parts.size() != 3)
        return {};
    return QJsonDocument::fromJson(QByteArray::fromBase64(parts[1], QByteArray::Base64UrlEncoding))
        .object();
}

// The value of the metric line "<name> <value>" (a metric without labels); -1 if absent.
qint64 metricValue(const QByteArray &metrics, const QByteArray &name) {
    for (const QByteArray &line : metrics.split('\n')) {
        if (line.startsWith(name) && line.size() > name.size() && line.at(name.size()) == ' ')
            return line.mid(name.size() + 1).toLongLong();
    }
    return -1;
}

QJsonObject jsonOutput(const CliRun &run) {
    return QJsonDocument::fromJson(run.out).object();
}

// Spins the event loop until `condition` holds, bounded.
template <typename Condition> bool eventually(Condition condition, int timeoutMs = kWaitMs) {
    const QDeadlineTimer deadline(timeoutMs);
    while (!condition()) {
        if (deadline.hasExpired())
            return false;
        QTest::qWait(50);
    }
    return true;
}

QJsonObject webhookEntry(const QJsonObject &extra = {}) {
    QJsonObject entry{{QStringLiteral("token"), QString()}, {QStringLiteral("secret"), QString()}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        entry.insert(it.key(), it.value());
    return entry;
}

} // namespace

class TestGuarantees : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void outageOfFiveSecondsLosesNothingAndKeepsOrder();
    void retriesUntilAcceptedWithSameIdAndFreshJwt();
    void parallelWebhookDeliversEverything();
    void deadLettersAfterMaxAgeThenReplays();
    void replaySinceSendsDeliveredEventsAgain();
    void goneDisablesOnEveryNodeUntilModified();
    void httpsWithPrivateCa();
    void httpsReceiverOfferingHttp2GetsHttp11();
    void spoolLimitDeadLettersTheStuckBacklog();
    void spoolLimitEvictsOldestHistoryNotNewEvents();
    void badDeliveryOptionsAreRefused();
    void changedFilterAppliesWithoutRestart();
    void emitSendsARealEvent();
    void fiveHundredWebhooksWithAThirdDeadDeliverToTheRest();
};

void TestGuarantees::outageOfFiveSecondsLosesNothingAndKeepsOrder() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen(QHostAddress(kAddress)));
    const quint16 receiverPort = receiver.port();
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeConfig({{QStringLiteral("retry_max_interval"), 1}});
    daemon.writeWebhooks({{receiver.url(), webhookEntry()}});
    QVERIFY(daemon.start());

    // The receiver goes away: connections are refused for five seconds, while 200 events come.
    receiver.close();
    QElapsedTimer outage;
    outage.start();
    for (int i = 0; i < 200; ++i) {
        QVERIFY(sendEvents(daemon, i, 1));
        if (i % 40 == 39)
            QTest::qWait(1'000);
    }
    QTest::qWait(int(std::max<qint64>(0, 5'000 - outage.elapsed())));
    QVERIFY(receiver.listen(QHostAddress(kAddress), receiverPort));

    QVERIFY2(receiver.waitForRequests(200, 60'000),
             qPrintable(QStringLiteral("%1 of 200 arrived").arg(receiver.requests().size())));
    QTest::qWait(500);
    QCOMPARE(namesOf(receiver.requests()), expectedNames(0, 200));
    QVERIFY(daemon.log().contains("failed"));
    QCOMPARE(daemon.stop(), 0);
}

void TestGuarantees::retriesUntilAcceptedWithSameIdAndFreshJwt() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen(QHostAddress(kAddress)));
    receiver.failWith({500, 503, 502});
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeConfig({{QStringLiteral("retry_max_interval"), 1}});
    daemon.writeWebhooks(
        {{receiver.url(), webhookEntry({{QStringLiteral("secret"), QStringLiteral("s3")}})}});
    QVERIFY(daemon.start());

    QVERIFY(sendEvents(daemon, 0, 1));
    QVERIFY(receiver.waitForRequests(4, kWaitMs));
    QTest::qWait(1'500); // nothing more comes once it was accepted
    const auto &requests = receiver.requests();
    QCOMPARE(requests.size(), 4);
    const QByteArray id = requests[0].headers.value("webhook-id");
    QVERIFY(!id.isEmpty());
    for (const auto &request : requests)
        QCOMPARE(request.headers.value("webhook-id"), id);
    // Each try carries a JWT made for it: three backoffs of at least half a second each put
    // the last one at least a second after the first.
    const qint64 firstExp = jwtClaims(requests[0].headers.value("authorization"))
                                .value(QStringLiteral("exp"))
                                .toInteger();
    const qint64 lastExp = jwtClaims(requests[3].headers.value("authorization"))
                               .value(QStringLiteral("exp"))
                               .toInteger();
    QVERIFY(firstExp > 0);
    QVERIFY2(lastExp > firstExp, qPrintable(QStringLiteral("%1 %2").arg(firstExp).arg(lastExp)));

    // The history shows the three failures and the success, from this node.
    const CliRun history =
        runCli(daemon, {QStringLiteral("deliveries"), receiver.url(), QStringLiteral("--json")});
    QCOMPARE(history.exitCode, 0);
    const QJsonArray attempts = jsonOutput(history).value(QStringLiteral("output")).toArray();
    QCOMPARE(attempts.size(), 4);
    QList<int> statuses;
    for (const QJsonValue &attempt : attempts) {
        statuses.prepend(attempt.toObject().value(QStringLiteral("status")).toInt());
        QCOMPARE(attempt.toObject().value(QStringLiteral("node")).toString(),
                 QStringLiteral("localhost"));
        QCOMPARE(attempt.toObject().value(QStringLiteral("event")).toString().toLatin1(), id);
    }
    QCOMPARE(statuses, (QList<int>{500, 503, 502, 200}));
    const CliRun failed =
        runCli(daemon, {QStringLiteral("deliveries"), QStringLiteral("--failed")});
    QCOMPARE(failed.exitCode, 0);
    QVERIFY(failed.out.contains("HTTP 503"));
    QVERIFY(failed.out.contains(" TIME ") && failed.out.contains(" LATENCY MS "));
    QVERIFY(!failed.out.contains(" 200 "));
    QCOMPARE(daemon.stop(), 0);
}

void TestGuarantees::parallelWebhookDeliversEverything() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen(QHostAddress(kAddress)));
    DaemonProcess daemon(kAddress, freePort(kAddress));
    QVERIFY(daemon.start());
    const CliRun added = runCli(daemon, {QStringLiteral("webhook-add"), receiver.url(),
                                         QStringLiteral("--parallel"), QStringLiteral("8")});
    QCOMPARE(added.exitCode, 0);
    const CliRun status = runCli(daemon, {QStringLiteral("status")});
    QVERIFY2(status.out.contains((receiver.url() + QStringLiteral(" (parallel: 8)")).toUtf8()),
             status.out.constData());

    // Every tenth request fails once: parallel slots retry on their own while others go on.
    receiver.failEvery(10, 503);
    QVERIFY(sendEvents(daemon, 0, 400));
    QVERIFY(eventually([&] {
        QSet<QString> names;
        for (const auto &request : receiver.requests())
            names.insert(nameOf(request));
        return names.size() == 400;
    }));
    QSet<QString> names;
    QSet<QByteArray> ids;
    for (const auto &request : receiver.requests()) {
        names.insert(nameOf(request));
        ids.insert(request.headers.value("webhook-id"));
    }
    const QStringList expected = expectedNames(0, 400);
    QCOMPARE(names, QSet<QString>(expected.begin(), expected.end()));
    QCOMPARE(ids.size(), 400);
    QVERIFY2(receiver.maxOpenConnections() > 1,
             qPrintable(QString::number(receiver.maxOpenConnections())));
    QCOMPARE(daemon.stop(), 0);
}

void TestGuarantees::deadLettersAfterMaxAgeThenReplays() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen(QHostAddress(kAddress)));
    receiver.setStatus(500);
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeConfig(
        {{QStringLiteral("retry_max_interval"), 1}, {QStringLiteral("dead_letter_after"), 2}});
    daemon.writeWebhooks({{receiver.url(), webhookEntry()}});
    QVERIFY(daemon.start());

    QVERIFY(sendEvents(daemon, 0, 3));
    // The first dies after its attempts; the ones behind it, expired by then, without more.
    QVERIFY(daemon.waitForLog("is in the dead-letter list", kWaitMs));
    QVERIFY(eventually([&] {
        const QByteArray metrics = daemon.fetchMetrics();
        return metrics.contains("glustereventsd_events_dead_total{webhook=\"") &&
               metrics.contains("\"} 3\n");
    }));
    // A strict webhook is not held by a dead-lettered event: the next one goes through.
    receiver.setStatus(200);
    receiver.clear();
    QVERIFY(sendEvents(daemon, 3, 1));
    QVERIFY(receiver.waitForRequests(1, kWaitMs));
    QCOMPARE(nameOf(receiver.requests().at(0)), QStringLiteral("v3"));
    QList<QByteArray> firstIds;

    const CliRun replay =
        runCli(daemon, {QStringLiteral("replay"), receiver.url(), QStringLiteral("--dead")});
    QCOMPARE(replay.exitCode, 0);
    QVERIFY2(replay.out.contains("OK (3 events)"), replay.out.constData());
    QVERIFY(replay.out.contains("REPLAY STATUS"));
    QVERIFY(receiver.waitForRequests(4, kWaitMs));
    QTest::qWait(500);
    QCOMPARE(namesOf(receiver.requests()),
             (QStringList{QStringLiteral("v3"), QStringLiteral("v0"), QStringLiteral("v1"),
                          QStringLiteral("v2")}));
    // They left the dead-letter list: a second replay finds nothing.
    const CliRun again = runCli(daemon, {QStringLiteral("replay"), receiver.url(),
                                         QStringLiteral("--dead"), QStringLiteral("--json")});
    QCOMPARE(again.exitCode, 0);
    const QJsonArray rows = jsonOutput(again).value(QStringLiteral("output")).toArray();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows[0].toObject().value(QStringLiteral("replay_status")).toString(),
             QStringLiteral("OK"));
    QCOMPARE(rows[0].toObject().value(QStringLiteral("replayed")).toInt(), 0);
    QCOMPARE(daemon.stop(), 0);
}

void TestGuarantees::replaySinceSendsDeliveredEventsAgain() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen(QHostAddress(kAddress)));
    WebhookReceiver other;
    QVERIFY(other.listen(QHostAddress(kAddress)));
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeWebhooks(
        {{receiver.url(), webhookEntry()}, {other.url(QStringLiteral("/other")), webhookEntry()}});
    QVERIFY(daemon.start());

    QVERIFY(sendEvents(daemon, 0, 2));
    QVERIFY(receiver.waitForRequests(2, kWaitMs));
    QVERIFY(other.waitForRequests(2, kWaitMs));
    QTest::qWait(1'100);
    const qint64 since = QDateTime::currentSecsSinceEpoch();
    QTest::qWait(1'100);
    QVERIFY(sendEvents(daemon, 2, 3));
    QVERIFY(receiver.waitForRequests(5, kWaitMs));
    const QList<QByteArray> originalIds = [&] {
        QList<QByteArray> ids;
        for (int i = 2; i < 5; ++i)
            ids.append(receiver.requests().at(i).headers.value("webhook-id"));
        return ids;
    }();

    const CliRun replay = runCli(daemon, {QStringLiteral("replay"), receiver.url(),
                                          QStringLiteral("--since"), QString::number(since)});
    QCOMPARE(replay.exitCode, 0);
    QVERIFY2(replay.out.contains("OK (3 events)"), replay.out.constData());
    QVERIFY(receiver.waitForRequests(8, kWaitMs));
    QTest::qWait(1'000);
    QCOMPARE(receiver.requests().size(), 8);
    QCOMPARE(namesOf(receiver.requests()).mid(5), expectedNames(2, 3));
    for (int i = 0; i < 3; ++i) // the same event: the same id, so a receiver can drop it
        QCOMPARE(receiver.requests().at(5 + i).headers.value("webhook-id"), originalIds[i]);
    QCOMPARE(other.requests().size(), 5); // a replay is for the one webhook only

    // An unknown webhook is refused with the exit code of webhook-mod.
    const CliRun unknown = runCli(
        daemon, {QStringLiteral("replay"), QStringLiteral("http://x/"), QStringLiteral("--dead")});
    QCOMPARE(unknown.exitCode, 6);
    QVERIFY(unknown.err.contains("does not exist"));
    QCOMPARE(daemon.stop(), 0);
}

void TestGuarantees::goneDisablesOnEveryNodeUntilModified() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen(QHostAddress(kPair[0])));
    const quint16 port = freePortOnAll(kPair);
    DaemonProcess first(kPair[0], port);
    DaemonProcess second(kPair[1], port);
    QVERIFY(first.start());
    second.copyClusterKeyFrom(first);
    QVERIFY(second.start());
    QCOMPARE(runCli(first, {QStringLiteral("peer-add"), kPair[1]}).exitCode, 0);
    QCOMPARE(runCli(first, {QStringLiteral("webhook-add"), receiver.url()}).exitCode, 0);

    receiver.setStatus(410);
    QVERIFY(second.sendDatagram("1468303352 VOLUME_CREATE name=gone"));
    QVERIFY(receiver.waitForRequests(1, kWaitMs));
    // Both nodes' files say so, and status shows it.
    for (const DaemonProcess *node : {&first, &second}) {
        QVERIFY2(eventually([&] {
                     return QJsonDocument::fromJson(
                                node->readEventsFile(QStringLiteral("webhooks.json")))
                         .object()
                         .value(receiver.url())
                         .toObject()
                         .value(QStringLiteral("disabled"))
                         .toString()
                         .startsWith(QStringLiteral("HTTP 410 Gone at "));
                 }),
                 node->readEventsFile(QStringLiteral("webhooks.json")).constData());
    }
    const CliRun status = runCli(first, {QStringLiteral("status")});
    QVERIFY2(status.out.contains("(disabled: HTTP 410 Gone at "), status.out.constData());

    // Nothing more is sent, from either node.
    QTest::qWait(500);
    receiver.clear();
    QVERIFY(first.sendDatagram("1468303352 VOLUME_CREATE name=a"));
    QVERIFY(second.sendDatagram("1468303352 VOLUME_CREATE name=b"));
    QTest::qWait(2'000);
    QCOMPARE(receiver.requests().size(), 0);

    // webhook-mod enables it again everywhere.
    receiver.setStatus(200);
    QCOMPARE(runCli(second, {QStringLiteral("webhook-mod"), receiver.url()}).exitCode, 0);
    const CliRun after = runCli(first, {QStringLiteral("status")});
    QVERIFY2(!after.out.contains("disabled"), after.out.constData());
    QVERIFY(first.sendDatagram("1468303352 VOLUME_CREATE name=c"));
    QVERIFY(second.sendDatagram("1468303352 VOLUME_CREATE name=d"));
    QVERIFY(receiver.waitForRequests(2, kWaitMs));
    QSet<QString> names;
    for (const auto &request : receiver.requests())
        names.insert(nameOf(request));
    QCOMPARE(names, (QSet<QString>{QStringLiteral("c"), QStringLiteral("d")}));

    // The history comes from both nodes: each one's 410 or deliveries, named as status names
    // the nodes.
    const CliRun history = runCli(first, {QStringLiteral("deliveries"), QStringLiteral("--json")});
    QCOMPARE(history.exitCode, 0);
    QSet<QString> nodes;
    QSet<int> statuses;
    for (const QJsonValue &attempt :
         jsonOutput(history).value(QStringLiteral("output")).toArray()) {
        nodes.insert(attempt.toObject().value(QStringLiteral("node")).toString());
        statuses.insert(attempt.toObject().value(QStringLiteral("status")).toInt());
    }
    QCOMPARE(nodes, (QSet<QString>{QStringLiteral("localhost"), kPair[1]}));
    QVERIFY(statuses.contains(410) && statuses.contains(200));
    QCOMPARE(first.stop(), 0);
    QCOMPARE(second.stop(), 0);
}

void TestGuarantees::httpsWithPrivateCa() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listenTls(QHostAddress(kAddress)));
    QVERIFY(receiver.url().startsWith(QStringLiteral("https://")));
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeConfig({{QStringLiteral("retry_max_interval"), 1}});
    QVERIFY(daemon.start());

    // The system CAs do not know the test CA: the delivery fails and is retried, never sent
    // without verification.
    const QString verified = receiver.url(QStringLiteral("/verified"));
    QCOMPARE(runCli(daemon, {QStringLiteral("webhook-add"), verified}).exitCode, 0);
    QVERIFY(sendEvents(daemon, 0, 1));
    QVERIFY(daemon.waitForLog("delivery of event", kWaitMs));
    QCOMPARE(receiver.requests().size(), 0);

    // With the private CA it goes through (the held event first).
    const CliRun mod = runCli(daemon, {QStringLiteral("webhook-mod"), verified,
                                       QStringLiteral("--ca-cert"), WebhookReceiver::testCaPath()});
    QCOMPARE(mod.exitCode, 0);
    QVERIFY2(receiver.waitForRequests(1, kWaitMs), daemon.log().right(3000).constData());
    QCOMPARE(nameOf(receiver.requests().at(0)), QStringLiteral("v0"));
    QVERIFY(QJsonDocument::fromJson(daemon.readEventsFile(QStringLiteral("webhooks.json")))
                .object()
                .value(verified)
                .toObject()
                .value(QStringLiteral("ca_cert"))
                .toString()
                .startsWith(QStringLiteral("-----BEGIN CERTIFICATE-----")));

    // Another CA is refused by verification; --insecure is an explicit choice status shows.
    const QString wrongCa = receiver.url(QStringLiteral("/wrong-ca"));
    QCOMPARE(runCli(daemon, {QStringLiteral("webhook-add"), wrongCa, QStringLiteral("--ca-cert"),
                             WebhookReceiver::otherCaPath()})
                 .exitCode,
             0);
    const QString insecure = receiver.url(QStringLiteral("/insecure"));
    QCOMPARE(runCli(daemon, {QStringLiteral("webhook-add"), insecure, QStringLiteral("--insecure")})
                 .exitCode,
             0);
    receiver.clear();
    QVERIFY(sendEvents(daemon, 1, 1));
    QVERIFY(receiver.waitForRequests(2, kWaitMs));
    QTest::qWait(2'000);
    QSet<QByteArray> paths;
    for (const auto &request : receiver.requests())
        paths.insert(request.path);
    QCOMPARE(paths, (QSet<QByteArray>{"/verified", "/insecure"}));
    const CliRun status = runCli(daemon, {QStringLiteral("status")});
    QVERIFY2(status.out.contains(
                 (insecure + QStringLiteral(" (insecure: certificate not verified)")).toUtf8()),
             status.out.constData());
    QVERIFY(status.out.contains((verified + QStringLiteral(" (private CA)")).toUtf8()));
    const CliRun failures = runCli(daemon, {QStringLiteral("deliveries"), wrongCa,
                                            QStringLiteral("--failed"), QStringLiteral("--json")});
    QCOMPARE(failures.exitCode, 0);
    const QJsonArray attempts = jsonOutput(failures).value(QStringLiteral("output")).toArray();
    QVERIFY(!attempts.isEmpty());
    QCOMPARE(attempts[0].toObject().value(QStringLiteral("status")).toInt(), 0);
    QVERIFY(!attempts[0].toObject().value(QStringLiteral("error")).toString().isEmpty());
    QCOMPARE(daemon.stop(), 0);
}

void TestGuarantees::httpsReceiverOfferingHttp2GetsHttp11() {
    // Most HTTPS servers offer h2; Qt 6.4 takes it by default and then waits 40 ms per request
    // (decision 014). This receiver offers it but speaks only HTTP/1.1: events arrive only if
    // the daemon declines h2.
    WebhookReceiver receiver;
    receiver.setOfferHttp2(true);
    QVERIFY(receiver.listenTls(QHostAddress(kAddress)));
    DaemonProcess daemon(kAddress, freePort(kAddress));
    const QString caPem = QString::fromLatin1(
        QSslCertificate::fromPath(WebhookReceiver::testCaPath()).value(0).toPem());
    daemon.writeWebhooks({{receiver.url(), webhookEntry({{QStringLiteral("ca_cert"), caPem}})}});
    QVERIFY(daemon.start());
    QVERIFY(sendEvents(daemon, 0, 3));
    QVERIFY2(receiver.waitForRequests(3, kWaitMs), daemon.log().right(3000).constData());
    QCOMPARE(namesOf(receiver.requests()), expectedNames(0, 3));
    QVERIFY(!receiver.negotiatedProtocols().isEmpty());
    // Qt asks for no protocol at all once h2 is off: HTTP/1.1 is what TLS carries then.
    for (const QByteArray &protocol : receiver.negotiatedProtocols())
        QVERIFY2(protocol != QSslConfiguration::ALPNProtocolHTTP2, protocol.constData());
    QCOMPARE(daemon.stop(), 0);
}

void TestGuarantees::spoolLimitDeadLettersTheStuckBacklog() {
    WebhookReceiver stuck;
    QVERIFY(stuck.listen(QHostAddress(kAddress)));
    stuck.setHang(true);
    WebhookReceiver healthy;
    QVERIFY(healthy.listen(QHostAddress(kAddress)));
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeConfig({{QStringLiteral("spool_limit_mb"), 1}});
    daemon.writeWebhooks({{stuck.url(QStringLiteral("/stuck")), webhookEntry()},
                          {healthy.url(QStringLiteral("/healthy")), webhookEntry()}});
    QVERIFY(daemon.start());

    // Events of about 4 KiB while one receiver never answers, until its backlog was shed, then
    // a few more. Not many more: the dead letters share the spool's disk budget with the stuck
    // one's new backlog, which takes their room once it needs it.
    const QByteArray padding(4'000, 'x');
    constexpr int kMaxCount = 1'000; // 4 MiB, four times the limit
    constexpr int kAfterShed = 20;
    int sent = 0;
    int shedAt = -1;
    // Paced so the healthy receiver (answering from this test's event loop, so only while it
    // waits) keeps up: only the stuck one falls a spool behind.
    while (sent < kMaxCount && (shedAt < 0 || sent < shedAt + kAfterShed)) {
        QVERIFY(daemon.sendDatagram("1468303352 VOLUME_CREATE name=v" + QByteArray::number(sent) +
                                    ";pad=" + padding));
        ++sent;
        QVERIFY(healthy.waitForRequests(sent, kWaitMs));
        if (shedAt < 0 && sent % 10 == 0 &&
            metricValue(daemon.fetchMetrics(), "glustereventsd_spool_backlogs_shed_total") >= 1)
            shedAt = sent;
    }
    QVERIFY(shedAt > 0);
    // The healthy webhook loses nothing: the stuck one's backlog made room, not new events.
    QVERIFY2(healthy.waitForRequests(sent, 60'000),
             qPrintable(QStringLiteral("%1 of %2: %3")
                            .arg(healthy.requests().size())
                            .arg(sent)
                            .arg(QString::fromUtf8([&] {
                                QByteArray lines;
                                for (const QByteArray &line : daemon.log().split('\n'))
                                    if (line.contains("spool"))
                                        lines += line + '\n';
                                return lines;
                            }()))));
    QCOMPARE(namesOf(healthy.requests()), expectedNames(0, sent));
    QVERIFY(daemon.waitForLog("spool full (spool_limit_mb 1): dead-lettered the backlog of " +
                                  stuck.url(QStringLiteral("/stuck")).toUtf8(),
                              kWaitMs));
    const QByteArray metrics = daemon.fetchMetrics();
    QVERIFY(metricValue(metrics, "glustereventsd_spool_backlogs_shed_total") >= 1);
    QCOMPARE(metricValue(metrics, "glustereventsd_events_dropped_total"), qint64(0));
    QVERIFY(metricValue(metrics, "glustereventsd_spool_bytes") < 1024 * 1024);

    // Status says so beside UP; --json keeps UP and says it in "error".
    const CliRun status = runCli(daemon, {QStringLiteral("status"), QStringLiteral("--json")});
    QCOMPARE(status.exitCode, 0);
    const QJsonObject row = jsonOutput(status)
                                .value(QStringLiteral("output"))
                                .toObject()
                                .value(QStringLiteral("data"))
                                .toArray()
                                .at(0)
                                .toObject();
    QCOMPARE(row.value(QStringLiteral("glustereventsd_status")).toString(), QStringLiteral("UP"));
    QVERIFY(row.value(QStringLiteral("error"))
                .toString()
                .startsWith(QStringLiteral("spool limit reached")));
    const CliRun table = runCli(daemon, {QStringLiteral("status")});
    QVERIFY2(table.out.contains("UP (spool limit reached"), table.out.constData());

    // The dead-lettered backlog can be sent again (here into the same hung receiver).
    const CliRun replay =
        runCli(daemon, {QStringLiteral("replay"), stuck.url(QStringLiteral("/stuck")),
                        QStringLiteral("--dead"), QStringLiteral("--json")});
    QCOMPARE(replay.exitCode, 0);
    QVERIFY(jsonOutput(replay)
                .value(QStringLiteral("output"))
                .toArray()
                .at(0)
                .toObject()
                .value(QStringLiteral("replayed"))
                .toInt() > 0);
    QCOMPARE(daemon.stop(), 0);
}

// Delivered history counts against spool_limit_mb on disk: a stream that a working receiver
// takes makes the oldest history go, never a new event, and status and /metrics say so.
void TestGuarantees::spoolLimitEvictsOldestHistoryNotNewEvents() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen(QHostAddress(kAddress)));
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeConfig({{QStringLiteral("spool_limit_mb"), 1}});
    daemon.writeWebhooks({{receiver.url(), webhookEntry()}});
    QVERIFY(daemon.start());

    // About 2.4 MiB of events, each delivered before the next: all of it becomes history.
    const QByteArray padding(4'000, 'x');
    constexpr int kCount = 600;
    for (int i = 0; i < kCount; ++i) {
        QVERIFY(daemon.sendDatagram("1468303352 VOLUME_CREATE name=v" + QByteArray::number(i) +
                                    ";pad=" + padding));
        QVERIFY(receiver.waitForRequests(i + 1, kWaitMs));
    }
    QCOMPARE(namesOf(receiver.requests()), expectedNames(0, kCount));
    QVERIFY(
        daemon.waitForLog("spool at its limit (spool_limit_mb 1): evicted the oldest ", kWaitMs));

    QByteArray metrics;
    QVERIFY(eventually([&] {
        metrics = daemon.fetchMetrics();
        return metricValue(metrics, "glustereventsd_history_evicted_total") > 0;
    }));
    QCOMPARE(metricValue(metrics, "glustereventsd_events_dropped_total"), qint64(0));
    QCOMPARE(metricValue(metrics, "glustereventsd_spool_full"), qint64(0));
    QVERIFY(metricValue(metrics, "glustereventsd_spool_disk_bytes") <= 1024 * 1024);
    QCOMPARE(metricValue(metrics, "glustereventsd_dead_letters_evicted_total"), qint64(0));

    const CliRun status = runCli(daemon, {QStringLiteral("status"), QStringLiteral("--json")});
    QCOMPARE(status.exitCode, 0);
    const QJsonObject row = jsonOutput(status)
                                .value(QStringLiteral("output"))
                                .toObject()
                                .value(QStringLiteral("data"))
                                .toArray()
                                .at(0)
                                .toObject();
    QCOMPARE(row.value(QStringLiteral("glustereventsd_status")).toString(), QStringLiteral("UP"));
    const QJsonObject spool = row.value(QStringLiteral("spool")).toObject();
    QVERIFY2(spool.value(QStringLiteral("history_evicted")).toInteger() > 0,
             status.out.constData());
    QCOMPARE(spool.value(QStringLiteral("events_dropped")).toInteger(-1), qint64(0));
    QCOMPARE(spool.value(QStringLiteral("limit_bytes")).toInteger(), qint64(1024 * 1024));
    QVERIFY(row.value(QStringLiteral("error"))
                .toString()
                .contains(QStringLiteral("history rows evicted")));
    const CliRun table = runCli(daemon, {QStringLiteral("status")});
    QVERIFY2(table.out.contains("history rows evicted"), table.out.constData());

    // The newest history is still there to list.
    const CliRun deliveries =
        runCli(daemon, {QStringLiteral("deliveries"), receiver.url(), QStringLiteral("--limit"),
                        QStringLiteral("1"), QStringLiteral("--json")});
    QCOMPARE(deliveries.exitCode, 0);
    QCOMPARE(jsonOutput(deliveries).value(QStringLiteral("output")).toArray().size(), 1);
    QCOMPARE(daemon.stop(), 0);
}

void TestGuarantees::badDeliveryOptionsAreRefused() {
    DaemonProcess daemon(kAddress, freePort(kAddress));
    QVERIFY(daemon.start());
    const QByteArray before = daemon.readEventsFile(QStringLiteral("webhooks.json"));

    const CliRun parallel =
        runCli(daemon, {QStringLiteral("webhook-add"), QStringLiteral("http://a/"),
                        QStringLiteral("--parallel"), QStringLiteral("65")});
    QCOMPARE(parallel.exitCode, 2); // a usage error
    QVERIFY(parallel.err.contains("--parallel needs a whole number from 1 to 64"));

    QTemporaryFile notPem;
    QVERIFY(notPem.open());
    notPem.write("not a certificate\n");
    notPem.flush();
    const CliRun badCa = runCli(daemon, {QStringLiteral("webhook-add"), QStringLiteral("http://a/"),
                                         QStringLiteral("--ca-cert"), notPem.fileName()});
    QCOMPARE(badCa.exitCode, 1);
    QVERIFY2(badCa.err.contains("holds no PEM certificate"), badCa.err.constData());
    const CliRun missingCa =
        runCli(daemon, {QStringLiteral("webhook-add"), QStringLiteral("http://a/"),
                        QStringLiteral("--ca-cert"), QStringLiteral("/nonexistent/ca.pem")});
    QCOMPARE(missingCa.exitCode, 1);
    QVERIFY(missingCa.err.contains("cannot read the CA certificate /nonexistent/ca.pem"));

    const CliRun replayWhat =
        runCli(daemon, {QStringLiteral("replay"), QStringLiteral("http://a/")});
    QCOMPARE(replayWhat.exitCode, 2);
    QVERIFY(replayWhat.err.contains("--since TS, --dead, or both"));
    const CliRun badSince =
        runCli(daemon, {QStringLiteral("replay"), QStringLiteral("http://a/"),
                        QStringLiteral("--since"), QStringLiteral("yesterday")});
    QCOMPARE(badSince.exitCode, 2);
    QVERIFY(badSince.err.contains("unix seconds or an ISO 8601 time"));
    const CliRun mixed = runCli(daemon, {QStringLiteral("webhook-add"), QStringLiteral("http://a/"),
                                         QStringLiteral("--insecure"), QStringLiteral("--verify")});
    QCOMPARE(mixed.exitCode, 2);

    QCOMPARE(daemon.readEventsFile(QStringLiteral("webhooks.json")), before);
    QCOMPARE(daemon.stop(), 0);
}

void TestGuarantees::changedFilterAppliesWithoutRestart() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen(QHostAddress(kAddress)));
    DaemonProcess daemon(kAddress, freePort(kAddress));
    QVERIFY(daemon.start());
    QCOMPARE(runCli(daemon, {QStringLiteral("webhook-add"), receiver.url(),
                             QStringLiteral("--events"), QStringLiteral("VOLUME_*")})
                 .exitCode,
             0);
    QVERIFY(daemon.sendDatagram("1468303352 PEER_ATTACH host=a"));
    QVERIFY(daemon.sendDatagram("1468303352 VOLUME_CREATE name=a"));
    QVERIFY(receiver.waitForRequests(1, kWaitMs));
    QCOMPARE(runCli(daemon, {QStringLiteral("webhook-mod"), receiver.url(),
                             QStringLiteral("--events"), QStringLiteral("PEER_*")})
                 .exitCode,
             0);
    QVERIFY(daemon.sendDatagram("1468303352 VOLUME_CREATE name=b"));
    QVERIFY(daemon.sendDatagram("1468303352 PEER_ATTACH host=b"));
    QVERIFY(receiver.waitForRequests(2, kWaitMs));
    QTest::qWait(1'000);
    QCOMPARE(receiver.requests().size(), 2);
    QVERIFY(receiver.requests().at(0).body.contains("\"VOLUME_CREATE\""));
    QVERIFY(receiver.requests().at(1).body.contains("\"PEER_ATTACH\""));
    QVERIFY(receiver.requests().at(1).body.contains("\"host\":\"b\""));
    QCOMPARE(daemon.stop(), 0);
}

void TestGuarantees::emitSendsARealEvent() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen(QHostAddress(kAddress)));
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeWebhooks({{receiver.url(), webhookEntry()}});
    QVERIFY(daemon.start());
    const CliRun emitted =
        runCli(daemon, {QStringLiteral("emit"), QStringLiteral("volume_create"),
                        QStringLiteral("name=gv9"), QStringLiteral("force=yes")});
    QCOMPARE(emitted.exitCode, 0);
    QVERIFY(emitted.out.startsWith("sent VOLUME_CREATE to 127.0.0.11:"));
    QVERIFY(receiver.waitForRequests(1, kWaitMs));
    const QJsonObject body = QJsonDocument::fromJson(receiver.requests().at(0).body).object();
    QCOMPARE(body.value(QStringLiteral("event")).toString(), QStringLiteral("VOLUME_CREATE"));
    QCOMPARE(body.value(QStringLiteral("message")).toObject(),
             (QJsonObject{{QStringLiteral("name"), QStringLiteral("gv9")},
                          {QStringLiteral("force"), true}}));
    // By wire index too (0 is PEER_ATTACH), and with no pairs.
    QCOMPARE(runCli(daemon, {QStringLiteral("emit"), QStringLiteral("0")}).exitCode, 0);
    QVERIFY(receiver.waitForRequests(2, kWaitMs));
    QVERIFY(receiver.requests().at(1).body.contains("\"PEER_ATTACH\""));

    const CliRun unknown = runCli(daemon, {QStringLiteral("emit"), QStringLiteral("NO_SUCH")});
    QCOMPARE(unknown.exitCode, 1);
    QVERIFY(unknown.err.contains("unknown event type 'NO_SUCH'"));
    const CliRun badPair = runCli(
        daemon, {QStringLiteral("emit"), QStringLiteral("VOLUME_START"), QStringLiteral("x")});
    QCOMPARE(badPair.exitCode, 1);
    QVERIFY(badPair.err.contains("'x' is not key=value"));
    QCOMPARE(daemon.stop(), 0);
    const CliRun stopped = runCli(
        daemon, {QStringLiteral("emit"), QStringLiteral("VOLUME_START"), QStringLiteral("name=a")});
    QCOMPARE(stopped.exitCode, 1);
    QVERIFY2(stopped.err.contains("does not answer") || stopped.err.contains("not running"),
             stopped.err.constData());
}

void TestGuarantees::fiveHundredWebhooksWithAThirdDeadDeliverToTheRest() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    // Dead: a port nobody listens on (connection refused), retried with backoff all along.
    const quint16 deadPort = freePort(QStringLiteral("127.0.0.1"));
    QJsonObject webhooks;
    QSet<QString> livePaths;
    for (int i = 0; i < 500; ++i) {
        if (i % 3 == 0) {
            webhooks.insert(QStringLiteral("http://127.0.0.1:%1/dead/%2").arg(deadPort).arg(i),
                            webhookEntry());
        } else {
            const QString path = QStringLiteral("/live/%1").arg(i);
            livePaths.insert(path);
            webhooks.insert(receiver.url(path), webhookEntry());
        }
    }
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeWebhooks(webhooks);
    QVERIFY(daemon.start());
    const qint64 threadsAtStart = daemon.processStatus("Threads");
    QVERIFY(sendEvents(daemon, 0, 3));

    const int expected = int(livePaths.size()) * 3;
    QVERIFY2(receiver.waitForRequests(expected, 120'000),
             qPrintable(QStringLiteral("%1 of %2").arg(receiver.requests().size()).arg(expected)));
    QHash<QString, QStringList> byPath;
    for (const auto &request : receiver.requests())
        byPath[QString::fromUtf8(request.path)].append(nameOf(request));
    QCOMPARE(byPath.size(), livePaths.size());
    for (auto it = byPath.cbegin(); it != byPath.cend(); ++it)
        QCOMPARE(it.value(), expectedNames(0, 3)); // each once, in order
    QVERIFY(daemon.isRunning());
    // Strict webhooks share the daemon's network thread: no thread per webhook, dead or alive.
    const qint64 threads = daemon.processStatus("Threads");
    QVERIFY2(
        threads > 0 && threads <= threadsAtStart + 4,
        qPrintable(QStringLiteral("%1 threads, %2 at start").arg(threads).arg(threadsAtStart)));
}

QTEST_GUILESS_MAIN(TestGuarantees)
#include "tst_guarantees.moc"

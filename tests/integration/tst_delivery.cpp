// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// The event's whole path through a real glustereventsd: real UDP datagrams in, real HTTP
// requests out to a real receiver.
#include "daemonprocess.h"
#include "webhookreceiver.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QProcess>
#include <QSet>
#include <QTcpSocket>
#include <QTest>
#include <QUdpSocket>

#include <memory>
#include <vector>

#include <unistd.h>

namespace {

const QString kAddress = QStringLiteral("127.0.0.2");
constexpr int kWaitMs = 20'000;

QJsonObject webhookEntry(const QString &token, const QString &secret = {}) {
    return {{QStringLiteral("token"), token}, {QStringLiteral("secret"), secret}};
}

// VOLUME_CREATE events named v0, v1, ... as fast as the socket takes them.
bool sendNumberedEvents(const DaemonProcess &daemon, int count) {
    QUdpSocket sender;
    for (int i = 0; i < count; ++i) {
        const QByteArray datagram = "1468303352 VOLUME_CREATE name=v" + QByteArray::number(i);
        if (sender.writeDatagram(datagram, QHostAddress(kAddress), daemon.port()) !=
            datagram.size())
            return false;
    }
    return true;
}

QByteArray base64UrlDecode(const QByteArray &text) {
    return QByteArray::fromBase64(text, QByteArray::Base64UrlEncoding);
}

} // namespace

class TestDelivery : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void deliversEventWithBodyAndHeaders();
    void signsWithFreshJwtWhenWebhookHasSecret();
    void keepsOrderPerWebhook();
    void signsTheStandardWebhooksWay();
    void deadReceiverDoesNotDelayLiveOne();
    void givesUpOnTricklingReceiverAtDeadline();
    void retriesUntilReceiverRecoversWithSameId();
    void countsRedirectAsFailure();
    void honoursRetryAfter();
    void capsBackoffAtRetryMaxInterval();
    void deliversBurstOf2000WithoutLoss();
    void keepsItsConnectionToAStrictWebhookAlive();
    void dropsMalformedDatagramsAndKeepsDelivering();
    void usesGlusterdUuidAsNodeIdWithoutWritingIt();
    void exposesMetricsWithoutNamingUrls();
    void takesEventsOnlyFromAllowedSources();
    void floodOfMalformedDatagramsFromManySourcesChangesNothing();
};

void TestDelivery::deliversEventWithBodyAndHeaders() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeWebhooks({{receiver.url(), webhookEntry(QStringLiteral("tok123"))}});
    QVERIFY(daemon.start());

    QVERIFY(daemon.sendDatagram("1468303352 2 name=gv1"));
    QVERIFY(daemon.sendDatagram("1468303353 VOLUME_START name=gv1;force=yes\n"));
    QVERIFY(receiver.waitForRequests(2, kWaitMs));

    const auto &first = receiver.requests().at(0);
    QCOMPARE(first.method, QByteArray("POST"));
    QCOMPARE(first.path, QByteArray("/listen"));
    QCOMPARE(first.headers.value("content-type"), QByteArray("application/json"));
    QCOMPARE(first.headers.value("authorization"), QByteArray("Bearer tok123"));
    QCOMPARE(
        first.body,
        QByteArray("{\"event\":\"VOLUME_CREATE\",\"message\":{\"name\":\"gv1\"},\"nodeid\":\"") +
            daemon.nodeId().toUtf8() + "\",\"ts\":1468303352}");
    const auto &second = receiver.requests().at(1);
    QCOMPARE(second.body, QByteArray("{\"event\":\"VOLUME_START\",\"message\":{\"force\":true,"
                                     "\"name\":\"gv1\"},\"nodeid\":\"") +
                              daemon.nodeId().toUtf8() + "\",\"ts\":1468303353}");
    QVERIFY(!first.headers.value("webhook-id").isEmpty());
    QVERIFY(first.headers.value("webhook-id") != second.headers.value("webhook-id"));
    // Set once per webhook rather than by Qt per request: still what the URL names.
    QCOMPARE(first.headers.value("host"),
             QStringLiteral("127.0.0.1:%1").arg(receiver.port()).toLatin1());
    QVERIFY(first.headers.value("user-agent").startsWith("glustereventsd/"));
    QCOMPARE(daemon.stop(), 0);
}

void TestDelivery::signsWithFreshJwtWhenWebhookHasSecret() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    DaemonProcess daemon(kAddress, freePort(kAddress));
    const QByteArray secret = "s3cret-for-jwt";
    daemon.writeWebhooks({{receiver.url(), webhookEntry(QStringLiteral("ignored-token"),
                                                        QString::fromUtf8(secret))}});
    QVERIFY(daemon.start());

    const qint64 before = QDateTime::currentSecsSinceEpoch();
    QVERIFY(daemon.sendDatagram("1468303352 VOLUME_DELETE name=gv1"));
    QVERIFY(receiver.waitForRequests(1, kWaitMs));
    const qint64 after = QDateTime::currentSecsSinceEpoch();

    const QByteArray authorization = receiver.requests().at(0).headers.value("authorization");
    QVERIFY(authorization.startsWith("Bearer "));
    const QList<QByteArray> parts = authorization.mid(7).split('.');
    QCOMPARE(parts.size(), 3);
    // Verify as a receiver would: recompute the signature from the secret.
    const QByteArray expected = QMessageAuthenticationCode::hash(parts[0] + '.' + parts[1], secret,
                                                                 QCryptographicHash::Sha256);
    QCOMPARE(base64UrlDecode(parts[2]), expected);
    const QJsonObject header = QJsonDocument::fromJson(base64UrlDecode(parts[0])).object();
    QCOMPARE(header.value(QStringLiteral("alg")).toString(), QStringLiteral("HS256"));
    const QJsonObject claims = QJsonDocument::fromJson(base64UrlDecode(parts[1])).object();
    QCOMPARE(claims.value(QStringLiteral("iss")).toString(), QStringLiteral("gluster"));
    QCOMPARE(claims.value(QStringLiteral("sub")).toString(), QStringLiteral("VOLUME_DELETE"));
    QCOMPARE(claims.value(QStringLiteral("iat")).toInteger(), 1468303352);
    const qint64 exp = claims.value(QStringLiteral("exp")).toInteger();
    QVERIFY2(exp >= before + 60 && exp <= after + 60, QByteArray::number(exp).constData());
}

void TestDelivery::signsTheStandardWebhooksWay() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.failNext(1, 500);
    DaemonProcess daemon(kAddress, freePort(kAddress));
    const QByteArray key = "0123456789abcdef0123456789abcdef";
    QJsonObject entry = webhookEntry(QString());
    entry.insert(QStringLiteral("signing_secret"), QString::fromLatin1("whsec_" + key.toBase64()));
    daemon.writeWebhooks({{receiver.url(), entry}});
    QVERIFY(daemon.start());
    QVERIFY(daemon.sendDatagram("1468303352 VOLUME_CREATE name=signed"));
    QVERIFY(receiver.waitForRequests(2, kWaitMs));
    for (const auto &request : receiver.requests()) {
        // Verified as a receiver does: HMAC-SHA256 over "id.timestamp.body" with the key.
        const QByteArray id = request.headers.value("webhook-id");
        const QByteArray timestamp = request.headers.value("webhook-timestamp");
        QVERIFY(!id.isEmpty() && !timestamp.isEmpty());
        QVERIFY(qAbs(timestamp.toLongLong() - QDateTime::currentSecsSinceEpoch()) < 30);
        const QByteArray expected =
            "v1," + QMessageAuthenticationCode::hash(id + '.' + timestamp + '.' + request.body, key,
                                                     QCryptographicHash::Sha256)
                        .toBase64();
        QCOMPARE(request.headers.value("webhook-signature"), expected);
    }
    QCOMPARE(receiver.requests().at(0).headers.value("webhook-id"),
             receiver.requests().at(1).headers.value("webhook-id"));
}

void TestDelivery::keepsOrderPerWebhook() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeWebhooks({{receiver.url(), webhookEntry(QString())}});
    QVERIFY(daemon.start());

    constexpr int kCount = 200;
    for (int i = 0; i < kCount; ++i)
        QVERIFY(daemon.sendDatagram("1468303352 VOLUME_CREATE name=vol" + QByteArray::number(i)));
    QVERIFY(receiver.waitForRequests(kCount, kWaitMs));
    for (int i = 0; i < kCount; ++i) {
        const QJsonObject body = QJsonDocument::fromJson(receiver.requests().at(i).body).object();
        QCOMPARE(body.value(QStringLiteral("message"))
                     .toObject()
                     .value(QStringLiteral("name"))
                     .toString(),
                 QStringLiteral("vol%1").arg(i));
    }
    QVERIFY(!receiver.requests().at(0).headers.contains("authorization"));
}

void TestDelivery::deadReceiverDoesNotDelayLiveOne() {
    WebhookReceiver live;
    WebhookReceiver hung; // accepts and never answers
    hung.setHang(true);
    QVERIFY(live.listen());
    QVERIFY(hung.listen());
    // A port where nothing listens: every attempt is refused.
    const QString refused =
        QStringLiteral("http://127.0.0.1:%1/listen").arg(freePort(QStringLiteral("127.0.0.1")));
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeWebhooks({{live.url(), webhookEntry(QString())},
                          {hung.url(), webhookEntry(QString())},
                          {refused, webhookEntry(QString())}});
    QVERIFY(daemon.start());

    constexpr int kCount = 50;
    for (int i = 0; i < kCount; ++i)
        QVERIFY(daemon.sendDatagram("1468303352 PEER_ATTACH host=node" + QByteArray::number(i)));
    // Well inside the 10 s request timeout of the hung one: the live one never waits for it.
    QVERIFY(live.waitForRequests(kCount, 8'000));
    QCOMPARE(hung.requests().size(), 1);
    QCOMPARE(daemon.stop(), 0);
}

void TestDelivery::givesUpOnTricklingReceiverAtDeadline() {
    // A byte every 2 s keeps a transfer timeout from firing; the overall 10 s deadline stops it
    // and the event is tried again.
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.setTrickle(2'000);
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeWebhooks({{receiver.url(), webhookEntry(QString())}});
    QVERIFY(daemon.start());
    QVERIFY(daemon.sendDatagram("1468303352 VOLUME_STOP name=gv1"));
    QVERIFY(receiver.waitForRequests(1, kWaitMs));
    receiver.setTrickle(0);
    QVERIFY2(daemon.waitForLog("failed (", 20'000), daemon.log().constData());
    QVERIFY(receiver.waitForRequests(2, 20'000));
    const auto &requests = receiver.requests();
    QCOMPARE(requests.at(1).headers.value("webhook-id"),
             requests.at(0).headers.value("webhook-id"));
    QVERIFY2(requests.at(1).receivedAtMs - requests.at(0).receivedAtMs >= 9'000,
             "the retry came before the deadline");
    QCOMPARE(daemon.stop(), 0);
}

void TestDelivery::retriesUntilReceiverRecoversWithSameId() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.failNext(2, 503);
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeWebhooks({{receiver.url(), webhookEntry(QString())}});
    QVERIFY(daemon.start());

    QVERIFY(daemon.sendDatagram("1468303352 VOLUME_STOP name=gv1"));
    QVERIFY(daemon.sendDatagram("1468303353 VOLUME_STOP name=gv2"));
    // Two failures (about 1 s and 2 s of backoff), then both delivered, in order.
    QVERIFY(receiver.waitForRequests(4, kWaitMs));
    const auto &requests = receiver.requests();
    QCOMPARE(requests.at(0).headers.value("webhook-id"),
             requests.at(1).headers.value("webhook-id"));
    QCOMPARE(requests.at(1).headers.value("webhook-id"),
             requests.at(2).headers.value("webhook-id"));
    QVERIFY(requests.at(2).body.contains("\"gv1\""));
    QVERIFY(requests.at(3).body.contains("\"gv2\""));
    QVERIFY(daemon.log().contains("failed (HTTP 503)"));
}

void TestDelivery::countsRedirectAsFailure() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.failNext(1, 307);
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeWebhooks({{receiver.url(), webhookEntry(QString())}});
    QVERIFY(daemon.start());
    QVERIFY(daemon.sendDatagram("1468303352 VOLUME_STOP name=gv1"));
    QVERIFY(receiver.waitForRequests(2, kWaitMs));
    QVERIFY(daemon.log().contains("failed (HTTP 307)"));
}

void TestDelivery::honoursRetryAfter() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.failNext(1, 503, "Retry-After: 3\r\n");
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeWebhooks({{receiver.url(), webhookEntry(QString())}});
    QVERIFY(daemon.start());
    QVERIFY(daemon.sendDatagram("1468303352 VOLUME_STOP name=later"));
    QVERIFY(receiver.waitForRequests(2, kWaitMs));
    // The backoff alone would have tried again after at most 1 s.
    const qint64 gap =
        receiver.requests().at(1).receivedAtMs - receiver.requests().at(0).receivedAtMs;
    // Arrival times are taken by this process's event loop, which lags under load: the margin
    // is wide, and the daemon's own log below says exactly how long it waited.
    QVERIFY2(gap >= 2'000, QByteArray::number(gap).constData());
    QVERIFY(daemon.log().contains("next try in 3000 ms"));
}

void TestDelivery::capsBackoffAtRetryMaxInterval() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.failNext(6, 500);
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeWebhooks({{receiver.url(), webhookEntry(QString())}});
    daemon.writeConfig({{QStringLiteral("retry_max_interval"), 1}});
    QVERIFY(daemon.start());
    QVERIFY(daemon.sendDatagram("1468303352 VOLUME_STOP name=capped"));
    // Uncapped, six failures wait at least 0.5+1+2+4+8+16 s; capped at 1 s, about 6 s.
    QVERIFY(receiver.waitForRequests(7, 25'000));
    for (qsizetype i = 1; i < receiver.requests().size(); ++i)
        QVERIFY(receiver.requests().at(i).receivedAtMs -
                    receiver.requests().at(i - 1).receivedAtMs <
                5'000);
}

void TestDelivery::deliversBurstOf2000WithoutLoss() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeWebhooks({{receiver.url(), webhookEntry(QString())}});
    QVERIFY(daemon.start());

    constexpr int kCount = 2000;
    QVERIFY(sendNumberedEvents(daemon, kCount));
    QVERIFY2(receiver.waitForRequests(kCount, 60'000),
             qPrintable(
                 QStringLiteral("received %1 of %2").arg(receiver.requests().size()).arg(kCount)));
    QSet<QByteArray> names;
    for (const auto &request : receiver.requests())
        names.insert(request.body);
    QCOMPARE(names.size(), kCount);
}

void TestDelivery::keepsItsConnectionToAStrictWebhookAlive() {
    // One event after another over one kept-alive connection. A client that reconnects for
    // some of them pays a TCP handshake each time and leaves a TIME_WAIT socket behind; at a
    // few thousand events a second those use up the ephemeral ports. Qt 6.4's HTTP client on
    // Qt's own event dispatcher (QT_NO_GLIB=1) reconnected for 5-40% of them (decision 010).
    // The receiver is the benchmark's epoll one, which answers within microseconds as a real
    // receiver does: the fault hides behind the slower answers of the Qt receiver in this process.
    const quint16 sinkPort = freePort(kAddress);
    QProcess sink;
    sink.start(QStringLiteral(EVENTS_BENCH_SINK),
               {QStringLiteral("--address"), kAddress, QStringLiteral("--port"),
                QString::number(sinkPort)});
    QVERIFY(sink.waitForReadyRead(kWaitMs));
    QCOMPARE(sink.readLine().trimmed(), QByteArray("ready"));
    // A figure of the receiver's one-line stats ("count=500 ... accepted=1").
    const auto stat = [&sink](const QByteArray &name) {
        sink.write("stats\n");
        if (!sink.waitForReadyRead(kWaitMs))
            return qint64(-1);
        const QByteArray line = ' ' + sink.readLine();
        const qsizetype at = line.indexOf(QByteArray(' ' + name + '='));
        return at < 0 ? -1
                      : line.mid(at + name.size() + 2).split(' ').first().trimmed().toLongLong();
    };
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeWebhooks(
        {{QStringLiteral("http://%1:%2/").arg(kAddress).arg(sinkPort), webhookEntry(QString())}});
    QVERIFY(daemon.start());

    constexpr int kCount = 500;
    QVERIFY(sendNumberedEvents(daemon, kCount));
    QTRY_COMPARE_WITH_TIMEOUT(stat("count"), kCount, 60'000);
    // The first connection, and room for a rare reconnect: not one per few events.
    const qint64 accepted = stat("accepted");
    QVERIFY2(accepted >= 1 && accepted <= 3,
             qPrintable(QStringLiteral("%1 connections for %2 events").arg(accepted).arg(kCount)));
    sink.closeWriteChannel(); // it stops at the end of its input
    QVERIFY(sink.waitForFinished(kWaitMs));
}

void TestDelivery::dropsMalformedDatagramsAndKeepsDelivering() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeWebhooks({{receiver.url(), webhookEntry(QString())}});
    QVERIFY(daemon.start());

    const QList<QByteArray> malformed = {"",
                                         "1468303352",
                                         "1468303352 9999 a=b",
                                         "x 2 a=b",
                                         "1468303352 2 novalue",
                                         "1468303352 2 a=\xff\xfe",
                                         "1468303352 NOT_A_TYPE a=b"};
    for (int round = 0; round < 20; ++round) {
        for (const QByteArray &datagram : malformed)
            QVERIFY(daemon.sendDatagram(datagram));
    }
    QVERIFY(daemon.sendDatagram("1468303352 VOLUME_CREATE name=good"));
    QVERIFY(receiver.waitForRequests(1, kWaitMs));
    QCOMPARE(receiver.requests().size(), 1);
    QVERIFY(receiver.requests().at(0).body.contains("\"good\""));
    QVERIFY(daemon.isRunning());
    // 140 bad datagrams; the rate limit lets only the first few through to the log.
    const int logged = daemon.log().count("dropped malformed datagram from 127.0.0.1");
    QVERIFY2(logged >= 5 && logged <= 10, QByteArray::number(logged).constData());
    QVERIFY(daemon.log().contains("unknown event type '9999'"));
}

void TestDelivery::usesGlusterdUuidAsNodeIdWithoutWritingIt() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    DaemonProcess daemon(kAddress, freePort(kAddress));
    const QByteArray info = "UUID=95cd599c-5d87-43c1-8fba-b12821fd41b6\noperating-version=100000\n";
    {
        QFile file(daemon.workdir() + QStringLiteral("/glusterd.info"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(info);
    }
    daemon.writeWebhooks({{receiver.url(), webhookEntry(QString())}});
    QVERIFY(daemon.start());
    QVERIFY(daemon.sendDatagram("1468303352 2 name=gv1"));
    QVERIFY(receiver.waitForRequests(1, kWaitMs));
    QVERIFY(receiver.requests().at(0).body.contains(
        "\"nodeid\":\"95cd599c-5d87-43c1-8fba-b12821fd41b6\""));
    QFile file(daemon.workdir() + QStringLiteral("/glusterd.info"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), info);
    QVERIFY(!QFile::exists(daemon.eventsDir() + QStringLiteral("/node.id")));
}

void TestDelivery::exposesMetricsWithoutNamingUrls() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.failNext(1, 500);
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeWebhooks({{receiver.url(), webhookEntry(QStringLiteral("tok"))}});
    QVERIFY(daemon.start());
    QVERIFY(daemon.sendDatagram("1468303352 VOLUME_CREATE name=m1"));
    QVERIFY(daemon.sendDatagram("1468303352 VOLUME_CREATE name=m2"));
    QVERIFY(daemon.sendDatagram("not an event"));
    QVERIFY(receiver.waitForRequests(3, kWaitMs));

    QByteArray metrics;
    QTRY_VERIFY_WITH_TIMEOUT((metrics = daemon.fetchMetrics(),
                              metrics.contains("glustereventsd_events_delivered_total{webhook=") &&
                                  metrics.contains("} 2\n")),
                             kWaitMs);
    QVERIFY2(metrics.startsWith("HTTP/1.1 200"), metrics.constData());
    QVERIFY(metrics.contains("glustereventsd_events_received_total 2\n"));
    QVERIFY(metrics.contains("glustereventsd_datagrams_malformed_total 1\n"));
    // The label is keyed with the cluster key (HMAC under a key derived for this purpose), so
    // an outsider cannot confirm a guessed URL by hashing it.
    const QByteArray labelKey = QMessageAuthenticationCode::hash(
        "metrics-webhook-label", daemon.readEventsFile(QStringLiteral("cluster.key")).trimmed(),
        QCryptographicHash::Sha256);
    const QByteArray id = QMessageAuthenticationCode::hash(receiver.url().toUtf8(), labelKey,
                                                           QCryptographicHash::Sha256)
                              .toHex()
                              .left(12);
    const QByteArray label = "{webhook=\"" + id + "\"}";
    QVERIFY2(metrics.contains(QByteArray("glustereventsd_events_delivered_total" + label + " 2\n")),
             metrics.constData());
    QVERIFY(
        metrics.contains(QByteArray("glustereventsd_delivery_failures_total" + label + " 1\n")));
    QVERIFY(metrics.contains(QByteArray("glustereventsd_delivery_retries_total" + label + " 1\n")));
    QVERIFY(metrics.contains(QByteArray("glustereventsd_queue_depth" + label + " 0\n")));
    QVERIFY(metrics.contains(
        QByteArray("glustereventsd_delivery_latency_seconds_count" + label + " 2\n")));
    QVERIFY(!metrics.contains(receiver.url().toUtf8()));
    QVERIFY(!metrics.contains(
        QCryptographicHash::hash(receiver.url().toUtf8(), QCryptographicHash::Sha256)
            .toHex()
            .left(12)));
    QVERIFY(!metrics.contains("tok"));
}

void TestDelivery::takesEventsOnlyFromAllowedSources() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeWebhooks({{receiver.url(), webhookEntry(QString())}});
    daemon.writeConfig(
        {{QStringLiteral("event_sources"), QStringLiteral("127.0.0.21, 10.0.0.0/8")}});
    QVERIFY(daemon.start());

    // Two gluster nodes on one machine: senders bound to their own loopback addresses.
    QUdpSocket allowed;
    QUdpSocket stranger;
    QVERIFY(allowed.bind(QHostAddress(QStringLiteral("127.0.0.21")), 0));
    QVERIFY(stranger.bind(QHostAddress(QStringLiteral("127.0.0.22")), 0));
    const QHostAddress target(kAddress);
    for (int i = 0; i < 30; ++i)
        stranger.writeDatagram("1468303352 VOLUME_CREATE name=stranger", target, daemon.port());
    allowed.writeDatagram("1468303352 VOLUME_CREATE name=allowed", target, daemon.port());
    QVERIFY(receiver.waitForRequests(1, kWaitMs));
    QVERIFY(daemon.waitForLog("dropped datagram from 127.0.0.22:", kWaitMs));
    QTest::qWait(300); // anything let through by mistake would arrive by now
    QCOMPARE(receiver.requests().size(), 1);
    QVERIFY(receiver.requests().at(0).body.contains("\"allowed\""));
    // Counted, and logged rate-limited.
    QTRY_VERIFY_WITH_TIMEOUT(
        daemon.fetchMetrics().contains("glustereventsd_datagrams_refused_total 30\n"), kWaitMs);
    const int logged = daemon.log().count("source not in event_sources");
    QVERIFY2(logged >= 1 && logged <= 10, QByteArray::number(logged).constData());

    // Emptied (any source again), picked up from config.json without a restart.
    daemon.writeConfig({});
    QVERIFY(daemon.waitForLog("reloaded (settings files changed)", kWaitMs));
    QTRY_VERIFY_WITH_TIMEOUT(
        (stranger.writeDatagram("1468303352 VOLUME_CREATE name=welcome", target, daemon.port()),
         receiver.waitForRequests(2, 500)),
        kWaitMs);
    QVERIFY(receiver.requests().at(1).body.contains("\"welcome\""));
}

void TestDelivery::floodOfMalformedDatagramsFromManySourcesChangesNothing() {
    // Only root may raise the receive buffer past net.core.rmem_max; with the default buffer
    // the kernel itself drops part of a flood, good events included. CI runs as root.
    if (::geteuid() != 0)
        QSKIP("needs root for SO_RCVBUFFORCE");
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeWebhooks({{receiver.url(), webhookEntry(QString())}});
    QVERIFY(daemon.start());
    QVERIFY(daemon.sendDatagram("1468303352 VOLUME_CREATE name=warm"));
    QVERIFY(receiver.waitForRequests(1, kWaitMs));
    const qint64 residentBefore = daemon.processStatus("VmRSS");

    // 16 sources, 24,000 malformed datagrams of several kinds, a good event every 500.
    std::vector<std::unique_ptr<QUdpSocket>> sources;
    for (int i = 0; i < 16; ++i) {
        sources.push_back(std::make_unique<QUdpSocket>());
        QVERIFY(sources.back()->bind(QHostAddress(QStringLiteral("127.0.0.%1").arg(30 + i)), 0));
    }
    const QList<QByteArray> malformed = {
        "1468303352",           "1468303352 9999 a=b",     "x 2 a=b",
        "1468303352 2 novalue", "1468303352 2 a=\xff\xfe", QByteArray(300, '\x01')};
    const QHostAddress target(kAddress);
    int good = 0;
    for (int i = 0; i < 24'000; ++i) {
        QUdpSocket &source = *sources[size_t(i) % sources.size()];
        const QByteArray &datagram = malformed[i % malformed.size()];
        QCOMPARE(source.writeDatagram(datagram, target, daemon.port()), datagram.size());
        if (i % 500 == 499) {
            QVERIFY(daemon.sendDatagram("1468303352 VOLUME_CREATE name=g" +
                                        QByteArray::number(good++)));
            QTest::qWait(2); // paced like a busy network, not a loopback burst
        }
    }
    QVERIFY2(receiver.waitForRequests(1 + good, 60'000),
             qPrintable(QStringLiteral("%1 of %2").arg(receiver.requests().size()).arg(1 + good)));
    QTRY_VERIFY_WITH_TIMEOUT(
        daemon.fetchMetrics().contains("glustereventsd_datagrams_malformed_total 24000\n"),
        kWaitMs);
    QVERIFY(daemon.isRunning());
    // Rate-limited: at most 10 lines per 10 s, whatever the number of sources.
    const int logged = daemon.log().count("dropped malformed datagram from");
    QVERIFY2(logged >= 1 && logged <= 30, QByteArray::number(logged).constData());
    // Nothing is kept per bad datagram or per source. Under AddressSanitizer freed blocks wait
    // in its quarantine (up to 256 MiB) before reuse, so there the bound is looser: 18 MiB of
    // growth was seen for this flood.
#if defined(__SANITIZE_ADDRESS__)
    constexpr qint64 kMaxGrowthKib = 64 * 1024;
#else
    constexpr qint64 kMaxGrowthKib = 16 * 1024;
#endif
    const qint64 growthKib = daemon.processStatus("VmRSS") - residentBefore;
    QVERIFY2(residentBefore > 0 && growthKib < kMaxGrowthKib,
             qPrintable(QStringLiteral("resident grew by %1 KiB").arg(growthKib)));
}

QTEST_GUILESS_MAIN(TestDelivery)
#include "tst_delivery.moc"

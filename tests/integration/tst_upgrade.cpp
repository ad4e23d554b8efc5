// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// A node upgraded from the original (Python) glustereventsd: config.json and webhooks.json as
// that daemon, its CLI and an admin left them. The daemon starts on them, delivers to every
// webhook it can use, says in status what it skipped, and the CLI's rewrites of webhooks.json
// keep the entry it skips.
#include "cliprocess.h"
#include "daemonprocess.h"
#include "webhookreceiver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace {

const QString kAddress = QStringLiteral("127.0.0.14");
constexpr int kWaitMs = 20'000;
const QString kFtp = QStringLiteral("ftp://files.example/drop");

QJsonObject jsonOf(const QByteArray &text) {
    return QJsonDocument::fromJson(text).object();
}

// The one request that went to `path`; an empty one when there is not exactly one.
WebhookReceiver::Request requestTo(const WebhookReceiver &receiver, const QByteArray &path) {
    QList<WebhookReceiver::Request> found;
    for (const WebhookReceiver::Request &request : receiver.requests()) {
        if (request.path == path)
            found.append(request);
    }
    return found.size() == 1 ? found.constFirst() : WebhookReceiver::Request{};
}

} // namespace

class TestUpgrade : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void runsOnTheOriginalsSettingsFiles();
};

void TestUpgrade::runsOnTheOriginalsSettingsFiles() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    DaemonProcess daemon(kAddress, freePort(kAddress));
    // As the original's CLI writes them (json.dumps: hyphenated names, the level as typed, the
    // port a number, a webhook-add without --bearer_token), with the bool written by hand as
    // that CLI's boolify word and an older entry whose value is the bare token.
    daemon.writeEventsFile(QStringLiteral("config.json"),
                           R"({"log-level": "WARN", "disable-events-log": "enabled", "port": )" +
                               QByteArray::number(daemon.port()) + '}');
    const QByteArray good = receiver.url(QStringLiteral("/good")).toUtf8();
    const QByteArray bare = receiver.url(QStringLiteral("/bare")).toUtf8();
    daemon.writeEventsFile(QStringLiteral("webhooks.json"),
                           R"({")" + good + R"(": {"token": "tok", "secret": ""}, ")" +
                               kFtp.toUtf8() + R"(": {"token": "", "secret": ""}, ")" + bare +
                               R"(": "baretoken"})");
    QVERIFY(daemon.start());

    // Every usable webhook gets a real event, with its token.
    QVERIFY(daemon.sendDatagram("1468303352 VOLUME_CREATE name=upgraded"));
    QVERIFY(receiver.waitForRequests(2, kWaitMs));
    QCOMPARE(requestTo(receiver, "/good").headers.value("authorization"), QByteArray("Bearer tok"));
    QCOMPARE(requestTo(receiver, "/bare").headers.value("authorization"),
             QByteArray("Bearer baretoken"));
    QVERIFY(requestTo(receiver, "/bare").body.contains("\"name\":\"upgraded\""));
    // "enabled" turned the events log off, and WARN is WARNING: neither the event nor the INFO
    // line saying the daemon started is in the log, but the skipped entry is, once.
    const QByteArray skipped =
        "webhooks.json: entry '" + kFtp.toUtf8() + "' skipped (not an http:// or https:// URL)";
    QVERIFY2(daemon.waitForLog(skipped, kWaitMs), daemon.log().constData());
    QVERIFY2(!daemon.log().contains("\"name\":\"upgraded\""), daemon.log().constData());
    QVERIFY2(!daemon.log().contains(" started: node "), daemon.log().constData());
    const CliRun config = runCli(daemon, {QStringLiteral("config-get"), QStringLiteral("--json")});
    QCOMPARE(config.exitCode, 0);
    const QJsonObject values = jsonOf(config.out).value(QStringLiteral("output")).toObject();
    QCOMPARE(values.value(QStringLiteral("log_level")), QJsonValue(QStringLiteral("WARNING")));
    QCOMPARE(values.value(QStringLiteral("disable_events_log")), QJsonValue(true));
    QCOMPARE(values.value(QStringLiteral("port")), QJsonValue(daemon.port()));

    // Status says what was skipped beside UP, and still exits 0 for a healthy node.
    const CliRun status = runCli(daemon, {QStringLiteral("status")});
    QCOMPARE(status.exitCode, 0);
    QVERIFY2(status.out.contains("UP (webhooks.json: 1 entry skipped: see the log)"),
             status.out.constData());
    QVERIFY2(status.out.contains(
                 QByteArray(kFtp.toUtf8() + " (skipped: not an http:// or https:// URL)\n")),
             status.out.constData());
    const CliRun statusJson = runCli(daemon, {QStringLiteral("status"), QStringLiteral("--json")});
    QCOMPARE(statusJson.exitCode, 0);
    const QJsonObject row = jsonOf(statusJson.out)
                                .value(QStringLiteral("output"))
                                .toObject()
                                .value(QStringLiteral("data"))
                                .toArray()
                                .at(0)
                                .toObject();
    QCOMPARE(row.value(QStringLiteral("glustereventsd_status")).toString(), QStringLiteral("UP"));
    QCOMPARE(row.value(QStringLiteral("error")).toString(),
             QStringLiteral("webhooks.json: 1 entry skipped: see the log"));

    // webhook-add rewrites webhooks.json: the skipped entry stays as it was.
    const QString added = receiver.url(QStringLiteral("/added"));
    const CliRun add = runCli(daemon, {QStringLiteral("webhook-add"), added});
    QVERIFY2(add.exitCode == 0, QByteArray(add.out + add.err).constData());
    const QJsonObject file = jsonOf(daemon.readEventsFile(QStringLiteral("webhooks.json")));
    QCOMPARE(file.value(kFtp), QJsonValue(QJsonObject{{QStringLiteral("token"), QString()},
                                                      {QStringLiteral("secret"), QString()}}));
    QCOMPARE(file.size(), 4);
    receiver.clear();
    QVERIFY(daemon.sendDatagram("1468303352 VOLUME_CREATE name=after-add"));
    QVERIFY(receiver.waitForRequests(3, kWaitMs));
    QVERIFY(requestTo(receiver, "/added").body.contains("\"name\":\"after-add\""));
    // The reloads since did not say it again.
    QCOMPARE(daemon.log().count(skipped), 1);

    // The admin can clean up: webhook-del removes the entry, and the warning goes with it.
    const CliRun del = runCli(daemon, {QStringLiteral("webhook-del"), kFtp});
    QVERIFY2(del.exitCode == 0, QByteArray(del.out + del.err).constData());
    QVERIFY(!jsonOf(daemon.readEventsFile(QStringLiteral("webhooks.json"))).contains(kFtp));
    const CliRun clean = runCli(daemon, {QStringLiteral("status")});
    QCOMPARE(clean.exitCode, 0);
    QVERIFY2(!clean.out.contains("skipped"), clean.out.constData());
    QVERIFY2(clean.out.contains("|          UP |                    UP |"), clean.out.constData());
    QCOMPARE(daemon.stop(), 0);
}

QTEST_GUILESS_MAIN(TestUpgrade)
#include "tst_upgrade.moc"

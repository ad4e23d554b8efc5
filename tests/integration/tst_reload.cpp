// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// Changing webhooks and config under a running glustereventsd: SIGUSR2 and hand edits, with
// no event already received dropped, and bad files never replacing good settings.
#include "daemonprocess.h"
#include "webhookreceiver.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTest>

#include <csignal>

namespace {

const QString kAddress = QStringLiteral("127.0.0.4");
constexpr int kWaitMs = 20'000;

QJsonObject entry(const QString &token) {
    return {{QStringLiteral("token"), token}, {QStringLiteral("secret"), QString()}};
}

} // namespace

class TestReload : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sigusr2KeepsQueuedEventsAndAppliesNewWebhooks();
    void picksUpHandEditWithoutSignal();
    void keepsLastGoodSettingsWhenFileIsBad_data();
    void keepsLastGoodSettingsWhenFileIsBad();
    void appliesLogLevelAndEventsLogSwitchOnReload();
    void warnsThatPortChangeNeedsRestart();
};

void TestReload::sigusr2KeepsQueuedEventsAndAppliesNewWebhooks() {
    WebhookReceiver first;
    WebhookReceiver second;
    QVERIFY(first.listen());
    QVERIFY(second.listen());
    first.setStatus(503); // down: events queue up for it
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeWebhooks({{first.url(), entry(QStringLiteral("old"))}});
    QVERIFY(daemon.start());

    for (int i = 0; i < 5; ++i)
        QVERIFY(
            daemon.sendDatagram("1468303352 VOLUME_CREATE name=before" + QByteArray::number(i)));
    QVERIFY(daemon.waitForLog("name\":\"before4", kWaitMs));
    QVERIFY(first.waitForRequests(1, kWaitMs));

    daemon.writeWebhooks(
        {{first.url(), entry(QStringLiteral("new"))}, {second.url(), entry(QString())}});
    daemon.sendSignal(SIGUSR2);
    QVERIFY(daemon.waitForLog("reloaded (SIGUSR2): 2 webhooks", kWaitMs));
    QVERIFY(daemon.sendDatagram("1468303352 VOLUME_CREATE name=after"));
    QVERIFY(second.waitForRequests(1, kWaitMs));

    first.clear();
    first.setStatus(200);
    // The backoff is at most a few seconds here; then the whole backlog arrives, in order.
    QVERIFY(first.waitForRequests(6, kWaitMs));
    for (int i = 0; i < 5; ++i)
        QVERIFY(first.requests().at(i).body.contains(QByteArray("before" + QByteArray::number(i))));
    QVERIFY(first.requests().at(5).body.contains("after"));
    QCOMPARE(first.requests().at(0).headers.value("authorization"), QByteArray("Bearer new"));
    // A webhook added by the reload gets the events from then on, not the older ones.
    QCOMPARE(second.requests().size(), 1);
    QVERIFY(second.requests().at(0).body.contains("after"));
}

void TestReload::picksUpHandEditWithoutSignal() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    DaemonProcess daemon(kAddress, freePort(kAddress));
    QVERIFY(daemon.start());
    daemon.writeWebhooks({{receiver.url(), entry(QString())}});
    QVERIFY(daemon.waitForLog("reloaded (settings files changed): 1 webhooks", kWaitMs));
    QVERIFY(daemon.sendDatagram("1468303352 VOLUME_CREATE name=edited"));
    QVERIFY(receiver.waitForRequests(1, kWaitMs));
}

void TestReload::keepsLastGoodSettingsWhenFileIsBad_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("content"); // empty with `directory`: the file is made one
    QTest::addColumn<bool>("directory");
    QTest::addColumn<QByteArray>("kept");
    for (const char *file : {"webhooks.json", "config.json"}) {
        const QByteArray kept = QByteArray(file) == "webhooks.json"
                                    ? QByteArrayLiteral("keeping the current webhooks")
                                    : QByteArrayLiteral("keeping the current config");
        QTest::addRow("%s corrupt", file)
            << QString::fromLatin1(file) << QByteArray("{ not json") << false << kept;
        QTest::addRow("%s empty", file)
            << QString::fromLatin1(file) << QByteArray() << false << kept;
        QTest::addRow("%s a directory", file)
            << QString::fromLatin1(file) << QByteArray() << true << kept;
    }
}

void TestReload::keepsLastGoodSettingsWhenFileIsBad() {
    QFETCH(QString, file);
    QFETCH(QByteArray, content);
    QFETCH(bool, directory);
    QFETCH(QByteArray, kept);
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeWebhooks({{receiver.url(), entry(QString())}});
    daemon.writeConfig({{QStringLiteral("log_level"), QStringLiteral("INFO")}});
    QVERIFY(daemon.start());

    const QString path = daemon.eventsDir() + u'/' + file;
    if (directory) {
        QVERIFY(QFile::remove(path));
        QVERIFY(QDir().mkdir(path));
    } else {
        daemon.writeEventsFile(file, content);
    }
    daemon.sendSignal(SIGUSR2);
    QVERIFY(daemon.waitForLog(kept, kWaitMs));
    QVERIFY(daemon.sendDatagram("1468303352 VOLUME_CREATE name=still"));
    QVERIFY(receiver.waitForRequests(1, kWaitMs));
    QVERIFY(daemon.isRunning());
    // The one-line reason names the file, and the bad file is left as the admin made it.
    QVERIFY(daemon.log().contains(file.toUtf8()));
    if (directory)
        QVERIFY(QFileInfo(path).isDir());
    else
        QCOMPARE(daemon.readEventsFile(file), content);
}

void TestReload::appliesLogLevelAndEventsLogSwitchOnReload() {
    DaemonProcess daemon(kAddress, freePort(kAddress));
    QVERIFY(daemon.start());
    QVERIFY(daemon.sendDatagram("1468303352 VOLUME_CREATE name=logged"));
    QVERIFY(daemon.waitForLog("\"name\":\"logged\"", kWaitMs));

    daemon.writeConfig({{QStringLiteral("disable-events-log"), true},
                        {QStringLiteral("log_level"), QStringLiteral("WARNING")}});
    daemon.sendSignal(SIGUSR2);
    // At WARNING the reload's own INFO line is not written; wait on the config taking effect.
    QTest::qWait(1'000);
    QVERIFY(daemon.sendDatagram("1468303352 VOLUME_CREATE name=silent"));
    QVERIFY(daemon.sendDatagram("garbage"));
    QVERIFY(daemon.waitForLog("dropped malformed datagram", kWaitMs));
    QVERIFY(!daemon.log().contains("\"name\":\"silent\""));

    daemon.writeConfig({{QStringLiteral("log_level"), QStringLiteral("INFO")}});
    daemon.sendSignal(SIGUSR2);
    QVERIFY(daemon.waitForLog("log level INFO", kWaitMs));
    QVERIFY(daemon.sendDatagram("1468303352 VOLUME_CREATE name=again"));
    QVERIFY(daemon.waitForLog("\"name\":\"again\"", kWaitMs));
}

void TestReload::warnsThatPortChangeNeedsRestart() {
    DaemonProcess daemon(kAddress, freePort(kAddress));
    QVERIFY(daemon.start());
    daemon.writeConfig({{QStringLiteral("port"), 55555}});
    daemon.sendSignal(SIGUSR2);
    QVERIFY(daemon.waitForLog("restart glustereventsd to use it", kWaitMs));
    // Still listening where it was.
    QVERIFY(daemon.sendDatagram("1468303352 VOLUME_CREATE name=sameport"));
    QVERIFY(daemon.waitForLog("\"name\":\"sameport\"", kWaitMs));
}

QTEST_GUILESS_MAIN(TestReload)
#include "tst_reload.moc"

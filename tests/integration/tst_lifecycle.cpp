// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// Starting and stopping a real glustereventsd: the files that say it runs, and every way a
// start can fail with a clear one-line reason.
#include "daemonprocess.h"
#include "testfiles.h"

#include <QFile>
#include <QJsonDocument>
#include <QTest>
#include <QUdpSocket>

#include <QTemporaryDir>

#include <csignal>
#include <cstring>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace {

const QString kAddress = QStringLiteral("127.0.0.3");

} // namespace

class TestLifecycle : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void writesRuntimeFileAndPidFileThenRemovesThemOnSigterm();
    void exitsCleanlyOnSigint();
    void refusesSecondDaemonOnSamePidFile();
    void refusesBusyPort();
    void startsWithWhatItCannotUseSkippedAndLogsItOnce();
    void refusesCorruptConfigFile();
    void refusesCorruptWebhooksFile();
    void refusesUnknownOption();
    void reopensItsLogOnSighup();
    void checkConfigSaysWhatWouldBeUsed();
    void checkConfigFailsOnBadFilesAndWritesNothing();
    void checkConfigWarnsAboutWhatItWouldSkipAndPasses();
    void listensOnIpv6Loopback();
    void logsGrantedReceiveBuffer();
    void tellsTheServiceManagerReadyReloadingStopping();
};

namespace {

// The service manager's end of NOTIFY_SOCKET: a Unix datagram socket in a temporary dir.
class NotifySocket {
public:
    explicit NotifySocket(const QString &path)
        : m_fd(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)) {
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        const QByteArray bytes = QFile::encodeName(path);
        std::memcpy(address.sun_path, bytes.constData(), size_t(bytes.size()));
        m_bound = ::bind(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0;
    }
    ~NotifySocket() { ::close(m_fd); }
    NotifySocket(const NotifySocket &) = delete;
    NotifySocket &operator=(const NotifySocket &) = delete;
    bool bound() const { return m_bound; }
    // Every message received so far, in order.
    QList<QByteArray> messages() {
        char buffer[4096];
        ssize_t size = 0;
        while ((size = ::recv(m_fd, buffer, sizeof buffer, 0)) > 0)
            m_messages.append(QByteArray(buffer, qsizetype(size)));
        return m_messages;
    }

private:
    int m_fd;
    bool m_bound = false;
    QList<QByteArray> m_messages;
};

} // namespace

void TestLifecycle::writesRuntimeFileAndPidFileThenRemovesThemOnSigterm() {
    DaemonProcess daemon(kAddress, freePort(kAddress));
    QVERIFY(daemon.start());
    const QJsonObject runtime = readJson(daemon.eventsDir() + QStringLiteral("/daemon.json"));
    QCOMPARE(runtime.value(QStringLiteral("address")).toString(), kAddress);
    QCOMPARE(runtime.value(QStringLiteral("port")).toInt(), int(daemon.port()));
    QCOMPARE(runtime.value(QStringLiteral("pid")).toInteger(), daemon.pid());
    QFile pidFile(daemon.pidFile());
    QVERIFY(pidFile.open(QIODevice::ReadOnly));
    QCOMPARE(pidFile.readAll().trimmed().toLongLong(), daemon.pid());
    pidFile.close();

    QCOMPARE(daemon.stop(), 0);
    QVERIFY(!QFile::exists(daemon.pidFile()));
    QVERIFY(!QFile::exists(daemon.eventsDir() + QStringLiteral("/daemon.json")));
    QVERIFY(daemon.log().contains("signal 15 received; stopping"));
}

void TestLifecycle::exitsCleanlyOnSigint() {
    DaemonProcess daemon(kAddress, freePort(kAddress));
    QVERIFY(daemon.start());
    daemon.sendSignal(SIGINT);
    QTRY_VERIFY_WITH_TIMEOUT(!daemon.isRunning(), 15'000);
    QCOMPARE(daemon.stop(), 0);
    QVERIFY(!QFile::exists(daemon.pidFile()));
}

void TestLifecycle::refusesSecondDaemonOnSamePidFile() {
    DaemonProcess daemon(kAddress, freePort(kAddress));
    QVERIFY(daemon.start());
    QByteArray error;
    QCOMPARE(daemon.runExpectingFailure(&error), 1);
    QVERIFY2(error.contains(
                 QByteArray("another glustereventsd (pid " + QByteArray::number(daemon.pid()))),
             error.constData());
    QCOMPARE(error.count('\n'), 1);
    QVERIFY(daemon.isRunning());
    QCOMPARE(daemon.stop(), 0);
}

void TestLifecycle::refusesBusyPort() {
    const quint16 port = freePort(kAddress);
    QUdpSocket squatter;
    QVERIFY(squatter.bind(QHostAddress(kAddress), port, QAbstractSocket::DontShareAddress));
    DaemonProcess daemon(kAddress, port);
    QByteArray error;
    QCOMPARE(daemon.runExpectingFailure(&error), 1);
    QVERIFY2(error.contains(QByteArray("cannot listen for events on UDP 127.0.0.3 port " +
                                       QByteArray::number(port))),
             error.constData());
    QCOMPARE(error.count('\n'), 1);
    QVERIFY(!QFile::exists(daemon.pidFile()));
}

void TestLifecycle::startsWithWhatItCannotUseSkippedAndLogsItOnce() {
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeConfig({{QStringLiteral("log_level"), QStringLiteral("LOUD")}});
    daemon.writeEventsFile(QStringLiteral("webhooks.json"), "{\"ftp://x/\": {}}");
    QVERIFY(daemon.start());
    QVERIFY(daemon.waitForLog("started", 20'000));
    const QByteArray setting =
        "config.json: log_level must be one of DEBUG, INFO, WARNING, ERROR (got \"LOUD\"); "
        "skipped, log_level stays INFO";
    const QByteArray entry = "webhooks.json: entry 'ftp://x/' skipped (not an http:// or "
                             "https:// URL)";
    QVERIFY2(daemon.log().contains(setting), daemon.log().constData());
    QVERIFY2(daemon.log().contains(entry), daemon.log().constData());
    // Every reload reads the files again; what was said is not said again.
    daemon.sendSignal(SIGUSR2);
    QVERIFY(daemon.waitForLog("reloaded (SIGUSR2)", 20'000));
    daemon.sendSignal(SIGUSR2);
    QVERIFY(daemon.waitForLog("reloaded (SIGUSR2)", 20'000, 2));
    QCOMPARE(daemon.log().count(setting), 1);
    QCOMPARE(daemon.log().count(entry), 1);
    // The entry is still in the file, as the admin wrote it.
    QCOMPARE(
        QJsonDocument::fromJson(daemon.readEventsFile(QStringLiteral("webhooks.json"))).object(),
        (QJsonObject{{QStringLiteral("ftp://x/"), QJsonObject()}}));
    QCOMPARE(daemon.stop(), 0);
}

void TestLifecycle::refusesCorruptConfigFile() {
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeEventsFile(QStringLiteral("config.json"), "{\"port\": ");
    QByteArray error;
    QCOMPARE(daemon.runExpectingFailure(&error), 1);
    QVERIFY2(error.contains("config.json is not valid JSON"), error.constData());
}

void TestLifecycle::refusesCorruptWebhooksFile() {
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeEventsFile(QStringLiteral("webhooks.json"), "{\"http://x/\": {}");
    QByteArray error;
    QCOMPARE(daemon.runExpectingFailure(&error), 1);
    QVERIFY2(error.contains("webhooks.json is not valid JSON"), error.constData());
    // Nothing was rewritten.
    QFile file(daemon.eventsDir() + QStringLiteral("/webhooks.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("{\"http://x/\": {}"));
}

void TestLifecycle::checkConfigSaysWhatWouldBeUsed() {
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeConfig({{QStringLiteral("retry_max_interval"), 5}});
    daemon.writeWebhooks({{QStringLiteral("http://receiver.example/listen"),
                           QJsonObject{{QStringLiteral("token"), QStringLiteral("t")},
                                       {QStringLiteral("secret"), QString()},
                                       {QStringLiteral("parallel"), 4}}}});
    QByteArray out;
    QByteArray error;
    QCOMPARE(daemon.runOnce({QStringLiteral("--check-config")}, &out, &error), 0);
    QVERIFY2(error.isEmpty(), error.constData());
    QVERIFY2(out.contains("  retry_max_interval = 5\n"), out.constData());
    QVERIFY(out.contains("  port = "));
    QVERIFY(out.contains("webhooks: 1\n  http://receiver.example/listen (parallel: 4)\n"));
    QVERIFY(out.contains("cluster key: none yet (created at first start)"));
    QVERIFY(!out.contains("\"t\"")); // never a token
}

void TestLifecycle::checkConfigFailsOnBadFilesAndWritesNothing() {
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeEventsFile(QStringLiteral("config.json"), "{\"log_level\": ");
    daemon.writeEventsFile(QStringLiteral("webhooks.json"), "[\"http://x/\"]");
    QByteArray out;
    QByteArray error;
    QCOMPARE(daemon.runOnce({QStringLiteral("--check-config")}, &out, &error), 1);
    QVERIFY2(error.contains("config.json is not valid JSON"), error.constData());
    QVERIFY(error.contains("webhooks.json must hold a JSON object"));
    QCOMPARE(error.count('\n'), 2);
    QVERIFY(!QFile::exists(daemon.eventsDir() + QStringLiteral("/cluster.key")));
    QVERIFY(!QFile::exists(daemon.eventsDir() + QStringLiteral("/spool.db")));
}

void TestLifecycle::checkConfigWarnsAboutWhatItWouldSkipAndPasses() {
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeConfig({{QStringLiteral("log_level"), QStringLiteral("LOUD")}});
    daemon.writeEventsFile(QStringLiteral("webhooks.json"), "{\"ftp://x/\": {}}");
    QByteArray out;
    QByteArray error;
    // The daemon would start, so the check passes; what it would skip is a warning.
    QCOMPARE(daemon.runOnce({QStringLiteral("--check-config")}, &out, &error), 0);
    QVERIFY2(error.isEmpty(), error.constData());
    QVERIFY2(out.contains("  log_level = INFO\n"), out.constData());
    const QByteArray eventsDir = daemon.eventsDir().toUtf8();
    QVERIFY(out.contains(
        QByteArray("  warning: " + eventsDir + "/config.json: log_level must be one of")));
    QVERIFY(out.contains(QByteArray("webhooks: 0\n  warning: " + eventsDir +
                                    "/webhooks.json: entry 'ftp://x/' skipped")));
    QVERIFY(!QFile::exists(daemon.eventsDir() + QStringLiteral("/cluster.key")));
}

void TestLifecycle::reopensItsLogOnSighup() {
    DaemonProcess daemon(kAddress, freePort(kAddress));
    QVERIFY(daemon.start());
    QVERIFY(daemon.waitForLog("started", 20'000));
    // As logrotate does: move the file away, then tell the daemon.
    const QString rotated = daemon.logFile() + QStringLiteral(".1");
    QVERIFY(QFile::rename(daemon.logFile(), rotated));
    daemon.sendSignal(SIGHUP);
    QVERIFY(daemon.waitForLog("log file reopened (SIGHUP)", 20'000));
    daemon.sendSignal(SIGUSR2);
    QVERIFY(daemon.waitForLog("reloaded (SIGUSR2)", 20'000));
    QFile old(rotated);
    QVERIFY(old.open(QIODevice::ReadOnly));
    const QByteArray before = old.readAll();
    QVERIFY(before.contains("started"));
    QVERIFY(!before.contains("reloaded (SIGUSR2)"));
    QCOMPARE(daemon.stop(), 0);
}

void TestLifecycle::refusesUnknownOption() {
    DaemonProcess daemon(kAddress, freePort(kAddress));
    QByteArray error;
    QCOMPARE(daemon.runExpectingFailure(&error, {QStringLiteral("--bogus")}), 2);
    QVERIFY2(error.contains("bogus"), error.constData());
}

void TestLifecycle::listensOnIpv6Loopback() {
    QUdpSocket probe;
    if (!probe.bind(QHostAddress::LocalHostIPv6, 0))
        QSKIP("no IPv6 loopback on this machine");
    const quint16 port = probe.localPort();
    probe.close();
    DaemonProcess daemon(QStringLiteral("::1"), port);
    QVERIFY(daemon.start());
    QVERIFY(daemon.sendDatagram("1468303352 2 name=v6"));
    QVERIFY(daemon.waitForLog("\"name\":\"v6\"", 10'000));
    QVERIFY(daemon.sendDatagram("bad"));
    QVERIFY(daemon.waitForLog("dropped malformed datagram from ::1:", 10'000));
}

void TestLifecycle::logsGrantedReceiveBuffer() {
    DaemonProcess daemon(kAddress, freePort(kAddress));
    QVERIFY(daemon.start());
    QVERIFY(daemon.waitForLog("receive buffer", 10'000));
}

void TestLifecycle::tellsTheServiceManagerReadyReloadingStopping() {
    // What a Type=notify unit relies on: READY=1 once the sockets are bound, RELOADING=1 then
    // READY=1 around a reload (systemctl reload sends SIGUSR2), STOPPING=1 on SIGTERM.
    QTemporaryDir dir;
    const QString path = dir.path() + QStringLiteral("/notify");
    NotifySocket manager(path);
    QVERIFY(manager.bound());
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.setEnvironmentVariable(QStringLiteral("NOTIFY_SOCKET"), path);
    QVERIFY(daemon.start());
    QTRY_COMPARE_WITH_TIMEOUT(manager.messages().size(), 1, 10'000);
    QVERIFY2(manager.messages().at(0).startsWith("READY=1\n"), manager.messages().at(0));
    // It is sent after the sockets are bound: an event sent now is taken.
    QVERIFY(daemon.sendDatagram("1468303352 VOLUME_CREATE name=gv1"));
    QVERIFY(daemon.waitForLog("[events.published] EVENT ", 10'000));

    daemon.sendSignal(SIGUSR2);
    QTRY_COMPARE_WITH_TIMEOUT(manager.messages().size(), 3, 10'000);
    QVERIFY2(manager.messages().at(1).startsWith("RELOADING=1\nMONOTONIC_USEC="),
             manager.messages().at(1));
    QVERIFY(manager.messages().at(2).startsWith("READY=1\n"));
    QVERIFY(daemon.log().contains("reload"));

    QCOMPARE(daemon.stop(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(manager.messages().size(), 4, 10'000);
    QCOMPARE(manager.messages().at(3), QByteArray("STOPPING=1"));
}

QTEST_GUILESS_MAIN(TestLifecycle)
#include "tst_lifecycle.moc"

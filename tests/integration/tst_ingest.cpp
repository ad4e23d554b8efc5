// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// Ingest under load: the receive buffer and the reading thread keep a burst whole. Hostile
// datagrams: an event body over its limit is refused, and nothing a sender writes reaches the
// log raw; the log is private to its group and follows logrotate.
#include "daemonprocess.h"
#include "testfiles.h"
#include "webhookreceiver.h"

#include <QFile>
#include <QTest>
#include <QUdpSocket>

#include <sys/stat.h>
#include <unistd.h>

namespace {

const QString kAddress = QStringLiteral("127.0.0.5");
// Generous: the CI box is slow and busy; only an upper bound, never a tight timing.
constexpr int kWaitMs = 30'000;
// The documented limit of an event's details as JSON.
constexpr qsizetype kMaxMessageBytes = 32 * 1024;

} // namespace

class TestIngest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void keepsEveryDatagramOfA20000Burst();
    void refusesDetailsOverTheLimitAndDeliversThemAtIt();
    void logsNoSenderControlOrBidiCharacterRaw();
    void createsItsLogMode0640UnderUmask077();
    void reopensItsLogAfterItWasMoved();
    void aFullDiskLosesLogLinesNotEvents();
};

void TestIngest::keepsEveryDatagramOfA20000Burst() {
    // Only root may raise the buffer past net.core.rmem_max (SO_RCVBUFFORCE); CI runs as root.
    if (::geteuid() != 0)
        QSKIP("needs root for SO_RCVBUFFORCE");
    DaemonProcess daemon(kAddress, freePort(kAddress));
    QVERIFY(daemon.start());
    QVERIFY(daemon.waitForLog("receive buffer", 10'000));

    constexpr int kCount = 20'000;
    QUdpSocket sender;
    const QHostAddress target(kAddress);
    for (int i = 0; i < kCount; ++i) {
        const QByteArray datagram =
            "1468303352 VOLUME_SET name=gv" + QByteArray::number(i) + ";options=a,b,c,d";
        QCOMPARE(sender.writeDatagram(datagram, target, daemon.port()), datagram.size());
    }
    const QByteArray published = "[events.published] EVENT ";
    const bool all = daemon.waitForLog(published, 120'000, kCount);
    QVERIFY2(all, qPrintable(QStringLiteral("%1 of %2 datagrams became events")
                                 .arg(daemon.log().count(published))
                                 .arg(kCount)));
    QCOMPARE(daemon.stop(), 0);
}

void TestIngest::refusesDetailsOverTheLimitAndDeliversThemAtIt() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeWebhooks({{receiver.url(), QJsonObject{}}});
    QVERIFY(daemon.start());

    // {"name":"..."} is 11 bytes around the value; a control byte takes six.
    const qsizetype atLimit = kMaxMessageBytes - 11;
    QVERIFY(daemon.sendDatagram("1468303352 VOLUME_CREATE name=" + QByteArray(atLimit + 1, 'o')));
    QVERIFY(daemon.sendDatagram("1468303352 VOLUME_CREATE name=" +
                                QByteArray(atLimit / 6 + 1, '\x1b')));
    QVERIFY(daemon.sendDatagram("1468303352 VOLUME_CREATE name=" + QByteArray(atLimit, 'a')));
    QVERIFY(receiver.waitForRequests(1, kWaitMs));
    // Sent one after another over loopback to one socket, they are read in that order: the
    // refused ones came before this one.
    QCOMPARE(receiver.requests().size(), 1);
    QVERIFY(receiver.requests().at(0).body.contains(QByteArray(atLimit, 'a')));
    QByteArray metrics;
    QTRY_VERIFY_WITH_TIMEOUT((metrics = daemon.fetchMetrics(),
                              metrics.contains("glustereventsd_datagrams_malformed_total 2\n")),
                             kWaitMs);
    QVERIFY2(metrics.contains("glustereventsd_events_received_total 1\n"), metrics.constData());
    QCOMPARE(daemon.log().count("over the 32 KiB limit"), 2);
    QCOMPARE(receiver.requests().size(), 1);
    QCOMPARE(daemon.stop(), 0);
}

void TestIngest::logsNoSenderControlOrBidiCharacterRaw() {
    DaemonProcess daemon(kAddress, freePort(kAddress));
    QVERIFY(daemon.start());
    // A terminal title sequence (refused: its timestamp is bad), and a published event with
    // the bidi override that shows "exe.txt" as "txt.exe".
    QVERIFY(daemon.sendDatagram("1\x1b]0;pwned\x07 X"));
    QVERIFY(daemon.sendDatagram("1468303352 VOLUME_CREATE name=\xe2\x80\xae"
                                "txt.exe;x=\xc2\x9b"));
    QVERIFY(daemon.waitForLog("[events.published] EVENT ", kWaitMs));
    QVERIFY(daemon.waitForLog("pwned", kWaitMs));
    QCOMPARE(daemon.stop(), 0);

    const QByteArray log = readFile(daemon.logFile());
    for (const char c : log)
        QVERIFY2(static_cast<unsigned char>(c) >= 0x20 || c == '\n', log.constData());
    QVERIFY2(!log.contains("\xe2\x80\xae") && !log.contains("\xc2\x9b"), log.constData());
    QVERIFY2(log.contains(R"(bad timestamp '1\x1b]0;pwned\x07')"), log.constData());
    QVERIFY2(log.contains(R"("name":"\u202etxt.exe","x":"\u009b")"), log.constData());
}

void TestIngest::createsItsLogMode0640UnderUmask077() {
    DaemonProcess daemon(kAddress, freePort(kAddress));
    const mode_t previous = ::umask(077); // the daemon inherits it, as from its service unit
    const bool started = daemon.start();
    ::umask(previous);
    QVERIFY(started);
    struct stat info {};
    QCOMPARE(::stat(QFile::encodeName(daemon.logFile()).constData(), &info), 0);
    QCOMPARE(info.st_mode & 07777, mode_t(0640));
    QCOMPARE(daemon.stop(), 0);
}

void TestIngest::reopensItsLogAfterItWasMoved() {
    DaemonProcess daemon(kAddress, freePort(kAddress));
    QVERIFY(daemon.start());
    QVERIFY(daemon.waitForLog("receive buffer", kWaitMs));
    const QString rotated = daemon.logFile() + QStringLiteral(".1");
    QVERIFY(QFile::rename(daemon.logFile(), rotated));
    // No SIGHUP: the daemon notices by itself, within a second of a line to write.
    QDeadlineTimer patience(kWaitMs);
    int sent = 0;
    while (!readFile(daemon.logFile()).contains(R"("name":"moved)") && !patience.hasExpired()) {
        QVERIFY(daemon.sendDatagram("1468303352 VOLUME_CREATE name=moved" +
                                    QByteArray::number(++sent)));
        QTest::qWait(100);
    }
    const QByteArray log = readFile(daemon.logFile());
    QVERIFY2(log.contains(R"("name":"moved)"), qPrintable(QString::number(sent)));
    QVERIFY2(log.contains("was moved or deleted; reopened it"), log.constData());
    QVERIFY(readFile(rotated).contains("receive buffer"));
    QCOMPARE(daemon.stop(), 0);
}

void TestIngest::aFullDiskLosesLogLinesNotEvents() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeWebhooks({{receiver.url(), QJsonObject{}}});
    // Every write to /dev/full fails with ENOSPC, as a full log partition does.
    QVERIFY(daemon.start({QStringLiteral("--log-file"), QStringLiteral("/dev/full")}));
    QVERIFY(daemon.sendDatagram("1468303352 VOLUME_CREATE name=gv1"));
    QVERIFY(receiver.waitForRequests(1, kWaitMs));
    QByteArray metrics;
    QTRY_VERIFY_WITH_TIMEOUT((metrics = daemon.fetchMetrics(),
                              !metrics.contains("glustereventsd_log_lines_dropped_total 0\n") &&
                                  metrics.contains("glustereventsd_log_lines_dropped_total ")),
                             kWaitMs);
    QVERIFY(daemon.isRunning());
    QCOMPARE(daemon.stop(), 0);
}

QTEST_GUILESS_MAIN(TestIngest)
#include "tst_ingest.moc"

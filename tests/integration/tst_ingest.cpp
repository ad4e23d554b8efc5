// Ingest under load: the receive buffer and the reading thread keep a burst whole. Hostile
// datagrams: an event body over its limit is refused.
#include "daemonprocess.h"
#include "webhookreceiver.h"

#include <QTest>
#include <QUdpSocket>

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

QTEST_GUILESS_MAIN(TestIngest)
#include "tst_ingest.moc"

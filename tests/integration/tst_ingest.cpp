// Ingest under load: the receive buffer and the reading thread keep a burst whole.
#include "daemonprocess.h"

#include <QTest>
#include <QUdpSocket>

#include <unistd.h>

namespace {

const QString kAddress = QStringLiteral("127.0.0.5");

} // namespace

class TestIngest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void keepsEveryDatagramOfA20000Burst();
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

QTEST_GUILESS_MAIN(TestIngest)
#include "tst_ingest.moc"

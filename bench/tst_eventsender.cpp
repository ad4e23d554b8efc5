// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// EventSender stamps each datagram with the time it was due, as bench_qnam_loop stamps its
// requests, so that the daemon's latency and the bare loop's start from the same instant:
// consecutive stamps of a paced send are exactly one period apart, however late it woke.
#include "benchtools.h"

#include <QDeadlineTimer>
#include <QNetworkDatagram>
#include <QTest>
#include <QUdpSocket>

namespace {

// The sent_us of every datagram `socket` receives, until `count` arrived or 5 s passed.
QList<qint64> receiveStamps(QUdpSocket &socket, int count) {
    QList<qint64> stamps;
    const QDeadlineTimer deadline(5'000);
    while (stamps.size() < count && !deadline.hasExpired()) {
        if (!socket.hasPendingDatagrams() && !socket.waitForReadyRead(100))
            continue;
        const QByteArray data = socket.receiveDatagram().data();
        const qsizetype at = data.indexOf("sent_us=");
        stamps.append(at < 0 ? -1 : data.mid(at + 8).toLongLong());
    }
    return stamps;
}

} // namespace

class TestEventSender : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void pacedDatagramsCarryTheirDueTime() {
        QUdpSocket receiver;
        QVERIFY(receiver.bind(QHostAddress::LocalHost, 0));
        EventSender sender(QStringLiteral("127.0.0.1"), receiver.localPort());
        const qint64 before = monotonicUs();
        QCOMPARE(sender.send(50, 1'000), 50);
        const QList<qint64> stamps = receiveStamps(receiver, 50);
        QCOMPARE(stamps.size(), 50);
        QVERIFY(stamps.first() >= before);
        for (qsizetype i = 1; i < stamps.size(); ++i)
            QCOMPARE(stamps.at(i) - stamps.first(), qint64(i) * 1'000);
    }

    void unpacedDatagramsAreDueWhenSent() {
        QUdpSocket receiver;
        QVERIFY(receiver.bind(QHostAddress::LocalHost, 0));
        EventSender sender(QStringLiteral("127.0.0.1"), receiver.localPort());
        const qint64 before = monotonicUs();
        QCOMPARE(sender.send(20, 0), 20);
        const qint64 after = monotonicUs();
        const QList<qint64> stamps = receiveStamps(receiver, 20);
        QCOMPARE(stamps.size(), 20);
        for (const qint64 stamp : stamps)
            QVERIFY(stamp >= before && stamp <= after);
    }
};

QTEST_GUILESS_MAIN(TestEventSender)
#include "tst_eventsender.moc"

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

// Every datagram `socket` receives, until `count` arrived or 5 s passed.
QList<QByteArray> receive(QUdpSocket &socket, int count) {
    QList<QByteArray> datagrams;
    const QDeadlineTimer deadline(5'000);
    while (datagrams.size() < count && !deadline.hasExpired()) {
        if (!socket.hasPendingDatagrams() && !socket.waitForReadyRead(100))
            continue;
        datagrams.append(socket.receiveDatagram().data());
    }
    return datagrams;
}

// The sent_us of every datagram `socket` receives, until `count` arrived or 5 s passed.
QList<qint64> receiveStamps(QUdpSocket &socket, int count) {
    QList<qint64> stamps;
    for (const QByteArray &data : receive(socket, count)) {
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

    // A filter on one type then takes a known share: every second event, from the first.
    void typesAreTakenInTurn() {
        QUdpSocket receiver;
        QVERIFY(receiver.bind(QHostAddress::LocalHost, 0));
        EventSender sender(QStringLiteral("127.0.0.1"), receiver.localPort());
        sender.setTypes({2, 3});
        QCOMPARE(sender.send(3, 0), 3);
        sender.setTypes({});
        QCOMPARE(sender.send(1, 0), 1);
        const QList<QByteArray> datagrams = receive(receiver, 4);
        QCOMPARE(datagrams.size(), 4);
        QVERIFY(datagrams.at(0).startsWith("1468303352 2 name=gv0;"));
        QVERIFY(datagrams.at(1).startsWith("1468303352 3 name=gv1;"));
        QVERIFY(datagrams.at(2).startsWith("1468303352 2 name=gv2;"));
        QVERIFY(datagrams.at(3).startsWith("1468303352 2 name=gv3;"));
    }
};

QTEST_GUILESS_MAIN(TestEventSender)
#include "tst_eventsender.moc"

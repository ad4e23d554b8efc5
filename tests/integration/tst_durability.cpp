// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// Nothing received is lost: the spool keeps events across kill -9 and reloads, and a receiver
// that stays down gets its whole backlog, read back from the spool, once it is back.
#include "daemonprocess.h"
#include "webhookreceiver.h"

#include <QJsonDocument>
#include <QSet>
#include <QTest>

#include <csignal>

namespace {

const QString kAddress = QStringLiteral("127.0.0.10");
constexpr int kWaitMs = 60'000;

QJsonObject entry() {
    return {{QStringLiteral("token"), QString()}, {QStringLiteral("secret"), QString()}};
}

int numberIn(const QByteArray &body) {
    return QJsonDocument::fromJson(body)
        .object()
        .value(QStringLiteral("message"))
        .toObject()
        .value(QStringLiteral("name"))
        .toString()
        .mid(1)
        .toInt();
}

} // namespace

class TestDurability : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void undeliveredEventsSurviveKill9();
    void eventsAcrossThreeReloadsAllArrive();
    void downReceiversBacklogArrivesWholeAfterARestart();
};

void TestDurability::undeliveredEventsSurviveKill9() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.setStatus(503); // the receiver is down while the events come in
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeWebhooks({{receiver.url(), entry()}});
    QVERIFY(daemon.start());

    constexpr int kCount = 300;
    for (int i = 0; i < kCount; ++i)
        QVERIFY(daemon.sendDatagram("1468303352 VOLUME_CREATE name=v" + QByteArray::number(i)));
    QVERIFY(daemon.waitForLog("[events.published] EVENT ", kWaitMs, kCount));
    // Past the durability window (one group commit); docs/daemon.md states it.
    QTest::qWait(500);
    daemon.sendSignal(SIGKILL);
    QTRY_VERIFY_WITH_TIMEOUT(!daemon.isRunning(), 10'000);

    receiver.clear();
    receiver.setStatus(200);
    QVERIFY(daemon.start());
    QVERIFY(daemon.waitForLog("300 events not yet delivered to every webhook, resuming", kWaitMs));
    QVERIFY2(receiver.waitForRequests(kCount, kWaitMs),
             qPrintable(QStringLiteral("%1 of %2").arg(receiver.requests().size()).arg(kCount)));
    // Strict order, each event once (the one in flight at the kill may come twice: same id).
    QSet<int> seen;
    int last = -1;
    for (const auto &request : receiver.requests()) {
        const int n = numberIn(request.body);
        if (seen.contains(n))
            continue;
        QCOMPARE(n, last + 1);
        last = n;
        seen.insert(n);
    }
    QCOMPARE(seen.size(), kCount);
}

void TestDurability::eventsAcrossThreeReloadsAllArrive() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeWebhooks({{receiver.url(), entry()}});
    QVERIFY(daemon.start());

    constexpr int kCount = 3'000;
    for (int i = 0; i < kCount; ++i) {
        QVERIFY(daemon.sendDatagram("1468303352 VOLUME_CREATE name=v" + QByteArray::number(i)));
        if (i % 1'000 == 500)
            daemon.sendSignal(SIGUSR2);
        if (i % 100 == 0)
            QTest::qWait(5); // a steady stream, not one burst
    }
    QVERIFY2(receiver.waitForRequests(kCount, 120'000),
             qPrintable(QStringLiteral("%1 of %2").arg(receiver.requests().size()).arg(kCount)));
    QSet<int> seen;
    for (const auto &request : receiver.requests())
        seen.insert(numberIn(request.body));
    QCOMPARE(seen.size(), kCount);
    QCOMPARE(daemon.log().count("reloaded (SIGUSR2)"), 3);
}

// One receiver down while 2,500 events come in; the other takes them all meanwhile. The
// restarted daemon holds none of them in memory: the down one gets every event read back from
// the spool, in order, once each, and the healthy one none again. (The receiver fixture takes
// about 100 requests a second, which keeps this short of the window the spool holds in memory
// while running; tst_spoolbacklog goes past it.)
void TestDurability::downReceiversBacklogArrivesWholeAfterARestart() {
    WebhookReceiver down;
    WebhookReceiver up;
    QVERIFY(down.listen());
    QVERIFY(up.listen());
    down.setStatus(503);
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeWebhooks({{down.url(), entry()}, {up.url(), entry()}});
    QVERIFY(daemon.start());

    constexpr int kCount = 2'500;
    for (int i = 0; i < kCount; ++i) {
        QVERIFY(daemon.sendDatagram("1468303352 VOLUME_CREATE name=v" + QByteArray::number(i)));
        if (i % 100 == 0)
            QTest::qWait(5); // a steady stream, not one burst
    }
    QVERIFY2(up.waitForRequests(kCount, 120'000),
             qPrintable(QStringLiteral("%1 of %2").arg(up.requests().size()).arg(kCount)));
    QCOMPARE(daemon.stop(), 0);

    down.clear();
    down.setStatus(200);
    up.clear();
    QVERIFY(daemon.start());
    QVERIFY2(down.waitForRequests(kCount, 120'000),
             qPrintable(QStringLiteral("%1 of %2").arg(down.requests().size()).arg(kCount)));
    QSet<QByteArray> ids;
    int last = -1;
    for (const auto &request : down.requests()) {
        const QByteArray id = request.headers.value("webhook-id");
        if (ids.contains(id))
            continue; // the request in flight at the stop may come again, with its id
        ids.insert(id);
        const int n = numberIn(request.body);
        QCOMPARE(n, last + 1);
        last = n;
    }
    QCOMPARE(ids.size(), kCount);
    QCOMPARE(up.requests().size(), 0);
}

QTEST_GUILESS_MAIN(TestDurability)
#include "tst_durability.moc"

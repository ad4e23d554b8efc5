// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// Nothing received is lost: the spool keeps events across kill -9 and reloads.
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

QTEST_GUILESS_MAIN(TestDurability)
#include "tst_durability.moc"

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// What a hostile receiver, peer or local user can do to a storage node, against a real
// glustereventsd, a real receiver and the real gluster-eventsapi binary: a webhook's answer is
// read only up to a small cap; a JWT secret too short to resist guessing is accepted with a
// warning that does not show it.
#include "cliprocess.h"
#include "daemonprocess.h"
#include "webhookreceiver.h"

#include <QRegularExpression>
#include <QTest>

namespace {

const QString kAddress = QStringLiteral("127.0.0.31");
// Generous: the CI box is slow and busy; only upper bounds, never a tight timing.
constexpr int kWaitMs = 30'000;
// A receiver's answer far beyond anything the daemon should keep.
constexpr qint64 kFloodBytes = 100 * 1024 * 1024;
// How much the daemon's peak memory may grow while it reads such an answer: generous (sanitizer
// builds, allocator slack), and still far below the answer's size.
constexpr qint64 kMaxGrowthKiB = 24 * 1024;

QJsonObject webhookEntry() {
    return {{QStringLiteral("token"), QString()}, {QStringLiteral("secret"), QString()}};
}

// "<name>{webhook="…"} <value>" in a /metrics answer, whatever the label.
bool hasWebhookMetric(const QByteArray &metrics, const QString &name, int value) {
    const QRegularExpression line(QStringLiteral("^%1\\{webhook=\"[^\"]+\"\\} %2$")
                                      .arg(QRegularExpression::escape(name))
                                      .arg(value),
                                  QRegularExpression::MultilineOption);
    return line.match(QString::fromUtf8(metrics)).hasMatch();
}

} // namespace

class TestHostilePeers : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void deliveryReadsOnlyTheStartOfAHugeAnswer();
    void webhookTestReadsOnlyTheStartOfAHugeAnswer();
    void shortJwtSecretIsAcceptedWithAWarningThatHidesIt();
};

void TestHostilePeers::deliveryReadsOnlyTheStartOfAHugeAnswer() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.setFlood(kFloodBytes);
    DaemonProcess daemon(kAddress, freePort(kAddress));
    daemon.writeWebhooks({{receiver.url(), webhookEntry()}});
    QVERIFY(daemon.start());
    const qint64 peakBefore = daemon.processStatus("VmHWM");
    QVERIFY(peakBefore > 0);

    QVERIFY(daemon.sendDatagram("1468303352 VOLUME_CREATE name=flood"));
    QVERIFY(receiver.waitForRequests(1, kWaitMs));
    // The 200 came before the long body: the event is delivered, not retried.
    QByteArray metrics;
    QTRY_VERIFY_WITH_TIMEOUT(
        (metrics = daemon.fetchMetrics(),
         hasWebhookMetric(metrics, QStringLiteral("glustereventsd_events_delivered_total"), 1)),
        kWaitMs);
    QVERIFY2(hasWebhookMetric(metrics, QStringLiteral("glustereventsd_delivery_failures_total"), 0),
             metrics.constData());
    QCOMPARE(receiver.requests().size(), 1);
    const qint64 growth = daemon.processStatus("VmHWM") - peakBefore;
    QVERIFY2(growth < kMaxGrowthKiB, QByteArray::number(growth).constData());
    QVERIFY2(receiver.floodSent() < kFloodBytes / 2,
             QByteArray::number(receiver.floodSent()).constData());
    QCOMPARE(daemon.stop(), 0);
}

void TestHostilePeers::webhookTestReadsOnlyTheStartOfAHugeAnswer() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.setFlood(kFloodBytes);
    DaemonProcess daemon(kAddress, freePort(kAddress));
    QVERIFY(daemon.start());
    const qint64 peakBefore = daemon.processStatus("VmHWM");
    QVERIFY(peakBefore > 0);

    const CliRun test = runCli(daemon, {QStringLiteral("webhook-test"), receiver.url()});
    QVERIFY2(test.exitCode == 0, QByteArray(test.out + test.err).constData());
    QVERIFY2(test.out.contains("OK"), test.out.constData());
    QCOMPARE(receiver.requests().size(), 1);
    const qint64 growth = daemon.processStatus("VmHWM") - peakBefore;
    QVERIFY2(growth < kMaxGrowthKiB, QByteArray::number(growth).constData());
    QVERIFY2(receiver.floodSent() < kFloodBytes / 2,
             QByteArray::number(receiver.floodSent()).constData());
    QCOMPARE(daemon.stop(), 0);
}

void TestHostilePeers::shortJwtSecretIsAcceptedWithAWarningThatHidesIt() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    DaemonProcess daemon(kAddress, freePort(kAddress));
    QVERIFY(daemon.start());
    const QString url = receiver.url();
    // 31 bytes: one short of HS256's key size.
    const QString shortSecret = QStringLiteral("Short-Secret-0123456789abcdefgh");
    QCOMPARE(shortSecret.size(), 31);
    const QString longSecret = QStringLiteral("Long-Secret-0123456789abcdefghijk");
    QCOMPARE(longSecret.size(), 33);

    const CliRun add = runCli(
        daemon, {QStringLiteral("webhook-add"), url, QStringLiteral("--secret"), shortSecret});
    QVERIFY2(add.exitCode == 0, QByteArray(add.out + add.err).constData());
    QVERIFY2(add.err.contains("JWT secret is shorter than 32 bytes"), add.err.constData());
    QVERIFY(!add.err.contains(shortSecret.toUtf8()) && !add.out.contains(shortSecret.toUtf8()));
    QVERIFY(!add.err.contains("Short-Secret"));

    const CliRun longer = runCli(
        daemon, {QStringLiteral("webhook-mod"), url, QStringLiteral("--secret"), longSecret});
    QVERIFY2(longer.exitCode == 0, QByteArray(longer.out + longer.err).constData());
    QVERIFY2(!longer.err.contains("JWT secret"), longer.err.constData());

    const CliRun shorter = runCli(
        daemon, {QStringLiteral("webhook-mod"), url, QStringLiteral("--secret"), shortSecret});
    QVERIFY2(shorter.exitCode == 0, QByteArray(shorter.out + shorter.err).constData());
    QVERIFY2(shorter.err.contains("JWT secret is shorter than 32 bytes"), shorter.err.constData());
    QVERIFY(!shorter.err.contains("Short-Secret") && !shorter.out.contains("Short-Secret"));

    // A token, or a change that leaves the secret alone, warns about nothing.
    const CliRun other = runCli(daemon, {QStringLiteral("webhook-mod"), url,
                                         QStringLiteral("--events"), QStringLiteral("VOLUME_*")});
    QVERIFY2(other.exitCode == 0, QByteArray(other.out + other.err).constData());
    QVERIFY2(!other.err.contains("JWT secret"), other.err.constData());
    QCOMPARE(daemon.stop(), 0);
}

QTEST_MAIN(TestHostilePeers)
#include "tst_hostilepeers.moc"

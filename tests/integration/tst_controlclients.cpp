// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// What a stranger on the storage network can do to a real daemon's control port, with no
// cluster key: a client that pipelines requests and never reads its answers, and a handful of
// addresses holding every connection slot.
#include "cliprocess.h"
#include "daemonprocess.h"

#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <vector>

namespace {

const QString kAddress = QStringLiteral("127.0.0.40");
constexpr quint16 kPort = 24140;
constexpr int kWaitMs = 30'000;

// The value of an unlabelled sample in a /metrics page; -1 when it is not there.
qint64 metric(const QByteArray &page, const QByteArray &name) {
    for (const QByteArray &line : page.split('\n')) {
        if (line.startsWith(QByteArray(name + ' ')))
            return line.mid(name.size() + 1).toLongLong();
    }
    return -1;
}

// Connections from one source address that are opened again as soon as the daemon closes
// them, so that they hold their slots for as long as the test runs.
class SlotHolder {
public:
    SlotHolder(const QString &source, const QString &target, quint16 port, int count)
        : m_source(source)
        , m_target(target)
        , m_port(port) {
        for (int i = 0; i < count; ++i)
            m_sockets.push_back(std::make_unique<QTcpSocket>());
        for (const auto &socket : m_sockets) {
            QObject::connect(socket.get(), &QTcpSocket::disconnected, socket.get(),
                             [this, raw = socket.get()] { open(raw); });
            open(socket.get());
        }
    }
    int connected() const {
        int count = 0;
        for (const auto &socket : m_sockets)
            count += socket->state() == QAbstractSocket::ConnectedState ? 1 : 0;
        return count;
    }

private:
    void open(QTcpSocket *socket) {
        socket->abort();
        socket->bind(QHostAddress(m_source));
        socket->connectToHost(QHostAddress(m_target), m_port);
    }

    QString m_source;
    QString m_target;
    quint16 m_port;
    std::vector<std::unique_ptr<QTcpSocket>> m_sockets;
};

} // namespace

class TestControlClients : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void clientThatNeverReadsCostsABoundedAmount();
    void cliWorksWhileEightAddressesHoldEverySlot();
};

void TestControlClients::clientThatNeverReadsCostsABoundedAmount() {
    DaemonProcess daemon(kAddress, kPort);
    QVERIFY(daemon.start());
    const qint64 residentBefore = daemon.processStatus("VmRSS");
    QVERIFY(residentBefore > 0);

    // A small receive window, nothing read: every answer stays with the daemon unless it
    // stops reading requests.
    QTcpSocket greedy;
    greedy.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
    greedy.setReadBufferSize(1);
    greedy.connectToHost(QHostAddress(kAddress), kPort);
    QVERIFY(greedy.waitForConnected(kWaitMs));
    const QByteArray request = QByteArrayLiteral("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
    // 14 MB of requests, more than the kernel's buffers take: ~1.5 GB of answers.
    constexpr int kRequests = 400'000;
    QByteArray requests;
    requests.reserve(request.size() * kRequests);
    for (int i = 0; i < kRequests; ++i)
        requests += request;
    greedy.write(requests);

    // Wait until the daemon takes no more of them (or has taken them all).
    qint64 unsent = greedy.bytesToWrite();
    QVERIFY(QTest::qWaitFor(
        [&] {
            QTest::qWait(1'500);
            const qint64 now = greedy.bytesToWrite();
            const bool settled = now == unsent;
            unsent = now;
            return settled;
        },
        kWaitMs * 4));

    const qint64 growthKb = daemon.processStatus("VmHWM") - residentBefore;
    qInfo("resident memory grew by %lld KiB", growthKb);
    // Generous against the sanitizer build's allocator; without the bound it grows by
    // hundreds of megabytes.
    QVERIFY2(growthKb < 64 * 1024, qPrintable(QStringLiteral("%1 KiB").arg(growthKb)));
    const QByteArray page = daemon.fetchMetrics();
    const qint64 buffered = metric(page, "glustereventsd_control_buffered_bytes");
    QVERIFY2(buffered >= 0 && buffered < 2 * 1024 * 1024, qPrintable(QString::number(buffered)));
    QVERIFY(daemon.isRunning());
}

void TestControlClients::cliWorksWhileEightAddressesHoldEverySlot() {
    DaemonProcess daemon(kAddress, kPort);
    QVERIFY(daemon.start());
    std::vector<std::unique_ptr<SlotHolder>> holders;
    for (int host = 41; host <= 48; ++host)
        holders.push_back(std::make_unique<SlotHolder>(QStringLiteral("127.0.0.%1").arg(host),
                                                       kAddress, kPort, 16));
    // The daemon's 64 slots are full and more wait to get in.
    QVERIFY(QTest::qWaitFor(
        [&] { return metric(daemon.fetchMetrics(), "glustereventsd_control_connections") >= 63; },
        kWaitMs));

    const CliRun status = runCli(daemon, {QStringLiteral("status")});
    QVERIFY2(status.exitCode == 0, QByteArray(status.out + status.err).constData());
    QVERIFY2(status.out.contains("UP"), status.out.constData());
    QVERIFY(metric(daemon.fetchMetrics(), "glustereventsd_control_connections_evicted_total") > 0);
}

QTEST_GUILESS_MAIN(TestControlClients)
#include "tst_controlclients.moc"

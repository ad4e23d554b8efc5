// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// What the control traffic shows on the wire (decision 019): the CLI's requests and the
// answers, delivery history and the live event stream pass a TCP proxy that records every
// byte, and neither the webhook's URL, its token nor an event's contents are among them. A
// node that speaks only today's older protocol is a clear NOT OK row, not a hang or clear
// text.
#include "cliprocess.h"
#include "daemonprocess.h"
#include "webhookreceiver.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

namespace {

const QString kDaemonAddress = QStringLiteral("127.0.0.71");
const QString kProxyAddress = QStringLiteral("127.0.0.72");
const QString kOldNodeAddress = QStringLiteral("127.0.0.73");
constexpr int kWaitMs = 30'000;

// Forwards every connection on one address to the same port on another and keeps a copy of
// every byte, both ways: what someone reading the network would see.
class RecordingProxy : public QObject {
public:
    bool listen(const QString &address, const QString &target, quint16 port) {
        m_target = target;
        m_port = port;
        connect(&m_server, &QTcpServer::newConnection, this, &RecordingProxy::accept);
        return m_server.listen(QHostAddress(address), port);
    }
    const QByteArray &captured() const { return m_captured; }

private:
    void accept() {
        while (QTcpSocket *client = m_server.nextPendingConnection()) {
            auto *upstream = new QTcpSocket(client);
            upstream->connectToHost(QHostAddress(m_target), m_port);
            const auto pump = [this](QTcpSocket *from, QTcpSocket *to) {
                const QByteArray bytes = from->readAll();
                m_captured += bytes;
                to->write(bytes);
            };
            connect(client, &QTcpSocket::readyRead, upstream, [=] {
                if (upstream->state() == QAbstractSocket::ConnectedState)
                    pump(client, upstream);
            });
            connect(upstream, &QTcpSocket::connected, client, [=] { pump(client, upstream); });
            connect(upstream, &QTcpSocket::readyRead, client, [=] { pump(upstream, client); });
            connect(upstream, &QTcpSocket::disconnected, client, &QTcpSocket::disconnectFromHost);
            connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
        }
    }

    QTcpServer m_server;
    QString m_target;
    quint16 m_port = 0;
    QByteArray m_captured;
};

// A node as today's released version answers: ping without a control protocol, and 401 to
// every request that is not signed its way. `version` and `warning` are what its ping says.
class OldNode : public QObject {
public:
    explicit OldNode(const QString &version = QStringLiteral("1.0.0"),
                     const QString &warning = QString()) {
        QJsonObject ping{
            {QStringLiteral("service"), QStringLiteral("glustereventsd")},
            {QStringLiteral("nodeid"), QStringLiteral("0ddc0de0-1111-4222-8333-444455556666")},
            {QStringLiteral("version"), version}};
        if (!warning.isEmpty())
            ping.insert(QStringLiteral("warning"), warning);
        m_ping = QJsonDocument(ping).toJson(QJsonDocument::Compact);
        m_refusal =
            QJsonDocument(
                QJsonObject{{QStringLiteral("error"),
                             warning.isEmpty() ? QStringLiteral("missing signature") : warning}})
                .toJson(QJsonDocument::Compact);
    }
    bool listen(const QString &address, quint16 port) {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    const QByteArray request = socket->readAll();
                    const bool ping = request.startsWith("GET /v1/ping ");
                    const QByteArray body = ping ? m_ping : m_refusal;
                    socket->write((ping ? "HTTP/1.1 200 OK\r\n" : "HTTP/1.1 401 Unauthorized\r\n") +
                                  QByteArray("Content-Type: application/json\r\nContent-Length: ") +
                                  QByteArray::number(body.size()) +
                                  "\r\nConnection: close\r\n\r\n" + body);
                    socket->disconnectFromHost();
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
        return m_server.listen(QHostAddress(address), port);
    }

private:
    QTcpServer m_server;
    QByteArray m_ping;
    QByteArray m_refusal;
};

// The older node of the pool, as glusterd lists a peer.
bool addOldNodeToPool(const DaemonProcess &daemon, const QString &address) {
    QDir().mkpath(daemon.workdir() + QStringLiteral("/peers"));
    QFile peer(daemon.workdir() + QStringLiteral("/peers/0ddc0de0-1111-4222-8333-444455556666"));
    if (!peer.open(QIODevice::WriteOnly))
        return false;
    peer.write("uuid=0ddc0de0-1111-4222-8333-444455556666\nstate=3\nhostname1=" +
               address.toLatin1() + "\n");
    return true;
}

} // namespace

class TestConfidentiality : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void nothingSecretIsReadableOnTheWire();
    void nodeWithTheOlderProtocolIsAClearNotOkRow();
    void textFromAnUnauthenticatedAnswerIsShownEscaped();
};

void TestConfidentiality::nothingSecretIsReadableOnTheWire() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    const quint16 port = freePortOnAll({kDaemonAddress, kProxyAddress});
    DaemonProcess daemon(kDaemonAddress, port);
    QVERIFY(daemon.start());
    RecordingProxy proxy;
    QVERIFY(proxy.listen(kProxyAddress, kDaemonAddress, port));
    const QStringList viaProxy{QStringLiteral("--listen"), kProxyAddress};

    const QString url = receiver.url(QStringLiteral("/hook-path?key=URLSECRET-7d3a"));
    const QString token = QStringLiteral("TOKEN-1f2e3d4c5b6a");
    const CliRun add = runCli(daemon, viaProxy + QStringList{QStringLiteral("webhook-add"), url,
                                                             QStringLiteral("-t"), token});
    QVERIFY2(add.exitCode == 0, QByteArray(add.out + add.err).constData());

    QVERIFY(daemon.sendDatagram("1468303352 VOLUME_CREATE name=MESSAGESECRET-9a8b"));
    QVERIFY(receiver.waitForRequests(1, kWaitMs));
    const CliRun deliveries = runCli(daemon, viaProxy + QStringList{QStringLiteral("deliveries")});
    QVERIFY2(deliveries.exitCode == 0, QByteArray(deliveries.out + deliveries.err).constData());
    QVERIFY2(deliveries.out.contains("VOLUME_CREATE"), deliveries.out.constData());

    // The live stream, through the proxy too, until an event arrives on it.
    QProcess tail;
    tail.start(QStringLiteral(GLUSTER_EVENTSAPI_BINARY),
               QStringList{QStringLiteral("--workdir"), daemon.workdir(),
                           QStringLiteral("--config-file"), daemon.defaultConfigFile()} +
                   viaProxy + QStringList{QStringLiteral("events")});
    QVERIFY(tail.waitForStarted(10'000));
    QByteArray streamed;
    const QDeadlineTimer deadline(kWaitMs);
    while (!streamed.contains("STREAMSECRET") && !deadline.hasExpired()) {
        QVERIFY(daemon.sendDatagram("1468303352 VOLUME_START name=STREAMSECRET-5e6f"));
        QTest::qWait(300);
        streamed += tail.readAllStandardOutput();
    }
    tail.kill();
    tail.waitForFinished(5'000);
    QVERIFY2(streamed.contains("STREAMSECRET"), streamed.constData());

    const QByteArray &wire = proxy.captured();
    QVERIFY(wire.contains("POST /v1/sealed"));
    QVERIFY(wire.contains("GET /v1/ping"));
    for (const QByteArray &secret :
         {QByteArray("URLSECRET"), QByteArray("hook-path"), token.toUtf8(),
          QByteArray("MESSAGESECRET"), QByteArray("STREAMSECRET"), QByteArray("VOLUME_")})
        QVERIFY2(!wire.contains(secret), secret.constData());
}

void TestConfidentiality::nodeWithTheOlderProtocolIsAClearNotOkRow() {
    const quint16 port = freePortOnAll({kDaemonAddress, kOldNodeAddress});
    DaemonProcess daemon(kDaemonAddress, port);
    QVERIFY(daemon.start());
    OldNode old;
    QVERIFY(old.listen(kOldNodeAddress, port));
    QVERIFY(addOldNodeToPool(daemon, kOldNodeAddress));

    const CliRun add =
        runCli(daemon, {QStringLiteral("webhook-add"), QStringLiteral("http://127.0.0.1:9/old")});
    QCOMPARE(add.exitCode, 4);
    QVERIFY2(add.out.contains("| 127.0.0.73 |          UP | NOT OK: runs glustereventsd 1.0.0 "
                              "without control protocol 2: upgrade it |"),
             add.out.constData());
    bool localOk = false;
    for (const QByteArray &line : add.out.split('\n'))
        localOk = localOk || (line.startsWith("| localhost ") && line.endsWith(" OK |") &&
                              !line.contains("NOT OK"));
    QVERIFY2(localOk, add.out.constData());
    const CliRun status = runCli(daemon, {QStringLiteral("status")});
    QCOMPARE(status.exitCode, 0);
    QVERIFY2(status.out.contains("UP (runs glustereventsd 1.0.0 without control protocol 2: "
                                 "upgrade it)"),
             status.out.constData());
}

void TestConfidentiality::textFromAnUnauthenticatedAnswerIsShownEscaped() {
    // Whatever answers at a node's address, in its place or not, writes what the admin's
    // terminal shows of it: a screen clear and a right-to-left override arrive escaped.
    const quint16 port = freePortOnAll({kDaemonAddress, kOldNodeAddress});
    DaemonProcess daemon(kDaemonAddress, port);
    QVERIFY(daemon.start());
    OldNode old(QString::fromUtf8("1.0\x1b[2J\xe2\x80\xae"),
                QString::fromUtf8("look\x1b[2Jhere\xe2\x80\xae"));
    QVERIFY(old.listen(kOldNodeAddress, port));
    QVERIFY(addOldNodeToPool(daemon, kOldNodeAddress));

    const CliRun status = runCli(daemon, {QStringLiteral("status")});
    QCOMPARE(status.exitCode, 0);
    for (const QByteArray &raw : {QByteArray("\x1b"), QByteArray("\xe2\x80\xae")})
        QVERIFY2(!status.out.contains(raw) && !status.err.contains(raw), status.out.constData());
    QVERIFY2(status.out.contains("UP (runs glustereventsd 1.0\\x1b[2J\\u202e without control "
                                 "protocol 2: upgrade it; look\\x1b[2Jhere\\u202e)"),
             status.out.constData());
    const CliRun add =
        runCli(daemon, {QStringLiteral("webhook-add"), QStringLiteral("http://127.0.0.1:9/old")});
    QCOMPARE(add.exitCode, 4);
    for (const QByteArray &raw : {QByteArray("\x1b"), QByteArray("\xe2\x80\xae")})
        QVERIFY2(!add.out.contains(raw) && !add.err.contains(raw), add.out.constData());
    QVERIFY2(add.out.contains("NOT OK: runs glustereventsd 1.0\\x1b[2J\\u202e without control "
                              "protocol 2: upgrade it |"),
             add.out.constData());
}

QTEST_GUILESS_MAIN(TestConfidentiality)
#include "tst_confidentiality.moc"

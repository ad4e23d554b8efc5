// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// Loss on a UDP burst: starts a real glustereventsd, sends N datagrams as fast as the socket
// takes them, and counts how many became events. Prints a table and a JSON line.
#include "daemonprocess.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUdpSocket>

#include <cstdio>

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption countOption(QStringLiteral("count"),
                                         QStringLiteral("Datagrams to send."), QStringLiteral("N"),
                                         QStringLiteral("20000"));
    const QCommandLineOption addressOption(QStringLiteral("address"),
                                           QStringLiteral("Address for the daemon."),
                                           QStringLiteral("ADDR"), QStringLiteral("127.0.0.9"));
    parser.addOptions({countOption, addressOption});
    parser.process(app);
    const int count = parser.value(countOption).toInt();
    const QString address = parser.value(addressOption);

    DaemonProcess daemon(address, freePort(address));
    if (!daemon.start() || !daemon.waitForLog("receive buffer", 10'000)) {
        std::fprintf(stderr, "ingest_burst: the daemon did not start\n");
        return 1;
    }
    QUdpSocket sender;
    QElapsedTimer sendTimer;
    sendTimer.start();
    for (int i = 0; i < count; ++i)
        sender.writeDatagram("1468303352 VOLUME_CREATE name=gv" + QByteArray::number(i),
                             QHostAddress(address), daemon.port());
    const double sendSeconds = sendTimer.nsecsElapsed() / 1e9;
    const QByteArray published = "[events.published] EVENT ";
    daemon.waitForLog(published, 60'000, count);
    const qint64 received = daemon.log().count(published);
    const auto buffer = QRegularExpression(QStringLiteral("receive buffer (\\d+) bytes"))
                            .match(QString::fromUtf8(daemon.log()));
    daemon.stop();

    std::printf("%-28s %12s\n", "figure", "value");
    std::printf("%-28s %12d\n", "datagrams sent", count);
    std::printf("%-28s %12lld\n", "events received", received);
    std::printf("%-28s %12lld\n", "lost", count - received);
    std::printf("%-28s %12.3f\n", "send seconds", sendSeconds);
    std::printf("%-28s %12s\n", "receive buffer bytes", qPrintable(buffer.captured(1)));
    const QJsonObject json{
        {QStringLiteral("bench"), QStringLiteral("ingest_burst")},
        {QStringLiteral("sent"), count},
        {QStringLiteral("received"), received},
        {QStringLiteral("lost"), count - received},
        {QStringLiteral("send_seconds"), sendSeconds},
        {QStringLiteral("receive_buffer_bytes"), buffer.captured(1).toLongLong()}};
    std::printf("%s\n", QJsonDocument(json).toJson(QJsonDocument::Compact).constData());
    return received == count ? 0 : 3;
}

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// Takes docs/gui.md's screenshots from the real program: starts two real daemons and a receiver,
// drives the real main window through each view and saves what it shows. Run it with
// scripts/screenshots (under Xvfb); it is not a test.
#include "clusterview.h"
#include "configview.h"
#include "daemonprocess.h"
#include "deliveriesview.h"
#include "liveeventsview.h"
#include "mainwindow.h"
#include "resultdialog.h"
#include "webhookreceiver.h"
#include "webhooksview.h"

#include <QApplication>
#include <QDir>
#include <QLineEdit>
#include <QTabWidget>
#include <QTest>

namespace {

bool waitUntil(const std::function<bool()> &condition, int timeoutMs = 30'000) {
    QDeadlineTimer deadline(timeoutMs);
    while (!condition()) {
        if (deadline.hasExpired())
            return false;
        QTest::qWait(50);
    }
    return true;
}

} // namespace

int main(int argc, char *argv[]) {
    QApplication app(argc, argv);
    const QString outDir = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral(".");
    QDir().mkpath(outDir);
    const QString first = QStringLiteral("127.0.0.16");
    const QString second = QStringLiteral("127.0.0.17");

    WebhookReceiver receiver;
    receiver.listen(QHostAddress(first));
    receiver.failEvery(4, 503);
    const quint16 port = freePortOnAll({first, second});
    DaemonProcess node1(first, port);
    DaemonProcess node2(second, port);
    node1.writeConfig({{QStringLiteral("retry_max_interval"), 1}});
    if (!node1.start())
        return 1;
    node2.copyClusterKeyFrom(node1);
    if (!node2.start())
        return 1;

    MainWindow window;
    window.resize(1100, 560);
    window.show();
    window.connectTo({first, port, node1.eventsDir() + QStringLiteral("/cluster.key")});
    if (!waitUntil([&] { return window.isConnected(); }))
        return 2;
    window.clusterView()->addPeer(second);
    QTest::qWait(1'500);
    for (ResultDialog *dialog : window.findChildren<ResultDialog *>())
        dialog->close();
    window.clusterView()->refresh();
    QTest::qWait(1'000);

    const auto save = [&](QWidget *view, const QString &name) {
        window.tabs()->setCurrentWidget(view);
        QTest::qWait(1'500);
        window.grab().save(outDir + u'/' + name + QStringLiteral(".png"));
    };
    save(window.clusterView(), QStringLiteral("cluster"));

    window.tabs()->setCurrentWidget(window.webhooksView());
    window.webhooksView()->addWebhook();
    window.webhooksView()
        ->dialog()
        ->findChild<QLineEdit *>(QStringLiteral("url"))
        ->setText(receiver.url());
    window.webhooksView()
        ->dialog()
        ->findChild<QLineEdit *>(QStringLiteral("events"))
        ->setText(QStringLiteral("VOLUME_*,PEER_*"));
    QTest::qWait(300);
    window.webhooksView()->dialog()->grab().save(outDir + QStringLiteral("/webhook-dialog.png"));
    window.webhooksView()->dialog()->accept();
    QTest::qWait(2'000);
    for (ResultDialog *dialog : window.findChildren<ResultDialog *>()) {
        dialog->grab().save(outDir + QStringLiteral("/result.png"));
        dialog->close();
    }

    window.tabs()->setCurrentWidget(window.liveEventsView());
    window.liveEventsView()->setAllNodes(true);
    QTest::qWait(1'500);
    for (int i = 0; i < 12; ++i) {
        (i % 2 ? node2 : node1)
            .sendDatagram(QByteArray("1468303352 ") +
                          (i % 3 ? "VOLUME_CREATE name=gv" : "PEER_ATTACH host=node") +
                          QByteArray::number(i));
        QTest::qWait(100);
    }
    QTest::qWait(2'000);
    window.liveEventsView()->selectRow(3);
    save(window.liveEventsView(), QStringLiteral("live-events"));
    save(window.webhooksView(), QStringLiteral("webhooks"));
    save(window.configView(), QStringLiteral("config"));
    window.deliveriesView()->chooseWebhook(receiver.url());
    save(window.deliveriesView(), QStringLiteral("deliveries"));
    node2.stop();
    node1.stop();
    return 0;
}

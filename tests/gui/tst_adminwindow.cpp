// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// The admin GUI's real widgets (offscreen) against real daemons and a real receiver: connect,
// nodes, a webhook added and synced, tested, config edited with validation, an event arriving
// in the live view, a failed delivery replayed, and clear errors for a wrong key or no daemon.
#include "clusterview.h"
#include "configview.h"
#include "daemonprocess.h"
#include "deliveriesview.h"
#include "liveeventsview.h"
#include "localization.h"
#include "mainwindow.h"
#include "resultdialog.h"
#include "webhookdialog.h"
#include "webhookreceiver.h"
#include "webhooksview.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QJsonDocument>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kAddress = QStringLiteral("127.0.0.14");
const QString kPeer = QStringLiteral("127.0.0.15");
constexpr int kWaitMs = 30'000;

QString cellText(const QTableWidget *table, int row, int column) {
    const QTableWidgetItem *item = table->item(row, column);
    return item ? item->text() : QString();
}

bool tableHas(const QTableWidget *table, int column, const QString &text) {
    for (int row = 0; row < table->rowCount(); ++row) {
        if (cellText(table, row, column).contains(text))
            return true;
    }
    return false;
}

// The newest result dialog the window shows, once it is there.
ResultDialog *waitForResult(QWidget *parent, int count) {
    QDeadlineTimer deadline(kWaitMs);
    while (!deadline.hasExpired()) {
        const auto dialogs = parent->findChildren<ResultDialog *>();
        if (dialogs.size() >= count)
            return dialogs.last();
        QTest::qWait(50);
    }
    return nullptr;
}

} // namespace

class TestAdminWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void wrongKeyIsAClearError();
    void noDaemonIsAClearError();
    void managesTheClusterThroughOneNode();
    void speaksGermanInAGermanLocale();

private:
    QTemporaryDir m_settings;
};

void TestAdminWindow::initTestCase() {
    // Recent connections go to a scratch settings file, not the user's.
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
    QCoreApplication::setOrganizationName(QStringLiteral("gluster-events-test"));
}

void TestAdminWindow::wrongKeyIsAClearError() {
    DaemonProcess daemon(kAddress, freePort(kAddress));
    QVERIFY(daemon.start());
    QTemporaryDir dir;
    const QString otherKey = dir.filePath(QStringLiteral("other.key"));
    QFile file(otherKey);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("a-different-cluster-key-of-enough-length-0123456789\n");
    file.close();

    MainWindow window;
    window.connectTo({kAddress, daemon.port(), otherKey});
    QTRY_VERIFY_WITH_TIMEOUT(!window.lastError().isEmpty(), kWaitMs);
    QVERIFY2(window.lastError().contains(QStringLiteral("uses a different cluster key")),
             qPrintable(window.lastError()));
    QVERIFY(!window.isConnected());

    window.connectTo({kAddress, daemon.port(), dir.filePath(QStringLiteral("missing.key"))});
    QVERIFY(window.lastError().startsWith(QStringLiteral("Cannot use the cluster key")));
    QCOMPARE(daemon.stop(), 0);
}

void TestAdminWindow::noDaemonIsAClearError() {
    DaemonProcess daemon(kAddress, freePort(kAddress));
    QVERIFY(daemon.start());
    const QString key = daemon.eventsDir() + QStringLiteral("/cluster.key");
    const quint16 port = daemon.port();
    QCOMPARE(daemon.stop(), 0);

    MainWindow window;
    window.connectTo({kAddress, port, key});
    QTRY_VERIFY_WITH_TIMEOUT(!window.lastError().isEmpty(), kWaitMs);
    QVERIFY2(window.lastError().contains(QStringLiteral("glustereventsd is not running")),
             qPrintable(window.lastError()));
    QVERIFY(!window.isConnected());
}

void TestAdminWindow::managesTheClusterThroughOneNode() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen(QHostAddress(kAddress)));
    const quint16 port = freePortOnAll({kAddress, kPeer});
    DaemonProcess daemon(kAddress, port);
    daemon.writeConfig({{QStringLiteral("retry_max_interval"), 1}});
    QVERIFY(daemon.start());
    DaemonProcess peer(kPeer, port);
    peer.copyClusterKeyFrom(daemon);
    QVERIFY(peer.start());

    MainWindow window;
    window.show();
    window.connectTo(
        {kAddress, daemon.port(), daemon.eventsDir() + QStringLiteral("/cluster.key")});
    QTRY_VERIFY_WITH_TIMEOUT(window.isConnected(), kWaitMs);
    QVERIFY2(window.lastError().isEmpty(), qPrintable(window.lastError()));

    // Cluster view: this node, up.
    auto *nodes = window.clusterView()->findChild<QTableWidget *>(QStringLiteral("nodes"));
    QTRY_VERIFY_WITH_TIMEOUT(nodes->rowCount() == 1, kWaitMs);
    QCOMPARE(cellText(nodes, 0, 0), QStringLiteral("localhost"));
    QCOMPARE(cellText(nodes, 0, 1), QStringLiteral("UP"));
    QCOMPARE(cellText(nodes, 0, 2), QStringLiteral("UP"));

    // Add the second node to the pool from the cluster view.
    window.clusterView()->addPeer(kPeer);
    ResultDialog *peerAdded = waitForResult(window.clusterView(), 1);
    QVERIFY(peerAdded);
    QVERIFY(tableHas(peerAdded->findChild<QTableWidget *>(QStringLiteral("rows")), 0, kPeer));
    QTRY_VERIFY_WITH_TIMEOUT(nodes->rowCount() == 2, kWaitMs);
    QVERIFY(tableHas(nodes, 0, kPeer));

    // Add a webhook through the dialog; it is synced (the node's file has it) and listed.
    window.tabs()->setCurrentWidget(window.webhooksView());
    window.webhooksView()->addWebhook();
    WebhookDialog *dialog = window.webhooksView()->dialog();
    QVERIFY(dialog);
    dialog->findChild<QLineEdit *>(QStringLiteral("url"))->setText(receiver.url());
    dialog->findChild<QLineEdit *>(QStringLiteral("token"))->setText(QStringLiteral("tok-gui"));
    dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
    ResultDialog *added = waitForResult(window.webhooksView(), 1);
    QVERIFY(added);
    auto *rows = added->findChild<QTableWidget *>(QStringLiteral("rows"));
    QVERIFY(rows);
    QCOMPARE(rows->rowCount(), 2);
    QCOMPARE(cellText(rows, 0, 2), QStringLiteral("OK"));
    QCOMPARE(cellText(rows, 1, 2), QStringLiteral("OK"));
    for (const DaemonProcess *node : {&daemon, &peer})
        QVERIFY(QJsonDocument::fromJson(node->readEventsFile(QStringLiteral("webhooks.json")))
                    .object()
                    .contains(receiver.url()));
    auto *webhooks = window.webhooksView()->findChild<QTableWidget *>(QStringLiteral("webhooks"));
    QTRY_VERIFY_WITH_TIMEOUT(tableHas(webhooks, 0, receiver.url()), kWaitMs);
    QVERIFY(tableHas(webhooks, 1, QStringLiteral("Bearer token")));
    QVERIFY(!tableHas(webhooks, 1, QStringLiteral("tok-gui"))); // never the secret itself

    // Test it: every node sends a test request with the stored token.
    window.webhooksView()->selectWebhook(receiver.url());
    window.webhooksView()->testSelected();
    ResultDialog *tested = waitForResult(window.webhooksView(), 2);
    QVERIFY(tested);
    QCOMPARE(cellText(tested->findChild<QTableWidget *>(QStringLiteral("rows")), 0, 2),
             QStringLiteral("OK"));
    QCOMPARE(cellText(tested->findChild<QTableWidget *>(QStringLiteral("rows")), 1, 2),
             QStringLiteral("OK"));
    QVERIFY(receiver.waitForRequests(2, kWaitMs));
    QCOMPARE(receiver.requests().last().body, QByteArray("null"));
    QCOMPARE(receiver.requests().last().headers.value("authorization"),
             QByteArray("Bearer tok-gui"));

    // Config: a bad value is refused before anything is sent; a good one reaches the node.
    window.tabs()->setCurrentWidget(window.configView());
    QVERIFY(!window.configView()->setValue(QStringLiteral("port"), QStringLiteral("http")));
    QVERIFY(window.configView()->notice().contains(QStringLiteral("whole number")));
    QVERIFY(window.configView()->setValue(QStringLiteral("port"), QStringLiteral("55555")));
    QVERIFY(window.configView()->notice().contains(QStringLiteral("restarted")));
    QTRY_VERIFY_WITH_TIMEOUT(
        QJsonDocument::fromJson(daemon.readEventsFile(QStringLiteral("config.json")))
                .object()
                .value(QStringLiteral("port"))
                .toInt() == 55555,
        kWaitMs);

    // Live events: an event sent to the node appears, with its JSON exactly as delivered.
    window.tabs()->setCurrentWidget(window.liveEventsView());
    QTest::qWait(1'000); // the view's first poll learns where the feed is
    receiver.clear();
    receiver.failWith({503});
    QVERIFY(daemon.sendDatagram("1468303352 VOLUME_CREATE name=gui1"));
    QTRY_VERIFY_WITH_TIMEOUT(window.liveEventsView()->model().rowCount() >= 1, kWaitMs);
    const auto &row = window.liveEventsView()->model().row(0);
    QCOMPARE(row.type, QStringLiteral("VOLUME_CREATE"));
    window.liveEventsView()->selectRow(0);
    QVERIFY(window.liveEventsView()->detail().contains(QStringLiteral("\"name\":\"gui1\"")));

    // Deliveries: the failed attempt (503) and the success after it; replaying the event sends
    // it again with the same id.
    QVERIFY(receiver.waitForRequests(2, kWaitMs));
    QCOMPARE(receiver.requests().at(1).body, row.body);
    window.tabs()->setCurrentWidget(window.deliveriesView());
    window.deliveriesView()->chooseWebhook(receiver.url());
    window.deliveriesView()->setFailedOnly(true);
    QTRY_VERIFY_WITH_TIMEOUT(window.deliveriesView()->attemptCount() >= 1 &&
                                 window.deliveriesView()->cell(0, 5) == u"503",
                             kWaitMs);
    auto *attempts = window.deliveriesView()->findChild<QTableWidget *>(QStringLiteral("attempts"));
    attempts->selectRow(0);
    window.deliveriesView()->replaySelected();
    ResultDialog *replayed = waitForResult(window.deliveriesView(), 1);
    QVERIFY(replayed);
    QCOMPARE(cellText(replayed->findChild<QTableWidget *>(QStringLiteral("rows")), 0, 2),
             QStringLiteral("OK (1 events)"));
    QVERIFY(receiver.waitForRequests(3, kWaitMs));
    QCOMPARE(receiver.requests().at(2).body, row.body);
    QCOMPARE(receiver.requests().at(2).headers.value("webhook-id"),
             receiver.requests().at(1).headers.value("webhook-id"));
    QCOMPARE(daemon.stop(), 0);
    QCOMPARE(peer.stop(), 0);
}

void TestAdminWindow::speaksGermanInAGermanLocale() {
    QObject owner;
    QVERIFY(Localization::install(QLocale(QLocale::German, QLocale::Germany), &owner));
    MainWindow window;
    QCOMPARE(window.tabs()->tabText(2), QStringLiteral("&Konfiguration"));
    QCOMPARE(window.tabs()->tabText(4), QStringLiteral("&Zustellungen"));
    window.connectTo({kAddress, 1, QStringLiteral("/nonexistent/cluster.key")});
    QVERIFY2(window.lastError().startsWith(QStringLiteral("Cluster-Schlüssel nicht verwendbar")),
             qPrintable(window.lastError()));
    // English has no translation file: the source texts are shown.
    QObject englishOwner;
    QVERIFY(
        !Localization::install(QLocale(QLocale::English, QLocale::UnitedStates), &englishOwner));
}

QTEST_MAIN(TestAdminWindow)
#include "tst_adminwindow.moc"

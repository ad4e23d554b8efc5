// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// Who may read the files under events/ (webhook URLs and tokens, the cluster key, the spool):
// only their owner, whether the daemon or the CLI made them, and whatever mode an older version
// or an admin's copy left them in.
#include "cliprocess.h"
#include "daemonprocess.h"
#include "testfiles.h"

#include <QDir>
#include <QFile>
#include <QTest>

#include <sys/stat.h>

namespace {

const QString kAddress = QStringLiteral("127.0.0.31");

bool setMode(const QString &path, int mode) {
    return ::chmod(QFile::encodeName(path).constData(), mode_t(mode)) == 0;
}

QStringList filesIn(const QString &dir) {
    return QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::System, QDir::Name);
}

// Every entry of `dir` that is not 0600, with its mode, for a failure message that says all.
QString openFilesIn(const QString &dir) {
    QStringList open;
    for (const QString &name : filesIn(dir)) {
        const int mode = modeOf(dir + u'/' + name);
        if (mode != 0600)
            open.append(QStringLiteral("%1 %2").arg(name).arg(mode, 4, 8, QLatin1Char('0')));
    }
    return open.join(QStringLiteral(", "));
}

// The log lines that report a mode changed.
QList<QByteArray> modeChangeLines(const QByteArray &log) {
    QList<QByteArray> lines;
    for (const QByteArray &line : log.split('\n')) {
        if (line.contains("changed it to"))
            lines.append(line);
    }
    return lines;
}

} // namespace

class TestFileModes : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void daemonCreatesEveryFileOnlyItsOwnerCanRead();
    void daemonTightensLooserModesAndSaysSoOncePerFile();
    void cliCreatesKeyAndSettingsOnlyItsOwnerCanRead();
};

void TestFileModes::initTestCase() {
    // The umask a shell usually has: neither program may rely on a stricter one.
    ::umask(022);
}

void TestFileModes::daemonCreatesEveryFileOnlyItsOwnerCanRead() {
    DaemonProcess daemon(kAddress, freePort(kAddress));
    // A first start: nothing of the work dir exists yet.
    QVERIFY(QDir(daemon.workdir()).removeRecursively());
    QVERIFY(daemon.start());
    const QString events = daemon.eventsDir();
    const QStringList files = filesIn(events);
    for (const char *expected : {".lock", "cluster.key", "daemon.json", "node.id", "spool.db",
                                 "spool.db-shm", "spool.db-wal"})
        QVERIFY2(files.contains(QLatin1String(expected)), expected);
    QCOMPARE(modeOf(events), 0700);
    QVERIFY2(openFilesIn(events).isEmpty(), qPrintable(openFilesIn(events)));
    QCOMPARE(modeOf(daemon.pidFile()), 0600);
    // Made private, not made and then fixed.
    QVERIFY2(modeChangeLines(daemon.log()).isEmpty(), daemon.log().constData());
    QCOMPARE(daemon.stop(), 0);
}

void TestFileModes::daemonTightensLooserModesAndSaysSoOncePerFile() {
    DaemonProcess daemon(kAddress, freePort(kAddress));
    QVERIFY(daemon.start());
    QCOMPARE(daemon.stop(), 0);
    const QString events = daemon.eventsDir();
    // As an older version, a umask of 022 or `gluster system:: copy file` leave them.
    const QStringList files = filesIn(events);
    QVERIFY(files.contains(QStringLiteral("cluster.key")));
    QVERIFY(files.contains(QStringLiteral("spool.db")));
    for (const QString &name : files)
        QVERIFY(setMode(events + u'/' + name, 0644));
    QVERIFY(setMode(events, 0755));
    QVERIFY(QFile(daemon.pidFile()).open(QIODevice::WriteOnly));
    QVERIFY(setMode(daemon.pidFile(), 0644));

    const qsizetype logBefore = daemon.log().size();
    QVERIFY(daemon.start());
    QCOMPARE(modeOf(events), 0700);
    QVERIFY2(openFilesIn(events).isEmpty(), qPrintable(openFilesIn(events)));
    QCOMPARE(modeOf(daemon.pidFile()), 0600);
    const QList<QByteArray> lines = modeChangeLines(daemon.log().mid(logBefore));
    QCOMPARE(lines.size(), files.size() + 2);
    const auto saidOnce = [&lines](const QString &path, const QByteArray &from,
                                   const QByteArray &to) {
        const QByteArray line = QFile::encodeName(path) + " had mode " + from;
        int count = 0;
        for (const QByteArray &each : lines)
            count +=
                each.contains(line) && each.endsWith(QByteArray("changed it to " + to)) ? 1 : 0;
        return count == 1;
    };
    QVERIFY(saidOnce(events, "0755", "0700"));
    for (const QString &name : files)
        QVERIFY2(saidOnce(events + u'/' + name, "0644", "0600"), qPrintable(name));
    QVERIFY(saidOnce(daemon.pidFile(), "0644", "0600"));
    QCOMPARE(daemon.stop(), 0);

    // Private now: a restart has nothing to change and nothing more to say.
    const qsizetype logAfter = daemon.log().size();
    QVERIFY(daemon.start());
    QVERIFY(modeChangeLines(daemon.log().mid(logAfter)).isEmpty());
    QCOMPARE(daemon.stop(), 0);
}

void TestFileModes::cliCreatesKeyAndSettingsOnlyItsOwnerCanRead() {
    // No daemon: the CLI makes the node id, the cluster key and the settings files itself.
    DaemonProcess node(kAddress, freePort(kAddress));
    QVERIFY(QDir(node.workdir()).removeRecursively());
    runCli(node, {QStringLiteral("webhook-add"), QStringLiteral("http://127.0.0.1:9/hook?key=s")});
    const QString events = node.eventsDir();
    const QStringList files = filesIn(events);
    for (const char *expected : {"cluster.key", "node.id", "webhooks.json", "state.json"})
        QVERIFY2(files.contains(QLatin1String(expected)), expected);
    QCOMPARE(modeOf(events), 0700);
    QVERIFY2(openFilesIn(events).isEmpty(), qPrintable(openFilesIn(events)));
}

QTEST_GUILESS_MAIN(TestFileModes)
#include "tst_filemodes.moc"

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// The packaged systemd unit against what the daemon does: every path it writes by default is
// writable in the unit's sandbox and nothing else is, and the daemon works with only the unit's
// capabilities. (systemd-analyze verify and security check the unit itself.)
#include "daemonoptions.h"
#include "daemonprocess.h"
#include "eventspaths.h"
#include "testfiles.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <csignal>

#include <sys/stat.h>
#include <unistd.h>

namespace {

using Directives = QMap<QString, QStringList>;

// The [Service] section: each directive with the words of all its lines, in order.
Directives serviceSection(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    Directives directives;
    bool inService = false;
    for (const QByteArray &raw : file.readAll().split('\n')) {
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.startsWith(u'['))
            inService = line == u"[Service]";
        if (!inService || line.isEmpty() || line.startsWith(u'#') || !line.contains(u'='))
            continue;
        const qsizetype equals = line.indexOf(u'=');
        directives[line.left(equals)] += line.mid(equals + 1).split(u' ', Qt::SkipEmptyParts);
    }
    return directives;
}

// A memory size as systemd writes it ("512M", "1G"); 0 for anything else.
qint64 bytesOf(const QString &size) {
    static constexpr char kUnits[] = "KMGT";
    const qsizetype unit = size.isEmpty() ? -1 : QByteArray(kUnits).indexOf(size.back().toLatin1());
    bool isNumber = false;
    const qint64 number = (unit < 0 ? size : size.chopped(1)).toLongLong(&isNumber);
    if (!isNumber)
        return 0;
    qint64 bytes = number;
    for (qsizetype i = 0; i <= unit; ++i)
        bytes *= 1024;
    return bytes;
}

// Where the unit lets the daemon write under ProtectSystem=strict.
QStringList writableRoots(const Directives &unit) {
    QStringList roots;
    for (QString path : unit.value(QStringLiteral("ReadWritePaths"))) {
        while (path.startsWith(u'-') || path.startsWith(u'+'))
            path.remove(0, 1);
        roots.append(path);
    }
    for (const QString &dir : unit.value(QStringLiteral("StateDirectory")))
        roots.append(QStringLiteral("/var/lib/") + dir);
    for (const QString &dir : unit.value(QStringLiteral("LogsDirectory")))
        roots.append(QStringLiteral("/var/log/") + dir);
    for (const QString &dir : unit.value(QStringLiteral("RuntimeDirectory")))
        roots.append(QStringLiteral("/run/") + dir);
    return roots;
}

bool isUnder(const QString &path, const QString &root) {
    return path == root || path.startsWith(root + u'/');
}

// "CapBnd" and "CapEff" of a running process, as the hex the kernel prints.
QByteArray capabilityLine(qint64 pid, const QByteArray &field) {
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(QByteArray(field + ':')))
            return line.mid(field.size() + 1).trimmed();
    }
    return {};
}

} // namespace

class TestSystemdUnit : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void writablePathsAreExactlyWhatTheDaemonWritesByDefault();
    void keepsOnlyTheNetworkAdminCapabilityPrivateFilesAndMemoryLimits();
    void daemonStartsAndTightensItsFilesWithOnlyTheUnitsCapabilities();

private:
    Directives m_unit;
};

void TestSystemdUnit::initTestCase() {
    m_unit = serviceSection(QStringLiteral(EVENTS_TEST_UNIT_FILE));
    QVERIFY2(!m_unit.isEmpty(), EVENTS_TEST_UNIT_FILE);
}

void TestSystemdUnit::writablePathsAreExactlyWhatTheDaemonWritesByDefault() {
    QCOMPARE(m_unit.value(QStringLiteral("ProtectSystem")), QStringList{QStringLiteral("strict")});
    // The defaults the packaged unit starts the daemon with (ExecStart gives no option).
    qunsetenv("GLUSTERD_WORKDIR");
    qunsetenv("GLUSTER_EVENTS_DEFAULT_CONFIG");
    const auto options = DaemonOptionsParser::parse({QStringLiteral("glustereventsd")});
    QVERIFY2(options.ok(), qPrintable(options.error()));
    QCOMPARE(m_unit.value(QStringLiteral("ExecStart")).size(), 1);
    const EventsPaths paths(options->workdir);
    // The log file's and pid file's directories too: the log is reopened after rotation and
    // the pid file is created and removed.
    const QStringList written{paths.eventsDir, QFileInfo(options->logFile).absolutePath(),
                              QFileInfo(options->pidFile).absolutePath()};
    const QStringList roots = writableRoots(m_unit);
    for (const QString &path : written) {
        const bool covered = std::any_of(roots.begin(), roots.end(), [&path](const QString &root) {
            return isUnder(path, root);
        });
        QVERIFY2(covered,
                 qPrintable(path + QStringLiteral(" is not writable under ") + roots.join(u' ')));
    }
    // And nothing the daemon does not write (config-set writes events/config.json, never the
    // default config file's directory).
    for (const QString &root : roots) {
        const bool needed =
            std::any_of(written.begin(), written.end(),
                        [&root](const QString &path) { return isUnder(path, root); });
        QVERIFY2(needed, qPrintable(root + QStringLiteral(" is writable but not written")));
    }
}

void TestSystemdUnit::keepsOnlyTheNetworkAdminCapabilityPrivateFilesAndMemoryLimits() {
    QCOMPARE(m_unit.value(QStringLiteral("CapabilityBoundingSet")),
             QStringList{QStringLiteral("CAP_NET_ADMIN")});
    QVERIFY(!m_unit.contains(QStringLiteral("AmbientCapabilities")));
    QCOMPARE(m_unit.value(QStringLiteral("UMask")), QStringList{QStringLiteral("0077")});
    QCOMPARE(m_unit.value(QStringLiteral("StateDirectoryMode")),
             QStringList{QStringLiteral("0700")});
    // Reclaimed above MemoryHigh; killed only well above it.
    QCOMPARE(m_unit.value(QStringLiteral("MemoryHigh")).size(), 1);
    QCOMPARE(m_unit.value(QStringLiteral("MemoryMax")).size(), 1);
    const qint64 high = bytesOf(m_unit.value(QStringLiteral("MemoryHigh")).constFirst());
    const qint64 max = bytesOf(m_unit.value(QStringLiteral("MemoryMax")).constFirst());
    QVERIFY(high > 0);
    QVERIFY2(max >= 2 * high, "MemoryMax leaves the kernel room to reclaim above MemoryHigh");
}

void TestSystemdUnit::daemonStartsAndTightensItsFilesWithOnlyTheUnitsCapabilities() {
    if (::geteuid() != 0)
        QSKIP("only root can run the daemon with root's files and a reduced capability set");
    const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
    if (setpriv.isEmpty())
        QSKIP("setpriv (util-linux) is not installed");
    QStringList bounding{QStringLiteral("-all")};
    for (const QString &name : m_unit.value(QStringLiteral("CapabilityBoundingSet")))
        bounding.append(u'+' + name.mid(4).toLower()); // CAP_NET_ADMIN -> +net_admin

    // Files as a root shell with umask 022 and `gluster system:: copy file` leave them.
    QTemporaryDir dir;
    const QString address = QStringLiteral("127.0.0.32");
    const quint16 port = freePort(address);
    const EventsPaths paths(dir.filePath(QStringLiteral("glusterd")));
    QVERIFY(QDir().mkpath(paths.eventsDir));
    QVERIFY(::chmod(QFile::encodeName(paths.eventsDir).constData(), 0755) == 0);
    QVERIFY(writeFile(paths.clusterKey, QByteArray(64, 'a') + '\n', 0644));
    QVERIFY(writeFile(paths.webhooks, "{}\n", 0644));
    const QString config = dir.filePath(QStringLiteral("eventsconfig.json"));
    QVERIFY(writeFile(config, QStringLiteral("{\"port\": %1}\n").arg(port).toUtf8(), 0644));
    const QString log = dir.filePath(QStringLiteral("events.log"));

    QProcess daemon;
    daemon.start(setpriv,
                 {QStringLiteral("--bounding-set=") + bounding.join(u','),
                  QStringLiteral("--inh-caps=-all"), QStringLiteral("--"),
                  QStringLiteral(GLUSTEREVENTSD_BINARY), QStringLiteral("--workdir"), paths.workdir,
                  QStringLiteral("--config-file"), config, QStringLiteral("--log-file"), log,
                  QStringLiteral("--pid-file"), dir.filePath(QStringLiteral("glustereventsd.pid")),
                  QStringLiteral("--listen"), address});
    QVERIFY(daemon.waitForStarted(10'000));
    const QDeadlineTimer deadline(30'000);
    while (!QFile::exists(paths.daemon) && daemon.state() == QProcess::Running &&
           !deadline.hasExpired())
        QTest::qWait(20);
    const QByteArray bounded = capabilityLine(daemon.processId(), "CapBnd");
    const QByteArray effective = capabilityLine(daemon.processId(), "CapEff");
    ::kill(pid_t(daemon.processId()), SIGTERM);
    if (!daemon.waitForFinished(15'000)) {
        daemon.kill();
        daemon.waitForFinished(5'000);
    }
    QFile logFile(log);
    QVERIFY(logFile.open(QIODevice::ReadOnly));
    const QByteArray logText = logFile.readAll();
    QVERIFY2(logText.contains(" started: node "), logText.constData());
    QCOMPARE(daemon.exitStatus(), QProcess::NormalExit);
    QCOMPARE(daemon.exitCode(), 0);
    // CAP_NET_ADMIN is capability 12.
    QCOMPARE(bounded, QByteArray("0000000000001000"));
    QCOMPARE(effective, QByteArray("0000000000001000"));
    QVERIFY2(!logText.contains("cannot change it"), logText.constData());
    QCOMPARE(modeOf(paths.eventsDir), 0700);
    QCOMPARE(modeOf(paths.clusterKey), 0600);
    QCOMPARE(modeOf(paths.webhooks), 0600);
}

QTEST_GUILESS_MAIN(TestSystemdUnit)
#include "tst_systemdunit.moc"

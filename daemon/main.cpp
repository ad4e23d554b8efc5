// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "configcheck.h"
#include "daemon.h"
#include "daemonoptions.h"
#include "eventspaths.h"
#include "logsink.h"
#include "privatefiles.h"
#include "servicenotifier.h"
#include "unixsignals.h"

#include <QCoreApplication>

#include <cstdio>

#include <sys/stat.h>

int main(int argc, char *argv[]) {
    // Before anything can create a file: what the daemon writes holds webhook URLs, tokens and
    // the cluster key, and a library creating a file of its own (SQLite's journal, say) must not
    // make it readable by other users.
    ::umask(077);
    // GLib's event loop, even where the environment asks for Qt's own (QT_NO_GLIB): on Qt's own,
    // Qt 6.4's HTTP client drops a kept-alive connection for 5-40% of the requests to a fast
    // receiver and opens a new one, each leaving a TIME_WAIT socket behind (decision 010,
    // tst_delivery keepsItsConnectionToAStrictWebhookAlive).
    qunsetenv("QT_NO_GLIB");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("glustereventsd"));
    QCoreApplication::setApplicationVersion(QStringLiteral(EVENTS_VERSION));

    const auto options = DaemonOptionsParser::parse(QCoreApplication::arguments());
    if (!options) {
        std::fprintf(stderr, "glustereventsd: %s\n", qUtf8Printable(options.error()));
        return 2;
    }

    if (options->checkConfig) {
        const ConfigCheck check = ConfigCheck::run(*options);
        for (const QString &line : check.report)
            std::printf("%s\n", qUtf8Printable(line));
        for (const QString &error : check.errors)
            std::fprintf(stderr, "glustereventsd: %s\n", qUtf8Printable(error));
        return check.errors.isEmpty() ? 0 : 1;
    }

    LogSink log;
    if (const Status opened = log.open(options->logFile); !opened) {
        std::fprintf(stderr, "glustereventsd: %s\n", qUtf8Printable(opened.error()));
        return 1;
    }
    log.install();
    LogSink::applyLevel(QStringLiteral("INFO"), false);

    // Before any of them is read: files an older version or an admin's tool left readable by
    // others (a cluster.key copied by `gluster system:: copy file` arrives 0644).
    QList<PrivateFiles::ModeFix> fixes =
        PrivateFiles::tightenDirectory(EventsPaths(options->workdir).eventsDir);
    if (auto pidFile = PrivateFiles::tightenFile(options->pidFile))
        fixes.append(*pidFile);
    for (const PrivateFiles::ModeFix &fix : fixes)
        qCWarning(lcDaemon).noquote() << PrivateFiles::describe(fix);

    UnixSignals signals;
    Daemon daemon(*options, [&log] { return log.failedWrites(); });
    if (const Status started = daemon.start(); !started) {
        qCCritical(lcDaemon).noquote() << started.error();
        // The log may be a file; the admin starting us must see why on the terminal too.
        if (options->logFile != u"-")
            std::fprintf(stderr, "glustereventsd: %s\n", qUtf8Printable(started.error()));
        return 1;
    }
    // Read once here, at the edge; unset so that no child process reports as us.
    ServiceNotifier serviceManager(qgetenv("NOTIFY_SOCKET"));
    qunsetenv("NOTIFY_SOCKET");
    serviceManager.ready(QStringLiteral("listening for events"));
    QObject::connect(&signals, &UnixSignals::reloadRequested, &daemon, [&daemon, &serviceManager] {
        serviceManager.reloading();
        daemon.reload(QStringLiteral("SIGUSR2"));
        serviceManager.ready(QStringLiteral("listening for events (reloaded)"));
    });
    QObject::connect(&signals, &UnixSignals::logReopenRequested, &daemon, [&log] {
        if (const Status reopened = log.reopen(); !reopened)
            std::fprintf(stderr, "glustereventsd: %s\n", qUtf8Printable(reopened.error()));
        else
            qCInfo(lcDaemon).noquote() << QStringLiteral("log file reopened (SIGHUP)");
    });
    QObject::connect(&signals, &UnixSignals::terminateRequested, &app,
                     [&serviceManager](int signalNumber) {
                         qCInfo(lcDaemon).noquote()
                             << QStringLiteral("signal %1 received; stopping").arg(signalNumber);
                         serviceManager.stopping();
                         QCoreApplication::quit();
                     });
    return QCoreApplication::exec();
}

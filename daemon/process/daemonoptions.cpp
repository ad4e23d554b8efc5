// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "daemonoptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace DaemonOptionsParser {

Result<DaemonOptions> parse(const QStringList &arguments) {
    using R = Result<DaemonOptions>;
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "glustereventsd", "Receives gluster events over UDP and delivers them to webhooks."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption workdir(
        QStringLiteral("workdir"),
        QCoreApplication::translate("glustereventsd",
                                    "glusterd's work dir (env GLUSTERD_WORKDIR, default "
                                    "/var/lib/glusterd); files are written under DIR/events/."),
        QStringLiteral("DIR"));
    const QCommandLineOption configFile(
        QStringLiteral("config-file"),
        QCoreApplication::translate("glustereventsd",
                                    "Default config file (env GLUSTER_EVENTS_DEFAULT_CONFIG, "
                                    "default /etc/glusterfs/eventsconfig.json)."),
        QStringLiteral("FILE"));
    const QCommandLineOption logFile(
        QStringLiteral("log-file"),
        QCoreApplication::translate(
            "glustereventsd", "Log file (default /var/log/glusterfs/events.log; - is stderr)."),
        QStringLiteral("FILE"), QStringLiteral("/var/log/glusterfs/events.log"));
    const QCommandLineOption pidFile(
        {QStringLiteral("p"), QStringLiteral("pid-file")},
        QCoreApplication::translate("glustereventsd",
                                    "Pid file (default /run/glustereventsd.pid)."),
        QStringLiteral("FILE"), QStringLiteral("/run/glustereventsd.pid"));
    const QCommandLineOption listen(
        QStringLiteral("listen"),
        QCoreApplication::translate("glustereventsd",
                                    "Address to bind; may be repeated (default: all addresses)."),
        QStringLiteral("ADDR"));
    const QCommandLineOption checkConfig(
        QStringLiteral("check-config"),
        QCoreApplication::translate("glustereventsd",
                                    "Validate the config, webhooks and cluster key files, print "
                                    "what would be used, and exit (1 if anything is wrong)."));
    parser.addOptions({workdir, configFile, logFile, pidFile, listen, checkConfig});

    if (!parser.parse(arguments))
        return R::failure(parser.errorText());
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();
    if (!parser.positionalArguments().isEmpty())
        return R::failure(QStringLiteral("unexpected argument '%1'")
                              .arg(parser.positionalArguments().constFirst()));

    DaemonOptions options;
    options.workdir =
        parser.isSet(workdir)
            ? parser.value(workdir)
            : qEnvironmentVariable("GLUSTERD_WORKDIR", QStringLiteral("/var/lib/glusterd"));
    options.defaultConfigFile =
        parser.isSet(configFile)
            ? parser.value(configFile)
            : qEnvironmentVariable("GLUSTER_EVENTS_DEFAULT_CONFIG",
                                   QStringLiteral("/etc/glusterfs/eventsconfig.json"));
    options.logFile = parser.value(logFile);
    options.pidFile = parser.value(pidFile);
    options.checkConfig = parser.isSet(checkConfig);
    for (const QString &text : parser.values(listen)) {
        QHostAddress address;
        if (!address.setAddress(text))
            return R::failure(QStringLiteral("--listen %1 is not an IP address").arg(text));
        options.listen.append(address);
    }
    return options;
}

} // namespace DaemonOptionsParser

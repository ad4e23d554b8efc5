// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// gluster-events-admin: the desktop admin GUI of the Gluster Events APIs.
#include "localization.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char *argv[]) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("gluster-events"));
    QApplication::setApplicationName(QStringLiteral("gluster-events-admin"));
    QApplication::setApplicationVersion(QStringLiteral(GLUSTER_EVENTS_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/gluster-events-admin.png")));

    // The system locale picks the language.
    Localization::install(QLocale(), &app);

    // --help and --version answer on the terminal and exit, as the daemon and the CLI do.
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Desktop admin tool of the Gluster Events APIs: webhooks, "
                "config and deliveries of a gluster cluster."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app);

    MainWindow window;
    window.show();
    return QApplication::exec();
}

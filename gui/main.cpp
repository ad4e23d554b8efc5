// gluster-events-admin: the desktop admin GUI of the Gluster Events APIs.
#include "mainwindow.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

int main(int argc, char *argv[]) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("gluster-events"));
    QApplication::setApplicationName(QStringLiteral("gluster-events-admin"));
    QApplication::setApplicationVersion(QStringLiteral(GLUSTER_EVENTS_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/gluster-events-admin.png")));

    // The system locale picks the language: ours from the resources, Qt's own from Qt.
    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("gluster-events-admin"), QStringLiteral("_"),
                        QStringLiteral(":/i18n")))
        QApplication::installTranslator(&translator);

    MainWindow window;
    window.show();
    return QApplication::exec();
}

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "fuzzsupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <memory>

namespace {

void dropMessage(QtMsgType, const QMessageLogContext &, const QString &) {
}

struct Process {
    int argc = 1;
    char name[16] = "fuzz";
    char *argv[2] = {name, nullptr};
    // Never destroyed: ~QCoreApplication at static destruction runs after Qt's own globals
    // are gone and crashes. Still reachable, so LeakSanitizer does not count it.
    QCoreApplication *app = nullptr;
    std::unique_ptr<QTemporaryDir> dir;
};

Process &process() {
    static Process instance;
    return instance;
}

} // namespace

namespace FuzzSupport {

void initialize() {
    Process &p = process();
    if (p.app)
        return;
    qInstallMessageHandler(dropMessage);
    p.app = new QCoreApplication(p.argc, p.argv);
    p.dir = std::make_unique<QTemporaryDir>();
}

QString scratchDir() {
    initialize();
    return process().dir->path();
}

QByteArray bytes(const uint8_t *data, size_t size) {
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

void check(bool condition) {
    if (!condition)
        std::abort();
}

std::map<QString, QByteArray> snapshot(const QString &dir) {
    std::map<QString, QByteArray> files;
    const QStringList names = QDir(dir).entryList(QDir::Files | QDir::Hidden);
    for (const QString &name : names) {
        QFile file(dir + QLatin1Char('/') + name);
        if (name != QLatin1String(".lock") && file.open(QIODevice::ReadOnly))
            files[name] = file.readAll();
    }
    return files;
}

} // namespace FuzzSupport

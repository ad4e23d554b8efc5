#include "fuzzsupport.h"

#include <QCoreApplication>
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

} // namespace FuzzSupport

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "runheader.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSysInfo>
#include <QThread>

namespace {

QString runGit(const QString &directory, const QStringList &arguments) {
    QProcess git;
    git.start(QStringLiteral("git"), QStringList{QStringLiteral("-C"), directory} + arguments);
    if (!git.waitForFinished(10'000) || git.exitStatus() != QProcess::NormalExit ||
        git.exitCode() != 0) {
        git.kill();
        git.waitForFinished(1'000);
        return {};
    }
    return QString::fromUtf8(git.readAllStandardOutput()).trimmed();
}

QString cpuModel() {
    QFile cpuinfo(QStringLiteral("/proc/cpuinfo"));
    if (!cpuinfo.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray &line : cpuinfo.readAll().split('\n')) {
        if (line.startsWith("model name"))
            return QString::fromUtf8(line.mid(line.indexOf(':') + 1).trimmed());
    }
    return {};
}

} // namespace

QString gitCommit(const QString &directory) {
    if (directory.isEmpty())
        return {};
    const QString commit = runGit(directory, {QStringLiteral("rev-parse"),
                                              QStringLiteral("--short"), QStringLiteral("HEAD")});
    if (commit.isEmpty())
        return {};
    const QString changes =
        runGit(directory, {QStringLiteral("status"), QStringLiteral("--porcelain"),
                           QStringLiteral("--untracked-files=no")});
    return changes.isEmpty() ? commit : commit + QStringLiteral("+changes");
}

QString sourceTreeOfBuild(const QString &binary) {
    QDir directory = QFileInfo(binary).absoluteDir();
    for (int level = 0; level < 4; ++level) {
        QFile cache(directory.filePath(QStringLiteral("CMakeCache.txt")));
        if (cache.open(QIODevice::ReadOnly)) {
            for (const QByteArray &line : cache.readAll().split('\n')) {
                if (line.startsWith("CMAKE_HOME_DIRECTORY:"))
                    return QString::fromUtf8(line.mid(line.indexOf('=') + 1).trimmed());
            }
            return {};
        }
        if (!directory.cdUp())
            return {};
    }
    return {};
}

RunHeader describeRun() {
    RunHeader header;
    header.dateUtc = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    header.benchCommit = gitCommit(QStringLiteral(BENCH_SOURCE_DIR));
    header.cpu = cpuModel();
    header.cores = QThread::idealThreadCount();
    header.kernel = QSysInfo::kernelType() + u' ' + QSysInfo::kernelVersion();
    return header;
}

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
    header.loadAtStart = loadAverage();
    return header;
}

QString loadAverage() {
    QFile loadavg(QStringLiteral("/proc/loadavg"));
    if (!loadavg.open(QIODevice::ReadOnly))
        return {};
    const QList<QByteArray> fields = loadavg.readAll().simplified().split(' ');
    if (fields.size() < 3)
        return {};
    return QString::fromLatin1(fields.at(0) + ' ' + fields.at(1) + ' ' + fields.at(2));
}

QStringList headerLines(const QString &program, const RunHeader &header,
                        const QString &daemonBinary) {
    const QString tree = sourceTreeOfBuild(daemonBinary);
    return {QStringLiteral("%1  %2 UTC").arg(program, header.dateUtc),
            QStringLiteral("bench commit   %1").arg(header.benchCommit),
            QStringLiteral("daemon         %1 (tree %2 at %3)")
                .arg(daemonBinary, tree, tree.isEmpty() ? QString() : gitCommit(tree)),
            QStringLiteral("machine        %1, %2 cores, %3")
                .arg(header.cpu)
                .arg(header.cores)
                .arg(header.kernel),
            QStringLiteral("load           %1 (1, 5, 15 min)").arg(header.loadAtStart)};
}

QJsonObject headerJson(const RunHeader &header, const QString &daemonBinary) {
    return {{QStringLiteral("date"), header.dateUtc},
            {QStringLiteral("bench_commit"), header.benchCommit},
            {QStringLiteral("daemon"), daemonBinary},
            {QStringLiteral("daemon_commit"), gitCommit(sourceTreeOfBuild(daemonBinary))},
            {QStringLiteral("cpu"), header.cpu},
            {QStringLiteral("cores"), header.cores},
            {QStringLiteral("kernel"), header.kernel},
            {QStringLiteral("load_at_start"), header.loadAtStart},
            {QStringLiteral("load_at_end"), loadAverage()}};
}

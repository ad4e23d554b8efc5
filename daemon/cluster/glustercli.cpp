// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "glustercli.h"

#include "logtext.h"

#include <QFileInfo>
#include <QProcess>
#include <QTimer>

GlusterCli::GlusterCli(QString program, QObject *parent)
    : QObject(parent)
    , m_program(std::move(program)) {
}

QString GlusterCli::installedProgram() {
    if (const QString chosen = qEnvironmentVariable("GLUSTER_CLI"); !chosen.isEmpty())
        return chosen;
    const QString installed = QStringLiteral("/usr/sbin/gluster");
    return QFileInfo(installed).isExecutable() ? installed : QStringLiteral("gluster");
}

void GlusterCli::run(const QStringList &arguments, Done done) {
    auto *process = new QProcess(this);
    const QStringList all = QStringList{QStringLiteral("--mode=script")} + arguments;
    const QString command = QStringLiteral("gluster ") + all.join(u' ');
    auto finished = std::make_shared<bool>(false);
    const auto finish = [process, done, finished, command](const QString &failure) {
        if (*finished)
            return;
        *finished = true;
        if (failure.isEmpty()) {
            done(QString::fromUtf8(process->readAllStandardOutput()).trimmed());
        } else {
            // What glusterd printed is not ours to trust: quoted, and short.
            done(Result<QString>::failure(QStringLiteral("%1: %2").arg(command, failure)));
        }
        process->deleteLater();
    };
    connect(process, &QProcess::errorOccurred, this,
            [process, finish](QProcess::ProcessError) { finish(process->errorString()); });
    connect(process, &QProcess::finished, this,
            [process, finish](int exitCode, QProcess::ExitStatus status) {
                if (status == QProcess::NormalExit && exitCode == 0)
                    return finish(QString());
                const QByteArray both = process->readAllStandardError().trimmed() + ' ' +
                                        process->readAllStandardOutput().trimmed();
                const QByteArray said = both.trimmed().left(300);
                finish(QStringLiteral("exit %1: %2")
                           .arg(exitCode)
                           .arg(LogText::quoted(QString::fromUtf8(said))));
            });
    QTimer::singleShot(kTimeoutMs, process, [process, finish] {
        finish(QStringLiteral("no answer in %1 s").arg(kTimeoutMs / 1000));
        process->kill();
    });
    process->start(m_program, all);
}

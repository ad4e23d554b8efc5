// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "profiler.h"

#include <QThread>

#include <signal.h>

Profiler::Profiler(const QString &command, qint64 pid) {
    if (command.isEmpty())
        return;
    QStringList words = QProcess::splitCommand(
        QString(command).replace(QStringLiteral("%p"), QString::number(pid)));
    if (words.isEmpty())
        return;
    m_process.setProcessChannelMode(QProcess::ForwardedChannels);
    m_process.start(words.takeFirst(), words);
    m_process.waitForStarted();
    QThread::msleep(500); // perf needs a moment to attach
}

Profiler::~Profiler() {
    stop();
}

void Profiler::stop() {
    if (m_process.state() == QProcess::NotRunning)
        return;
    ::kill(pid_t(m_process.processId()), SIGINT); // perf record writes its file on SIGINT
    m_process.waitForFinished(60'000);
}

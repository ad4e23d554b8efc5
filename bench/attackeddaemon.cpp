// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "attackeddaemon.h"

#include "benchtools.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QRegularExpression>
#include <QThread>

#include <csignal>
#include <sys/prctl.h>

AttackedDaemon::AttackedDaemon(const QString &binary, const QString &address)
    : m_binary(binary)
    , m_files(address, freePort(address)) {
    // Nobody reads the daemon's output while it is attacked: a full pipe would stall it.
    m_process.setStandardOutputFile(QProcess::nullDevice());
    m_process.setStandardErrorFile(m_files.logFile() + QStringLiteral(".stderr"));
    // Should this program be killed mid-attack, a daemon grown to gigabytes goes with it.
    m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
}

AttackedDaemon::~AttackedDaemon() {
    stop();
}

bool AttackedDaemon::start() {
    m_process.start(m_binary,
                    {QStringLiteral("--workdir"), m_files.workdir(),
                     QStringLiteral("--config-file"), m_files.defaultConfigFile(),
                     QStringLiteral("--log-file"), m_files.logFile(), QStringLiteral("-p"),
                     m_files.pidFile(), QStringLiteral("--listen"), m_files.listenAddress()});
    if (!m_process.waitForStarted(10'000))
        return false;
    const QString listening = m_files.eventsDir() + QStringLiteral("/daemon.json");
    const QDeadlineTimer deadline(20'000);
    while (!deadline.hasExpired()) {
        if (QFile::exists(listening))
            return true;
        if (!isRunning())
            return false;
        QThread::msleep(20);
    }
    return false;
}

void AttackedDaemon::stop() {
    if (!isRunning())
        return;
    ::kill(pid_t(m_process.processId()), SIGTERM);
    if (!m_process.waitForFinished(15'000)) {
        m_process.kill();
        m_process.waitForFinished(5'000);
    }
}

bool AttackedDaemon::isRunning() {
    // QProcess learns of the exit only when asked; a zero wait asks without blocking.
    m_process.waitForFinished(0);
    return m_process.state() == QProcess::Running;
}

std::optional<qint64> AttackedDaemon::receiveBufferBytes() const {
    const auto match = QRegularExpression(QStringLiteral("receive buffer (\\d+) bytes"))
                           .match(QString::fromUtf8(m_files.log()));
    if (!match.hasMatch())
        return std::nullopt;
    return match.captured(1).toLongLong();
}

std::optional<qint64> AttackedDaemon::residentKiB() {
    const ProcessReading reading = isRunning() ? readProcess(pid()) : ProcessReading{};
    return reading.rssKiB > 0 ? std::optional<qint64>(reading.rssKiB) : std::nullopt;
}

std::optional<qint64> AttackedDaemon::peakResidentKiB() {
    const ProcessReading reading = isRunning() ? readProcess(pid()) : ProcessReading{};
    return reading.peakRssKiB > 0 ? std::optional<qint64>(reading.peakRssKiB) : std::nullopt;
}

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "logsink.h"

#include "logtext.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcDaemon, "events.daemon")
Q_LOGGING_CATEGORY(lcIngest, "events.ingest")
Q_LOGGING_CATEGORY(lcDispatch, "events.dispatch")
Q_LOGGING_CATEGORY(lcPublished, "events.published")

namespace {

// Qt's message handler is a plain function pointer: this is the one place it can find the
// sink. Set by install(), cleared by the destructor.
LogSink *g_installedSink = nullptr; // NOLINT(cppcoreguidelines-avoid-non-const-global-variables)

const char *levelName(QtMsgType type) {
    switch (type) {
    case QtDebugMsg:
        return "DEBUG";
    case QtInfoMsg:
        return "INFO";
    case QtWarningMsg:
        return "WARNING";
    case QtCriticalMsg:
    case QtFatalMsg:
        return "ERROR";
    }
    return "INFO";
}

} // namespace

LogSink::~LogSink() {
    if (g_installedSink == this) {
        qInstallMessageHandler(m_previous);
        g_installedSink = nullptr;
    }
    if (m_ownsFd)
        ::close(m_fd);
}

Status LogSink::open(const QString &path) {
    const QMutexLocker lock(&m_mutex);
    if (path == u"-") {
        m_fd = STDERR_FILENO;
        return Status::success();
    }
    QDir().mkpath(QFileInfo(path).absolutePath());
    m_path = path;
    return openPath();
}

Status LogSink::reopen() {
    const QMutexLocker lock(&m_mutex);
    if (m_path.isEmpty())
        return Status::success();
    return openPath();
}

Status LogSink::openPath() {
    const QByteArray native = QFile::encodeName(m_path);
    constexpr int kFlags = O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY;
    int fd = ::open(native.constData(), kFlags | O_EXCL, kFileMode);
    // A new file gets its mode whatever the umask (the daemon runs with 077), the mode
    // logrotate's "create" gives it: its group may read it, nobody else.
    if (fd >= 0)
        ::fchmod(fd, kFileMode);
    else if (errno == EEXIST)
        fd = ::open(native.constData(), kFlags, kFileMode);
    if (fd < 0)
        return Status::failure(QStringLiteral("cannot open log file %1: %2")
                                   .arg(m_path, QString::fromLocal8Bit(std::strerror(errno))));
    struct stat info {};
    if (::fstat(fd, &info) == 0) {
        m_device = info.st_dev;
        m_inode = info.st_ino;
        const mode_t mode = info.st_mode & 07777;
        if (S_ISREG(info.st_mode) && (mode & ~kFileMode) != 0) {
            const bool tightened = ::fchmod(fd, mode & kFileMode) == 0;
            m_notices.append(
                tightened ? QStringLiteral("log file %1 was mode %2; now %3")
                                .arg(m_path, QString::number(mode, 8),
                                     QString::number(mode & kFileMode, 8))
                          : QStringLiteral("log file %1 is mode %2 and cannot be made %3: %4")
                                .arg(m_path, QString::number(mode, 8),
                                     QString::number(mode & kFileMode, 8),
                                     QString::fromLocal8Bit(std::strerror(errno))));
        }
    }
    if (m_ownsFd)
        ::close(m_fd);
    m_fd = fd;
    m_ownsFd = true;
    m_lineCut = false;
    return Status::success();
}

void LogSink::reopenIfMoved() {
    if (m_path.isEmpty())
        return;
    struct stat info {};
    if (::stat(QFile::encodeName(m_path).constData(), &info) == 0 && info.st_dev == m_device &&
        info.st_ino == m_inode)
        return;
    // Moved or deleted without a SIGHUP: lines written to the old file would be lost to the
    // admin. When the path cannot be opened, the old file is kept and the next second tries.
    if (openPath())
        m_notices.append(
            QStringLiteral("log file %1 was moved or deleted; reopened it").arg(m_path));
}

void LogSink::install() {
    g_installedSink = this;
    m_previous = qInstallMessageHandler(&LogSink::handleMessage);
}

void LogSink::applyLevel(const QString &level, bool eventsLogDisabled) {
    QString rules = QStringLiteral("events.*.debug=false\n");
    if (level == u"DEBUG")
        rules = QStringLiteral("events.*.debug=true\n");
    else if (level == u"WARNING")
        rules += QStringLiteral("events.*.info=false\n");
    else if (level == u"ERROR")
        rules += QStringLiteral("events.*.info=false\nevents.*.warning=false\n");
    // Published events are their own switch, whatever the daemon's log level.
    rules += eventsLogDisabled ? QStringLiteral("events.published.info=false\n")
                               : QStringLiteral("events.published.info=true\n");
    rules += QStringLiteral("qt.*.debug=false\n");
    QLoggingCategory::setFilterRules(rules);
}

void LogSink::handleMessage(QtMsgType type, const QMessageLogContext &context,
                            const QString &message) {
    if (g_installedSink)
        g_installedSink->write(type, context.category, message);
}

QByteArray LogSink::prefix(QtMsgType type, const char *category, long millis) const {
    const char fraction[] = {char('0' + millis / 100), char('0' + millis / 10 % 10),
                             char('0' + millis % 10)};
    QByteArray prefix;
    prefix.reserve(m_stamp.size() + 40);
    prefix += m_stamp;
    prefix.append(fraction, 3);
    prefix += "] ";
    prefix += levelName(type);
    prefix += " [";
    prefix += category ? category : "default";
    prefix += "] ";
    return prefix;
}

void LogSink::appendNotices(QByteArray &lines, long millis) {
    if (m_failedWrites.load() != m_reportedFailures)
        m_notices.append(QStringLiteral("%1 log writes failed (%2); their lines are lost")
                             .arg(m_failedWrites.load() - m_reportedFailures)
                             .arg(m_lastError != 0
                                      ? QString::fromLocal8Bit(std::strerror(m_lastError))
                                      : QStringLiteral("short write")));
    if (m_notices.isEmpty())
        return;
    const QByteArray noticePrefix = prefix(QtWarningMsg, lcDaemon().categoryName(), millis);
    for (const QString &notice : std::as_const(m_notices)) {
        lines += noticePrefix;
        LogText::appendEscaped(lines, notice.toUtf8(), false);
        lines += '\n';
    }
    m_notices.clear();
}

void LogSink::write(QtMsgType type, const char *category, const QString &message) {
    timespec now{};
    clock_gettime(CLOCK_REALTIME, &now);
    const QByteArray utf8 = message.toUtf8();
    // Almost no message has anything to escape: it is scanned, not copied.
    QByteArray escaped;
    if (LogText::needsEscaping(utf8, true)) {
        escaped.reserve(utf8.size() + 64);
        LogText::appendEscaped(escaped, utf8, true);
    }
    const QByteArrayView text = escaped.isNull() ? QByteArrayView(utf8) : QByteArrayView(escaped);
    const QMutexLocker locker(&m_mutex);
    // Every event is a log line: the local date and time are formatted once per second, not
    // per line (QDateTime::toString was a fifth of an event's ingest cost).
    if (now.tv_sec != m_stampSecond) {
        m_stampSecond = now.tv_sec;
        tm local{};
        localtime_r(&now.tv_sec, &local);
        char stamp[32];
        const size_t size = std::strftime(stamp, sizeof stamp, "[%Y-%m-%dT%H:%M:%S.", &local);
        m_stamp = QByteArray(stamp, qsizetype(size));
        reopenIfMoved();
    }
    if (m_fd < 0)
        return;
    const long millis = now.tv_nsec / 1'000'000;
    // Each line of a message gets the prefix, so that every line of the file can be read on
    // its own; a batch of published events arrives as one message and leaves in one write.
    const QByteArray linePrefix = prefix(type, category, millis);
    QByteArray lines;
    lines.reserve(text.size() + (text.count('\n') + 1) * (linePrefix.size() + 1) + 1);
    if (m_lineCut)
        lines += '\n'; // the end of the line a short write cut off
    const quint64 failuresBefore = m_failedWrites.load();
    appendNotices(lines, millis);
    qsizetype start = 0;
    for (;;) {
        const qsizetype end = text.indexOf('\n', start);
        lines += linePrefix;
        lines += text.sliced(start, (end < 0 ? text.size() : end) - start);
        lines += '\n';
        if (end < 0)
            break;
        start = end + 1;
    }
    // One attempt: a full disk costs these lines, never a wait or a retry loop.
    const ssize_t written = ::write(m_fd, lines.constData(), size_t(lines.size()));
    if (written == lines.size()) {
        m_reportedFailures = failuresBefore;
        m_lineCut = false;
        return;
    }
    m_lastError = written < 0 ? errno : 0;
    m_lineCut = written > 0;
    ++m_failedWrites;
}

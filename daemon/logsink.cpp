#include "logsink.h"

#include <QDir>
#include <QFileInfo>

#include <cstdio>
#include <ctime>

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
}

Status LogSink::open(const QString &path) {
    if (path == u"-")
        return m_file.open(stderr, QIODevice::WriteOnly | QIODevice::Unbuffered)
                   ? Status::success()
                   : Status::failure(QStringLiteral("cannot write to stderr"));
    QDir().mkpath(QFileInfo(path).absolutePath());
    m_path = path;
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered))
        return Status::failure(
            QStringLiteral("cannot open log file %1: %2").arg(path, m_file.errorString()));
    return Status::success();
}

Status LogSink::reopen() {
    if (m_path.isEmpty())
        return Status::success();
    const QMutexLocker lock(&m_mutex);
    m_file.close();
    m_file.setFileName(m_path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered))
        return Status::failure(
            QStringLiteral("cannot reopen log file %1: %2").arg(m_path, m_file.errorString()));
    return Status::success();
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

void LogSink::write(QtMsgType type, const char *category, const QString &message) {
    timespec now{};
    clock_gettime(CLOCK_REALTIME, &now);
    const QByteArray text = message.toUtf8();
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
    }
    const long millis = now.tv_nsec / 1'000'000;
    const char fraction[] = {char('0' + millis / 100), char('0' + millis / 10 % 10),
                             char('0' + millis % 10)};
    // Each line of a message gets the prefix, so that every line of the file can be read on
    // its own; a batch of published events arrives as one message and leaves in one write.
    QByteArray prefix;
    prefix.reserve(m_stamp.size() + 40);
    prefix += m_stamp;
    prefix.append(fraction, 3);
    prefix += "] ";
    prefix += levelName(type);
    prefix += " [";
    prefix += category ? category : "default";
    prefix += "] ";
    QByteArray lines;
    lines.reserve(text.size() + (text.count('\n') + 1) * (prefix.size() + 1));
    qsizetype start = 0;
    for (;;) {
        const qsizetype end = text.indexOf('\n', start);
        lines += prefix;
        lines += QByteArrayView(text).sliced(start, (end < 0 ? text.size() : end) - start);
        lines += '\n';
        if (end < 0)
            break;
        start = end + 1;
    }
    m_file.write(lines);
}

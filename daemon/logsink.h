#pragma once

#include "result.h"

#include <QFile>
#include <QLoggingCategory>
#include <QMutex>

Q_DECLARE_LOGGING_CATEGORY(lcDaemon)
Q_DECLARE_LOGGING_CATEGORY(lcIngest)
Q_DECLARE_LOGGING_CATEGORY(lcDispatch)
// The published-events log: one line per accepted event, unless disable_events_log.
Q_DECLARE_LOGGING_CATEGORY(lcPublished)

// Where the daemon's log lines go: a file (appended) or stderr, each line of a message with
// time, level and category in front, a message in one write. Installed as Qt's message handler
// for the life of the object.
class LogSink {
public:
    LogSink() = default;
    ~LogSink();
    LogSink(const LogSink &) = delete;
    LogSink &operator=(const LogSink &) = delete;

    // "-" means stderr.
    Status open(const QString &path);
    void install();
    // Closes the file and opens its path again (after logrotate moved it); stderr stays.
    Status reopen();

    // DEBUG, INFO, WARNING or ERROR (config log_level); published events follow their own switch.
    static void applyLevel(const QString &level, bool eventsLogDisabled);

private:
    static void handleMessage(QtMsgType type, const QMessageLogContext &context,
                              const QString &message);
    void write(QtMsgType type, const char *category, const QString &message);

    QMutex m_mutex; // log lines come from the ingest thread too
    // "[YYYY-MM-DDTHH:MM:SS." of m_stampSecond, under m_mutex.
    qint64 m_stampSecond = -1;
    QByteArray m_stamp;
    QFile m_file;
    QString m_path;
    QtMessageHandler m_previous = nullptr;
};

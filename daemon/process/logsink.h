// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "result.h"

#include <QLoggingCategory>
#include <QMutex>
#include <QStringList>

#include <atomic>

#include <sys/types.h>

Q_DECLARE_LOGGING_CATEGORY(lcDaemon)
Q_DECLARE_LOGGING_CATEGORY(lcIngest)
Q_DECLARE_LOGGING_CATEGORY(lcDispatch)
// The published-events log: one line per accepted event, unless disable_events_log.
Q_DECLARE_LOGGING_CATEGORY(lcPublished)

// Where the daemon's log lines go: a file (appended) or stderr, each line of a message with
// time, level and category in front, a message in one write. Installed as Qt's message handler
// for the life of the object.
//
// Nothing a sender controls reaches the file raw: every message is escaped here (LogText), its
// '\n' kept as the break between lines of one message (callers quoting a sender's text escape
// that too, with LogText::quoted). The file is opened O_APPEND (logrotate's copytruncate works)
// with mode 0640 whatever the umask; a looser existing file is tightened. It is reopened on
// SIGHUP, and by itself when its path no longer names it (moved or deleted), checked at most
// once a second. A failed or short write (a full disk) loses its lines and is counted, never
// retried: logging must not hold up or stop anything else.
class LogSink {
public:
    static constexpr mode_t kFileMode = 0640;

    LogSink() = default;
    ~LogSink();
    LogSink(const LogSink &) = delete;
    LogSink &operator=(const LogSink &) = delete;

    // "-" means stderr.
    Status open(const QString &path);
    void install();
    // Opens the file's path again (after logrotate moved it); on failure the old file stays in
    // use. stderr stays.
    Status reopen();
    // Writes that failed or were cut short: their lines are lost.
    quint64 failedWrites() const { return m_failedWrites.load(); }

    // DEBUG, INFO, WARNING or ERROR (config log_level); published events follow their own switch.
    static void applyLevel(const QString &level, bool eventsLogDisabled);

private:
    static void handleMessage(QtMsgType type, const QMessageLogContext &context,
                              const QString &message);
    void write(QtMsgType type, const char *category, const QString &message);
    // The rest under m_mutex.
    Status openPath();
    void reopenIfMoved();
    QByteArray prefix(QtMsgType type, const char *category, long millis) const;
    void appendNotices(QByteArray &lines, long millis);

    QMutex m_mutex; // log lines come from the ingest thread too
    // "[YYYY-MM-DDTHH:MM:SS." of m_stampSecond, under m_mutex.
    qint64 m_stampSecond = -1;
    QByteArray m_stamp;
    int m_fd = -1;
    bool m_ownsFd = false;
    dev_t m_device = 0; // of the open file, to notice that its path names another
    ino_t m_inode = 0;
    QString m_path;
    QStringList m_notices;  // the sink's own warnings, written before the next message
    bool m_lineCut = false; // the last write ended inside a line
    quint64 m_reportedFailures = 0;
    int m_lastError = 0;
    std::atomic<quint64> m_failedWrites{0};
    QtMessageHandler m_previous = nullptr;
};

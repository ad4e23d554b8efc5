// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include <QObject>

class QSocketNotifier;

// Turns SIGTERM, SIGINT, SIGUSR2 and SIGHUP into Qt signals on the main thread (self-pipe), so that
// no work happens inside a signal handler.
class UnixSignals : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UnixSignals)

public:
    explicit UnixSignals(QObject *parent = nullptr);
    ~UnixSignals() override;

Q_SIGNALS:
    void terminateRequested(int signalNumber);
    void reloadRequested();
    // SIGHUP: logrotate moved the log away; write to a new file of the same name.
    void logReopenRequested();

private:
    void readPending();

    int m_fds[2] = {-1, -1};
    QSocketNotifier *m_notifier = nullptr;
};

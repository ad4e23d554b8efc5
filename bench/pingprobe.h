// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once
// Asks a daemon's GET /v1/ping over and over while something else loads the daemon, and keeps
// how long each answer took: the control server shares the daemon's main thread with delivery,
// so this is how long `status` waits for a node that is as busy as it gets. It runs on a thread
// of its own because the bench's main thread blocks while it polls the receiver.
#include <QList>
#include <QString>

#include <atomic>
#include <mutex>
#include <thread>

class PingProbe {
public:
    struct Figures {
        qsizetype answered = 0;
        qsizetype unanswered = 0; // no whole answer within 10 s, or no connection
        double maxMs = 0;
        double p99Ms = 0;
    };

    // Starts asking at once, a new connection each time, `intervalMs` apart.
    PingProbe(const QString &address, quint16 port, int intervalMs = 100);
    ~PingProbe();
    PingProbe(const PingProbe &) = delete;
    PingProbe &operator=(const PingProbe &) = delete;

    // Stops asking and gives what was measured (idempotent).
    Figures stop();

private:
    void run();
    // Microseconds for one ping, or -1 when it got no whole answer.
    qint64 pingOnce() const;

    QByteArray m_address;
    quint16 m_port;
    int m_intervalMs;
    std::atomic<bool> m_stopping{false};
    std::mutex m_lock;
    QList<qint64> m_answeredUs;
    qsizetype m_unanswered = 0;
    std::thread m_thread;
};

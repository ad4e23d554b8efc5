// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "unixsignals.h"

#include <QSocketNotifier>

#include <csignal>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

// A POSIX signal handler can reach the event loop only through a global; it holds nothing but
// the write end of the pipe.
volatile int g_writeFd = -1; // NOLINT(cppcoreguidelines-avoid-non-const-global-variables)

void onSignal(int signalNumber) {
    const unsigned char byte = static_cast<unsigned char>(signalNumber);
    if (g_writeFd >= 0) [[maybe_unused]]
        const ssize_t ignored = ::write(g_writeFd, &byte, 1);
}

} // namespace

UnixSignals::UnixSignals(QObject *parent)
    : QObject(parent) {
    ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, m_fds);
    g_writeFd = m_fds[0];
    m_notifier = new QSocketNotifier(m_fds[1], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &UnixSignals::readPending);

    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (const int signalNumber : {SIGTERM, SIGINT, SIGUSR2, SIGHUP})
        ::sigaction(signalNumber, &action, nullptr);
    // A log written to a pipe whose reader went away must not kill the daemon.
    ::signal(SIGPIPE, SIG_IGN);
}

UnixSignals::~UnixSignals() {
    for (const int signalNumber : {SIGTERM, SIGINT, SIGUSR2, SIGHUP})
        ::signal(signalNumber, SIG_DFL);
    g_writeFd = -1;
    ::close(m_fds[0]);
    ::close(m_fds[1]);
}

void UnixSignals::readPending() {
    unsigned char byte = 0;
    while (::read(m_fds[1], &byte, 1) == 1) {
        if (byte == SIGUSR2)
            Q_EMIT reloadRequested();
        else if (byte == SIGHUP)
            Q_EMIT logReopenRequested();
        else
            Q_EMIT terminateRequested(byte);
    }
}

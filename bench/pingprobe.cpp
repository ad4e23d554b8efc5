// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "pingprobe.h"

#include "monotonicclock.h"
#include "percentile.h"

#include <algorithm>
#include <arpa/inet.h>
#include <chrono>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

namespace {

constexpr int kAnswerWithinS = 10;
const char kRequest[] = "GET /v1/ping HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n";

} // namespace

PingProbe::PingProbe(const QString &address, quint16 port, int intervalMs)
    : m_address(address.toLatin1())
    , m_port(port)
    , m_intervalMs(intervalMs)
    , m_thread([this] { run(); }) {
}

PingProbe::~PingProbe() {
    stop();
}

PingProbe::Figures PingProbe::stop() {
    m_stopping = true;
    if (m_thread.joinable())
        m_thread.join();
    const std::lock_guard<std::mutex> guard(m_lock);
    Figures figures;
    figures.answered = m_answeredUs.size();
    figures.unanswered = m_unanswered;
    if (!m_answeredUs.isEmpty()) {
        figures.maxMs = double(*std::max_element(m_answeredUs.cbegin(), m_answeredUs.cend())) / 1e3;
        figures.p99Ms = double(percentile(m_answeredUs, 99).value_or(0)) / 1e3;
    }
    return figures;
}

void PingProbe::run() {
    while (!m_stopping) {
        const qint64 us = pingOnce();
        {
            const std::lock_guard<std::mutex> guard(m_lock);
            if (us < 0)
                ++m_unanswered;
            else
                m_answeredUs.append(us);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(m_intervalMs));
    }
}

qint64 PingProbe::pingOnce() const {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    const timeval wait{kAnswerWithinS, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &wait, sizeof wait);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(m_port);
    inet_pton(AF_INET, m_address.constData(), &to.sin_addr);
    const qint64 start = monotonicUs();
    bool answered = false;
    if (::connect(fd, reinterpret_cast<sockaddr *>(&to), sizeof to) == 0 &&
        ::send(fd, kRequest, sizeof kRequest - 1, MSG_NOSIGNAL) == qint64(sizeof kRequest - 1)) {
        // The server closes after its answer: a whole answer ends at end of file.
        QByteArray response;
        char buffer[4096];
        ssize_t got = 0;
        while ((got = ::recv(fd, buffer, sizeof buffer, 0)) > 0)
            response.append(buffer, got);
        answered = got == 0 && response.startsWith("HTTP/1.1 200");
    }
    const qint64 elapsed = monotonicUs() - start;
    ::close(fd);
    return answered ? elapsed : -1;
}

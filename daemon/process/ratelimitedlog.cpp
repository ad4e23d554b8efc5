// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "ratelimitedlog.h"

RateLimitedLog::RateLimitedLog(int burst, qint64 windowMs)
    : m_burst(burst)
    , m_windowMs(windowMs) {
}

bool RateLimitedLog::admit(qint64 *suppressedBefore) {
    *suppressedBefore = 0;
    if (!m_window.isValid() || m_window.elapsed() >= m_windowMs) {
        *suppressedBefore = m_suppressedInWindow;
        m_window.start();
        m_loggedInWindow = 0;
        m_suppressedInWindow = 0;
    }
    if (m_loggedInWindow < m_burst) {
        ++m_loggedInWindow;
        return true;
    }
    ++m_suppressedInWindow;
    return false;
}

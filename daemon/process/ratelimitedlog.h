// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include <QElapsedTimer>

// Decides which of a stream of repeated warnings get a log line: at most `burst` per window,
// and, when the window rolls over, how many were held back, so a flood cannot fill the disk.
class RateLimitedLog {
public:
    RateLimitedLog(int burst, qint64 windowMs);

    // True when this occurrence should be logged. `suppressedBefore` is set to the number held
    // back in the previous window (to be reported once), else 0.
    bool admit(qint64 *suppressedBefore);

private:
    int m_burst;
    qint64 m_windowMs;
    QElapsedTimer m_window;
    int m_loggedInWindow = 0;
    qint64 m_suppressedInWindow = 0;
};

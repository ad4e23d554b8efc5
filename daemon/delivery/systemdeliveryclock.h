// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "deliveryclock.h"

#include <QElapsedTimer>

// The real time and randomness the daemon delivers with: the system clocks, Qt's timers and
// the system's random generator.
class SystemDeliveryClock final : public DeliveryClock {
public:
    SystemDeliveryClock();

    qint64 wallMs() const override;
    qint64 monotonicNs() const override;
    void callLater(int delayMs, QObject *context, std::function<void()> callback) override;
    int random(int bound) override;

private:
    QElapsedTimer m_started;
};

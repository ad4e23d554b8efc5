// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "systemdeliveryclock.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QTimer>

SystemDeliveryClock::SystemDeliveryClock() {
    m_started.start();
}

qint64 SystemDeliveryClock::wallMs() const {
    return QDateTime::currentMSecsSinceEpoch();
}

qint64 SystemDeliveryClock::monotonicNs() const {
    return m_started.nsecsElapsed();
}

void SystemDeliveryClock::callLater(int delayMs, QObject *context, std::function<void()> callback) {
    QTimer::singleShot(delayMs, context, std::move(callback));
}

int SystemDeliveryClock::random(int bound) {
    return QRandomGenerator::global()->bounded(bound);
}

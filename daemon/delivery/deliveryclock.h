// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include <QtGlobal>

#include <functional>

class QObject;

// What delivery asks of time and chance, behind one interface so that a test can stand in for
// it: the wall clock (an event's age, when an attempt was made, Retry-After dates), a monotonic
// clock (latency and the overall request deadline, which must not jump with the wall clock),
// running something later (retries, the deadline sweep), and the retry jitter's random numbers.
// The daemon uses SystemDeliveryClock; a test advances a manual clock and sees a day of retries
// at once, without waiting for any of them.
class DeliveryClock {
public:
    DeliveryClock() = default;
    virtual ~DeliveryClock() = default;
    Q_DISABLE_COPY_MOVE(DeliveryClock)

    // Milliseconds since the epoch.
    virtual qint64 wallMs() const = 0;
    // Nanoseconds since a fixed point; never goes back.
    virtual qint64 monotonicNs() const = 0;
    // Calls `callback` once from the event loop, `delayMs` from now; never once `context` is
    // deleted.
    virtual void callLater(int delayMs, QObject *context, std::function<void()> callback) = 0;
    // An evenly spread number from 0 to `bound` - 1 (`bound` at least 1).
    virtual int random(int bound) = 0;
};

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include <QString>
#include <QtGlobal>

#include <array>

// What one webhook's deliveries came to, for /metrics: counts, and a histogram of how long a
// successful request took (send to answer).
struct DeliveryStats {
    // Upper bounds in seconds, as Prometheus histograms are laid out.
    static constexpr std::array<double, 9> kBuckets{0.005, 0.01, 0.025, 0.05, 0.1,
                                                    0.25,  0.5,  1.0,   5.0};

    quint64 delivered = 0;
    quint64 failedAttempts = 0;
    quint64 retries = 0; // attempts after the first for an event
    quint64 dead = 0;    // events given up on after the max age, or refused with 410 Gone
    qint64 lastDeliveredMs = 0;
    qint64 lastFailureMs = 0;
    QString lastError;
    std::array<quint64, kBuckets.size()> latencyBuckets{}; // not cumulative; rendered cumulative
    double latencySum = 0;

    void observeLatency(double seconds) {
        for (size_t i = 0; i < kBuckets.size(); ++i) {
            if (seconds <= kBuckets[i]) {
                ++latencyBuckets[i];
                break;
            }
        }
        latencySum += seconds;
    }
};

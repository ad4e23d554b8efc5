// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once
// The one clock of the latency figures: senders stamp sent_us with it and bench_sink compares
// it with the time of receipt, so every bench program must read the same one. No Qt: the sink
// does without.
#include <cstdint>
#include <time.h>

// CLOCK_MONOTONIC in microseconds.
inline int64_t monotonicUs() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return int64_t(ts.tv_sec) * 1'000'000 + ts.tv_nsec / 1'000;
}

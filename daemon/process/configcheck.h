// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "daemonoptions.h"

#include <QStringList>

// glustereventsd --check-config: reads every file the daemon would read at start (default and
// custom config, webhooks, cluster key), validates them, and says what it would use. Writes
// nothing, binds nothing: safe on a running node.
struct ConfigCheck {
    QStringList report; // what would be used, one line each; what would be skipped as warnings
    QStringList errors; // what would stop the daemon, one line each; any makes the check fail

    static ConfigCheck run(const DaemonOptions &options);
};

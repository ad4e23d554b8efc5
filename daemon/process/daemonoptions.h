// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "result.h"

#include <QHostAddress>
#include <QList>
#include <QString>

// The command line and environment of glustereventsd (docs/contract.md, options).
struct DaemonOptions {
    QString workdir;
    QString defaultConfigFile;
    QString logFile; // "-" is stderr
    QString pidFile;
    QList<QHostAddress> listen; // empty: every IPv4 and IPv6 address
    bool checkConfig = false;   // validate the files, say what would be used, and exit
};

namespace DaemonOptionsParser {

// Parses `arguments` (argv, program name first). --help and --version print and exit here,
// as every daemon's do; anything wrong is an error for the caller to report.
Result<DaemonOptions> parse(const QStringList &arguments);

} // namespace DaemonOptionsParser

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "commandline.h"

#include <QByteArray>

class QNetworkAccessManager;

// What a command printed and how it ended.
struct CommandOutcome {
    int exitCode = 0;
    QByteArray standardOutput;
    QByteArray standardError;
};

// Runs one parsed command to completion (spinning an event loop while nodes answer) and maps
// its result to output and an exit code (docs/contract.md, exit codes), in this one place.
CommandOutcome runCommand(const CliCommand &command, const QString &programName,
                          QNetworkAccessManager &network);

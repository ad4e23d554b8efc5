// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "operationtable.h"

#include <QString>

// argparse-like help of gluster-eventsapi, translatable ("cli" context). programName is what
// the user typed (gluster-eventsapi or gluster-eventing).

// "usage: gluster-eventsapi webhook-add [-h] [--bearer_token BEARER_TOKEN] [--secret SECRET] url"
QString commandUsage(const OperationSpec &command, const QString &programName);
// The command's usage, summary, arguments and options; ends with "\n".
QString commandHelp(const OperationSpec &command, const QString &programName);

// "usage: gluster-eventsapi [-h] [--workdir DIR] ... command ..."
QString generalUsage(const QString &programName);
// Every command and the global options; ends with "\n".
QString generalHelp(const QString &programName);

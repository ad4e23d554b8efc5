// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "operationtable.h"

#include <QString>
#include <QStringList>

#include <optional>

// One gluster-eventsapi invocation, parsed (docs/contract.md, gluster-eventsapi).
struct CliCommand {
    Operation operation = Operation::Status;
    QString name;                  // as the operation table spells it
    QString url;                   // webhook-*
    std::optional<QString> token;  // -t/--bearer_token (webhook-mod changes only what is given)
    std::optional<QString> secret; // -s/--secret
    std::optional<QString> events; // --events TYPES (webhook-add/mod)
    std::optional<QString> signingSecret; // --signing-secret whsec_... (webhook-add/mod)
    std::optional<int> parallel;          // --parallel N (webhook-add/mod)
    std::optional<QString> caCertFile;    // --ca-cert FILE; "" removes the private CA
    std::optional<bool> insecure;         // --insecure (true) / --verify (false)
    bool failedOnly = false;              // deliveries --failed
    int limit = 100;                      // deliveries --limit N
    qint64 sinceMs = 0;                   // replay --since TS
    bool dead = false;                    // replay --dead
    bool allNodes = false;                // events --all-nodes
    QString eventType;                    // emit TYPE
    QStringList pairs;                    // emit key=value ...
    QString configName;  // config-get --name, config-set NAME, config-reset NAME|all
    QString configValue; // config-set VALUE
    QString host;        // peer-add/peer-del HOST
    bool json = false;
    QString workdir, configFile, listen; // global options, empty when not given
};

struct ParseOutcome {
    enum class Kind { Run, Help, Error } kind;
    CliCommand command;
    // Help: the help text, ending with "\n". Error: one line without the program name or a
    // line break, saying what to do.
    QString text;
};

// `arguments` is argv without the program name; `programName` is what the user typed
// (gluster-eventsapi or gluster-eventing) and appears in usage texts. Global options and
// --json go before or after the command, also as --opt=value; -h/--help anywhere asks for
// help; "--" ends the options.
ParseOutcome parseCommandLine(const QStringList &arguments, const QString &programName);

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "clusterresult.h"

#include <QStringView>

#include <vector>

// Every operation an admin can run, described once: its name (the CLI's subcommand and the
// "op" of the daemon's POST /v1/run), the arguments it takes and their types, what it answers
// with and the refusals it may end with. The CLI parses and documents its command line from
// this table, the GUI builds its requests from it and the daemon reads them by it, so adding an
// operation is one entry here plus its implementation.

enum class Operation {
    Status,
    Reload,
    Sync,
    WebhookTest,
    WebhookAdd,
    WebhookMod,
    WebhookDel,
    ConfigGet,
    ConfigSet,
    ConfigReset,
    PeerAdd,
    PeerDel,
    PoolList,
    Emit,
    Deliveries,
    Replay,
    Events,
    WebhookList, // the GUI's webhook table
    ConfigList,  // the GUI's settings table
};

// An argument by what it means; its key in a request and its type are in argumentSpec().
enum class Argument {
    Url,
    Token,
    Secret,
    Events,
    SigningSecret,
    Parallel,
    CaCert,
    Insecure,
    Failed,
    Limit,
    SinceMs,
    Dead,
    EventId,
    AllNodes,
    EventType,
    Pairs,
    Name,
    Value,
    Host,
};

enum class ArgumentType {
    Text,    // a string
    Secret,  // a string, sealed with the cluster key for its place whenever it travels
    Integer, // a whole number from minimum to maximum
    Flag,    // true or false
    Texts,   // strings: the rest of a command line
};

struct ArgumentSpec {
    Argument argument;
    const char *key; // in a POST /v1/run request
    ArgumentType type;
    qint64 minimum = 0;  // Integer only
    qint64 maximum = 0;  // Integer only
    qint64 fallback = 0; // Integer only: the value when it is left out
};

// How the CLI's command line gives an argument. The texts of a positional are untranslated
// source strings marked with QT_TRANSLATE_NOOP("cli", ...).
struct Parameter {
    Argument argument;
    enum class Form { Option, Positional, OptionalPositional, RestPositional } form = Form::Option;
    const char *metavar = nullptr; // as usage lines show a positional: url
    const char *noun = nullptr;    // as error messages name it: URL
    const char *help = nullptr;
    bool positional() const { return form != Form::Option; }
};

// What an operation answers with.
enum class Answer {
    NodeRows,     // one row per node (ClusterResult)
    StatusReport, // the webhooks and a row per node
    PoolEntries,  // the members and whether they are up
    Deliveries,   // delivery attempts and a row per node
    ConfigValues, // name and value of each setting (local files)
    WebhookList,  // each webhook's settings, without its secrets
    ConfigList,   // each setting's value, default and whether it needs a restart
    SentDatagram, // what was sent to this node's daemon
    EventStream,  // events as they arrive, until interrupted
};

struct OperationSpec {
    Operation operation;
    const char *name;
    const char *summary; // one line of help, marked with QT_TRANSLATE_NOOP("cli", ...)
    std::vector<Parameter> parameters;
    Answer answer;
    std::vector<Refusal> refusals; // besides Refusal::None
    bool commandLine = true;       // a subcommand of gluster-eventsapi
    bool remote = true;            // runs in the daemon for the GUI (POST /v1/run)

    bool takes(Argument argument) const;
    bool takesOption(Argument argument) const;
    // The positional parameters, in command-line order.
    std::vector<Parameter> positionals() const;
};

namespace Operations {

// In the order the CLI's general help lists them.
const std::vector<OperationSpec> &all();
const OperationSpec &spec(Operation operation);
// The operation called `name`, or nullptr.
const OperationSpec *find(QStringView name);
QString name(Operation operation);

const ArgumentSpec &argumentSpec(Argument argument);
QString key(Argument argument);

} // namespace Operations

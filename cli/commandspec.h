#pragma once

#include <QStringView>

#include <vector>

// The subcommands of gluster-eventsapi and their arguments (SPEC §4): one table that both the
// parser and the help texts read, so that they cannot disagree. Texts are untranslated source
// strings marked with QT_TRANSLATE_NOOP("cli", ...); translate them when shown.
struct PositionalSpec {
    const char *metavar; // as usage lines show it: url
    const char *noun;    // as error messages name it: URL
    const char *help;
    bool optional = false; // may be left out (only as the last one)
    bool rest = false;     // the last one: every remaining argument, none or more
};

struct CommandSpec {
    const char *name;
    const char *summary; // one line for the general help and the command's own help
    std::vector<PositionalSpec> positionals;
    bool webhookOptions; // -t/--bearer_token and -s/--secret
    bool nameOption;     // --name NAME
    // --events, --signing-secret, --parallel, --ca-cert, --insecure, --verify (webhook-add/mod)
    bool deliveryOptions = false;
    bool deliveriesOptions = false; // --failed, --limit N (deliveries)
    bool replayOptions = false;     // --since TS, --dead (replay)
    bool eventsOptions = false;     // --all-nodes (events)
};

namespace CommandSpecs {

// In the order the general help lists them.
const std::vector<CommandSpec> &all();

// The subcommand called `name`, or nullptr.
const CommandSpec *find(QStringView name);

} // namespace CommandSpecs

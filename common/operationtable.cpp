// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "operationtable.h"

#include "jsoninteger.h"
#include "webhook.h"

#include <QCoreApplication>
#include <QLatin1StringView>

#include <algorithm>
#include <iterator>

namespace {

using Form = Parameter::Form;

// Indexed by Argument.
const ArgumentSpec kArguments[] = {
    {Argument::Url, "url", ArgumentType::Text},
    {Argument::Token, "token", ArgumentType::Secret},
    {Argument::Secret, "secret", ArgumentType::Secret},
    {Argument::Events, "events", ArgumentType::Text},
    {Argument::SigningSecret, "signing_secret", ArgumentType::Secret},
    // 0, the fallback, is "not given": webhook-mod keeps what the webhook has.
    {Argument::Parallel, "parallel", ArgumentType::Integer, 1, Webhook::kMaxParallel, 0},
    {Argument::CaCert, "ca_cert", ArgumentType::Text},
    {Argument::Insecure, "insecure", ArgumentType::Flag},
    {Argument::Failed, "failed", ArgumentType::Flag},
    {Argument::Limit, "limit", ArgumentType::Integer, 1, 10'000, 100},
    {Argument::SinceMs, "since_ms", ArgumentType::Integer, 0, JsonInteger::kMaxExact, 0},
    {Argument::Dead, "dead", ArgumentType::Flag},
    {Argument::EventId, "event", ArgumentType::Text},
    {Argument::AllNodes, "all_nodes", ArgumentType::Flag},
    {Argument::EventType, "type", ArgumentType::Text},
    {Argument::Pairs, "pairs", ArgumentType::Texts},
    {Argument::Name, "name", ArgumentType::Text},
    {Argument::Value, "value", ArgumentType::Text},
    {Argument::Host, "host", ArgumentType::Text},
};

std::vector<OperationSpec> buildTable() {
    const Parameter url{Argument::Url, Form::Positional, "url", QT_TRANSLATE_NOOP("cli", "URL"),
                        QT_TRANSLATE_NOOP("cli", "URL of Webhook")};
    const Parameter optionalUrl{Argument::Url, Form::OptionalPositional, "url",
                                QT_TRANSLATE_NOOP("cli", "URL"),
                                QT_TRANSLATE_NOOP("cli", "URL of Webhook (all when left out)")};
    const Parameter eventType{Argument::EventType, Form::Positional, "type",
                              QT_TRANSLATE_NOOP("cli", "TYPE"),
                              QT_TRANSLATE_NOOP("cli", "Event type, e.g. VOLUME_CREATE")};
    const Parameter pairs{Argument::Pairs, Form::RestPositional, "key=value",
                          QT_TRANSLATE_NOOP("cli", "KEY=VALUE"),
                          QT_TRANSLATE_NOOP("cli", "The event's message, one pair each")};
    const Parameter host{Argument::Host, Form::Positional, "host", QT_TRANSLATE_NOOP("cli", "HOST"),
                         QT_TRANSLATE_NOOP("cli", "Host name or IP address of the node")};
    const Parameter name{Argument::Name, Form::Positional, "name", QT_TRANSLATE_NOOP("cli", "NAME"),
                         QT_TRANSLATE_NOOP("cli", "Config Name")};
    const Parameter value{Argument::Value, Form::Positional, "value",
                          QT_TRANSLATE_NOOP("cli", "VALUE"),
                          QT_TRANSLATE_NOOP("cli", "Config Value")};
    const Parameter nameOrAll{Argument::Name, Form::Positional, "name",
                              QT_TRANSLATE_NOOP("cli", "NAME"),
                              QT_TRANSLATE_NOOP("cli", "Config Name or all")};
    const auto option = [](Argument argument) {
        return Parameter{argument};
    };
    const std::vector<Parameter> credentials{option(Argument::Token), option(Argument::Secret)};
    std::vector<Parameter> webhookSettings = credentials;
    for (Argument argument : {Argument::Events, Argument::SigningSecret, Argument::Parallel,
                              Argument::CaCert, Argument::Insecure})
        webhookSettings.push_back(option(argument));
    const auto with = [](Parameter first, std::vector<Parameter> rest) {
        rest.insert(rest.begin(), first);
        return rest;
    };
    // Every operation may also end with Refusal::CannotRun (no key, files unreadable, ...).
    const Refusal cannotRun = Refusal::CannotRun;

    return {
        {Operation::Status,
         "status",
         QT_TRANSLATE_NOOP("cli",
                           "Show the webhooks and whether glustereventsd is up on every node"),
         {},
         Answer::StatusReport,
         {cannotRun}},
        {Operation::Reload,
         "reload",
         QT_TRANSLATE_NOOP("cli", "Have glustereventsd reload its settings on every node"),
         {},
         Answer::NodeRows,
         {cannotRun}},
        {Operation::Sync,
         "sync",
         QT_TRANSLATE_NOOP("cli", "Push webhooks, config and pool to every node (run it when a "
                                  "node comes back up)"),
         {},
         Answer::NodeRows,
         {cannotRun}},
        {Operation::WebhookTest,
         "webhook-test",
         QT_TRANSLATE_NOOP("cli", "Send a test request to a webhook from every node"),
         with(url, credentials),
         Answer::NodeRows,
         {Refusal::BadArgument, cannotRun}},
        {Operation::WebhookAdd,
         "webhook-add",
         QT_TRANSLATE_NOOP("cli", "Register a webhook on every node"),
         with(url, webhookSettings),
         Answer::NodeRows,
         {Refusal::AlreadyExists, Refusal::BadArgument, Refusal::WebhooksNotWritten, cannotRun}},
        {Operation::WebhookMod,
         "webhook-mod",
         QT_TRANSLATE_NOOP("cli",
                           "Change a webhook's settings on every node, and enable it again if its "
                           "receiver disabled it; what is not given stays as it is"),
         with(url, webhookSettings),
         Answer::NodeRows,
         {Refusal::DoesNotExist, Refusal::BadArgument, Refusal::WebhooksNotWritten, cannotRun}},
        {Operation::WebhookDel,
         "webhook-del",
         QT_TRANSLATE_NOOP("cli", "Delete a webhook from every node"),
         {url},
         Answer::NodeRows,
         {Refusal::DoesNotExist, Refusal::WebhooksNotWritten, cannotRun}},
        {Operation::ConfigGet,
         "config-get",
         QT_TRANSLATE_NOOP("cli", "Show the configuration"),
         {option(Argument::Name)},
         Answer::ConfigValues,
         {Refusal::UnknownName, cannotRun},
         true,
         false},
        {Operation::ConfigSet,
         "config-set",
         QT_TRANSLATE_NOOP("cli", "Change a configuration setting on every node"),
         {name, value},
         Answer::NodeRows,
         {Refusal::SameValue, Refusal::UnknownName, Refusal::BadValue, Refusal::ConfigNotWritten,
          cannotRun}},
        {Operation::ConfigReset,
         "config-reset",
         QT_TRANSLATE_NOOP("cli", "Reset a setting, or all of them, to the default on every node"),
         {nameOrAll},
         Answer::NodeRows,
         {Refusal::SameValue, Refusal::UnknownName, Refusal::ConfigNotWritten, cannotRun}},
        {Operation::PeerAdd,
         "peer-add",
         QT_TRANSLATE_NOOP("cli", "Add a node to the pool"),
         {host},
         Answer::NodeRows,
         {cannotRun}},
        {Operation::PeerDel,
         "peer-del",
         QT_TRANSLATE_NOOP("cli", "Remove a node added with peer-add from the pool"),
         {host},
         Answer::NodeRows,
         {cannotRun}},
        {Operation::PoolList,
         "pool-list",
         QT_TRANSLATE_NOOP("cli", "List the nodes of the pool and whether they are up"),
         {},
         Answer::PoolEntries,
         {cannotRun}},
        {Operation::Emit,
         "emit",
         QT_TRANSLATE_NOOP("cli", "Send an event to this node's glustereventsd as a gluster "
                                  "process would (to test a setup)"),
         {eventType, pairs},
         Answer::SentDatagram,
         {Refusal::BadArgument, cannotRun},
         true,
         false},
        {Operation::Deliveries,
         "deliveries",
         QT_TRANSLATE_NOOP("cli", "List the newest delivery attempts of every node, for one "
                                  "webhook or all"),
         {option(Argument::Failed), option(Argument::Limit), optionalUrl},
         Answer::Deliveries,
         {cannotRun}},
        {Operation::Replay,
         "replay",
         QT_TRANSLATE_NOOP("cli", "Send a webhook again, from every node, the events that "
                                  "arrived since a time or its dead-lettered events"),
         {url, option(Argument::SinceMs), option(Argument::Dead), option(Argument::EventId)},
         Answer::NodeRows,
         {Refusal::DoesNotExist, cannotRun}},
        {Operation::Events,
         "events",
         QT_TRANSLATE_NOOP("cli", "Show events as they arrive at this node (or every node), "
                                  "until interrupted"),
         {option(Argument::AllNodes)},
         Answer::EventStream,
         {cannotRun},
         true,
         false},
        {Operation::WebhookList,
         "webhooks",
         nullptr,
         {},
         Answer::WebhookList,
         {cannotRun},
         false,
         true},
        {Operation::ConfigList,
         "config",
         nullptr,
         {},
         Answer::ConfigList,
         {cannotRun},
         false,
         true},
    };
}

} // namespace

bool OperationSpec::takes(Argument argument) const {
    return std::any_of(parameters.cbegin(), parameters.cend(),
                       [argument](const Parameter &p) { return p.argument == argument; });
}

bool OperationSpec::takesOption(Argument argument) const {
    return std::any_of(parameters.cbegin(), parameters.cend(), [argument](const Parameter &p) {
        return p.argument == argument && !p.positional();
    });
}

std::vector<Parameter> OperationSpec::positionals() const {
    std::vector<Parameter> result;
    std::copy_if(parameters.cbegin(), parameters.cend(), std::back_inserter(result),
                 [](const Parameter &p) { return p.positional(); });
    return result;
}

namespace Operations {

const std::vector<OperationSpec> &all() {
    static const std::vector<OperationSpec> kTable = buildTable();
    return kTable;
}

const OperationSpec &spec(Operation operation) {
    const auto &table = all();
    return *std::find_if(table.cbegin(), table.cend(),
                         [operation](const OperationSpec &s) { return s.operation == operation; });
}

const OperationSpec *find(QStringView name) {
    for (const OperationSpec &spec : all()) {
        if (name == QLatin1StringView(spec.name))
            return &spec;
    }
    return nullptr;
}

QString name(Operation operation) {
    return QLatin1StringView(spec(operation).name);
}

const ArgumentSpec &argumentSpec(Argument argument) {
    return kArguments[static_cast<size_t>(argument)];
}

QString key(Argument argument) {
    return QLatin1StringView(argumentSpec(argument).key);
}

} // namespace Operations

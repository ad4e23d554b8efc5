#include "commandspec.h"

#include <QCoreApplication>
#include <QLatin1StringView>

namespace {

std::vector<CommandSpec> buildSpecs() {
    const PositionalSpec url{"url", QT_TRANSLATE_NOOP("cli", "URL"),
                             QT_TRANSLATE_NOOP("cli", "URL of Webhook")};
    const PositionalSpec optionalUrl{"url", QT_TRANSLATE_NOOP("cli", "URL"),
                                     QT_TRANSLATE_NOOP("cli", "URL of Webhook (all when left out)"),
                                     true};
    const PositionalSpec eventType{"type", QT_TRANSLATE_NOOP("cli", "TYPE"),
                                   QT_TRANSLATE_NOOP("cli", "Event type, e.g. VOLUME_CREATE")};
    const PositionalSpec pairs{"key=value", QT_TRANSLATE_NOOP("cli", "KEY=VALUE"),
                               QT_TRANSLATE_NOOP("cli", "The event's message, one pair each"),
                               false, true};
    const PositionalSpec host{"host", QT_TRANSLATE_NOOP("cli", "HOST"),
                              QT_TRANSLATE_NOOP("cli", "Host name or IP address of the node")};
    const PositionalSpec name{"name", QT_TRANSLATE_NOOP("cli", "NAME"),
                              QT_TRANSLATE_NOOP("cli", "Config Name")};
    const PositionalSpec value{"value", QT_TRANSLATE_NOOP("cli", "VALUE"),
                               QT_TRANSLATE_NOOP("cli", "Config Value")};
    const PositionalSpec nameOrAll{"name", QT_TRANSLATE_NOOP("cli", "NAME"),
                                   QT_TRANSLATE_NOOP("cli", "Config Name or all")};
    return {
        {"status",
         QT_TRANSLATE_NOOP("cli",
                           "Show the webhooks and whether glustereventsd is up on every node"),
         {},
         false,
         false},
        {"reload",
         QT_TRANSLATE_NOOP("cli", "Have glustereventsd reload its settings on every node"),
         {},
         false,
         false},
        {"sync",
         QT_TRANSLATE_NOOP("cli", "Push webhooks, config and pool to every node (run it when a "
                                  "node comes back up)"),
         {},
         false,
         false},
        {"webhook-test",
         QT_TRANSLATE_NOOP("cli", "Send a test request to a webhook from every node"),
         {url},
         true,
         false},
        {"webhook-add",
         QT_TRANSLATE_NOOP("cli", "Register a webhook on every node"),
         {url},
         true,
         false,
         true},
        {"webhook-mod",
         QT_TRANSLATE_NOOP("cli",
                           "Change a webhook's settings on every node, and enable it again if its "
                           "receiver disabled it; what is not given stays as it is"),
         {url},
         true,
         false,
         true},
        {"webhook-del",
         QT_TRANSLATE_NOOP("cli", "Delete a webhook from every node"),
         {url},
         false,
         false},
        {"config-get", QT_TRANSLATE_NOOP("cli", "Show the configuration"), {}, false, true},
        {"config-set",
         QT_TRANSLATE_NOOP("cli", "Change a configuration setting on every node"),
         {name, value},
         false,
         false},
        {"config-reset",
         QT_TRANSLATE_NOOP("cli", "Reset a setting, or all of them, to the default on every node"),
         {nameOrAll},
         false,
         false},
        {"peer-add", QT_TRANSLATE_NOOP("cli", "Add a node to the pool"), {host}, false, false},
        {"peer-del",
         QT_TRANSLATE_NOOP("cli", "Remove a node added with peer-add from the pool"),
         {host},
         false,
         false},
        {"pool-list",
         QT_TRANSLATE_NOOP("cli", "List the nodes of the pool and whether they are up"),
         {},
         false,
         false},
        {"emit",
         QT_TRANSLATE_NOOP("cli", "Send an event to this node's glustereventsd as a gluster "
                                  "process would (to test a setup)"),
         {eventType, pairs},
         false,
         false},
        {"deliveries",
         QT_TRANSLATE_NOOP("cli", "List the newest delivery attempts of every node, for one "
                                  "webhook or all"),
         {optionalUrl},
         false,
         false,
         false,
         true},
        {"replay",
         QT_TRANSLATE_NOOP("cli", "Send a webhook again, from every node, the events that "
                                  "arrived since a time or its dead-lettered events"),
         {url},
         false,
         false,
         false,
         false,
         true},
        {"events",
         QT_TRANSLATE_NOOP("cli", "Show events as they arrive at this node (or every node), "
                                  "until interrupted"),
         {},
         false,
         false,
         false,
         false,
         false,
         true},
    };
}

} // namespace

namespace CommandSpecs {

const std::vector<CommandSpec> &all() {
    static const std::vector<CommandSpec> kSpecs = buildSpecs();
    return kSpecs;
}

const CommandSpec *find(QStringView name) {
    for (const CommandSpec &spec : all()) {
        if (name == QLatin1StringView(spec.name))
            return &spec;
    }
    return nullptr;
}

} // namespace CommandSpecs

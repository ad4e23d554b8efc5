// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "helptext.h"

#include <QCoreApplication>
#include <QList>
#include <QStringList>

#include <algorithm>

namespace {

// argparse's layout: help starts at column 24 at most, text is wrapped at 78 columns.
constexpr int kMaxHelpPosition = 24;
constexpr int kWidth = 78;
constexpr int kIndent = 2;

struct HelpItem {
    QString invocation; // "-h, --help"
    QString help;
};

struct HelpSection {
    QString title;
    QList<HelpItem> items;
};

// For texts marked with QT_TRANSLATE_NOOP in the command table.
QString translated(const char *text) {
    return QCoreApplication::translate("cli", text);
}

// The options a command may take, in the order its usage and help list them.
struct OptionHelp {
    Argument argument;    // offered to the commands whose operation takes it as an option
    const char *synopsis; // in the usage line; nullptr when an earlier entry's covers it
    const char *invocation;
    const char *help; // marked with QT_TRANSLATE_NOOP, translated when shown
};

const OptionHelp kCommandOptions[] = {
    {Argument::Token, "[--bearer_token BEARER_TOKEN]",
     "--bearer_token BEARER_TOKEN, -t BEARER_TOKEN", QT_TRANSLATE_NOOP("cli", "Bearer Token")},
    {Argument::Secret, "[--secret SECRET]", "--secret SECRET, -s SECRET",
     QT_TRANSLATE_NOOP("cli", "Secret to generate JWT Bearer Token")},
    {Argument::Events, "[--events TYPES]", "--events TYPES",
     QT_TRANSLATE_NOOP("cli", "Only send these event types: comma-separated names or patterns "
                              "such as VOLUME_*; * for all")},
    {Argument::SigningSecret, "[--signing-secret SIGNING_SECRET]",
     "--signing-secret SIGNING_SECRET",
     QT_TRANSLATE_NOOP("cli", "Sign each request the Standard Webhooks way with this whsec_ "
                              "secret; \"\" to stop")},
    {Argument::Parallel, "[--parallel N]", "--parallel N",
     QT_TRANSLATE_NOOP("cli", "Requests at once, 1 to 64; 1 (the default) keeps events in order, "
                              "more is faster but unordered")},
    {Argument::CaCert, "[--ca-cert FILE]", "--ca-cert FILE",
     QT_TRANSLATE_NOOP("cli", "Verify the receiver's HTTPS certificate against the CA in this PEM "
                              "file (stored and synced); \"\" for the system CAs")},
    {Argument::Insecure, "[--insecure | --verify]", "--insecure",
     QT_TRANSLATE_NOOP("cli", "Do not verify the receiver's HTTPS certificate (status shows it)")},
    {Argument::Insecure, nullptr, "--verify",
     QT_TRANSLATE_NOOP("cli", "Verify the certificate again (undoes --insecure)")},
    {Argument::Failed, "[--failed]", "--failed",
     QT_TRANSLATE_NOOP("cli", "Only attempts that failed")},
    {Argument::Limit, "[--limit N]", "--limit N",
     QT_TRANSLATE_NOOP("cli", "The newest N attempts (default 100)")},
    {Argument::SinceMs, "[--since TS]", "--since TS",
     QT_TRANSLATE_NOOP("cli", "Events that arrived at or after TS: unix seconds or ISO 8601 (UTC "
                              "unless it says otherwise)")},
    {Argument::Dead, "[--dead]", "--dead",
     QT_TRANSLATE_NOOP("cli", "The webhook's dead-lettered events (given up on after "
                              "dead_letter_after, or refused with 410)")},
    {Argument::AllNodes, "[--all-nodes]", "--all-nodes",
     QT_TRANSLATE_NOOP("cli", "Every node of the pool, not only this one")},
    {Argument::Name, "[--name NAME]", "--name NAME", QT_TRANSLATE_NOOP("cli", "Config Name")},
};

QStringList wrapWords(const QString &text, int width) {
    QStringList lines;
    QString line;
    for (const QString &word : text.split(u' ', Qt::SkipEmptyParts)) {
        if (!line.isEmpty() && line.size() + 1 + word.size() > width) {
            lines.append(line);
            line.clear();
        }
        line += (line.isEmpty() ? QString() : QStringLiteral(" ")) + word;
    }
    if (!line.isEmpty())
        lines.append(line);
    return lines;
}

QString wrapParagraph(const QString &text) {
    return wrapWords(text, kWidth).join(u'\n') + u'\n';
}

// One column for every section, as argparse computes it.
QString formatSections(const QList<HelpSection> &sections) {
    int longest = 0;
    for (const HelpSection &section : sections) {
        for (const HelpItem &item : section.items)
            longest = std::max(longest, int(item.invocation.size()) + kIndent);
    }
    const int helpPosition = std::min(longest + 2, kMaxHelpPosition);
    const int invocationWidth = helpPosition - kIndent - 2;
    const int helpWidth = std::max(kWidth - helpPosition, 11);

    QStringList blocks;
    for (const HelpSection &section : sections) {
        QString block = section.title + u'\n';
        for (const HelpItem &item : section.items) {
            const QStringList helpLines = wrapWords(item.help, helpWidth);
            block += QString(kIndent, u' ');
            if (item.invocation.size() <= invocationWidth) {
                block += item.invocation.leftJustified(invocationWidth) + u"  ";
            } else {
                block += item.invocation + u'\n';
                if (!helpLines.isEmpty())
                    block += QString(helpPosition, u' ');
            }
            const QString continuation = u'\n' + QString(helpPosition, u' ');
            block += helpLines.join(continuation) + u'\n';
        }
        blocks.append(block);
    }
    return blocks.join(u'\n');
}

HelpItem helpOption() {
    return {QStringLiteral("-h, --help"),
            QCoreApplication::translate("cli", "show this help message and exit")};
}

QList<HelpItem> globalOptions() {
    return {
        {QStringLiteral("--workdir DIR"),
         QCoreApplication::translate(
             "cli", "glusterd's work dir (default: $GLUSTERD_WORKDIR or /var/lib/glusterd)")},
        {QStringLiteral("--config-file FILE"),
         QCoreApplication::translate(
             "cli", "default config file (default: $GLUSTER_EVENTS_DEFAULT_CONFIG or "
                    "/etc/glusterfs/eventsconfig.json)")},
        {QStringLiteral("--listen ADDR"),
         QCoreApplication::translate("cli", "address of this node's glustereventsd")},
        {QStringLiteral("--json"),
         QCoreApplication::translate("cli", "print JSON instead of tables")},
    };
}

} // namespace

QString commandUsage(const OperationSpec &command, const QString &programName) {
    QString synopsis = programName + u' ' + QLatin1String(command.name) + u" [-h]";
    for (const OptionHelp &option : kCommandOptions) {
        if (option.synopsis && command.takesOption(option.argument))
            synopsis += u' ' + QLatin1String(option.synopsis);
    }
    for (const Parameter &positional : command.positionals()) {
        const QLatin1String metavar(positional.metavar);
        switch (positional.form) {
        case Parameter::Form::RestPositional:
            synopsis += QStringLiteral(" [%1 ...]").arg(metavar);
            break;
        case Parameter::Form::OptionalPositional:
            synopsis += QStringLiteral(" [%1]").arg(metavar);
            break;
        default:
            synopsis += u' ' + metavar;
            break;
        }
    }
    return QCoreApplication::translate("cli", "usage: %1").arg(synopsis);
}

QString commandHelp(const OperationSpec &command, const QString &programName) {
    QList<HelpSection> sections;
    if (const std::vector<Parameter> arguments = command.positionals(); !arguments.empty()) {
        HelpSection positionals{QCoreApplication::translate("cli", "positional arguments:"), {}};
        for (const Parameter &positional : arguments)
            positionals.items.append(
                {QLatin1String(positional.metavar), translated(positional.help)});
        sections.append(positionals);
    }
    HelpSection optionals{QCoreApplication::translate("cli", "optional arguments:"),
                          {helpOption()}};
    for (const OptionHelp &option : kCommandOptions) {
        if (command.takesOption(option.argument))
            optionals.items.append({QLatin1String(option.invocation), translated(option.help)});
    }
    sections.append(optionals);

    return commandUsage(command, programName) + QStringLiteral("\n\n") +
           wrapParagraph(translated(command.summary)) + u'\n' + formatSections(sections) + u'\n' +
           wrapParagraph(QCoreApplication::translate(
                             "cli",
                             "Global options --workdir, --config-file, --listen and --json are "
                             "accepted too; see \"%1 --help\".")
                             .arg(programName));
}

QString generalUsage(const QString &programName) {
    return QCoreApplication::translate("cli", "usage: %1")
        .arg(programName +
             QStringLiteral(" [-h] [--workdir DIR] [--config-file FILE] [--listen ADDR] [--json] "
                            "command ..."));
}

QString generalHelp(const QString &programName) {
    HelpSection commands{QCoreApplication::translate("cli", "commands:"), {}};
    for (const OperationSpec &command : Operations::all())
        if (command.commandLine)
            commands.items.append({QLatin1String(command.name), translated(command.summary)});
    HelpSection optionals{QCoreApplication::translate("cli", "optional arguments:"),
                          {helpOption()}};
    optionals.items.append(globalOptions());

    return generalUsage(programName) + QStringLiteral("\n\n") +
           wrapParagraph(QCoreApplication::translate(
               "cli", "Manage the Gluster Events APIs of every node in the pool: webhooks, "
                      "configuration and pool members.")) +
           u'\n' + formatSections({commands, optionals}) + u'\n' +
           wrapParagraph(QCoreApplication::translate(
                             "cli", "Run \"%1 COMMAND --help\" for the arguments of a command.")
                             .arg(programName));
}

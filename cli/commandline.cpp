// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "commandline.h"

#include "helptext.h"
#include "operationtable.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>

#include <algorithm>
#include <optional>

namespace {

enum class Option {
    Help,
    Workdir,
    ConfigFile,
    Listen,
    Json,
    Token,
    Secret,
    Name,
    Events,
    SigningSecret,
    Parallel,
    CaCert,
    Insecure,
    Verify,
    Failed,
    AllNodes,
    Limit,
    Since,
    Dead
};

struct OptionName {
    const char *spelling;
    Option option;
    const char *metavar; // nullptr for a flag
};

constexpr OptionName kOptions[] = {
    {"-h", Option::Help, nullptr},
    {"--help", Option::Help, nullptr},
    {"--workdir", Option::Workdir, "DIR"},
    {"--config-file", Option::ConfigFile, "FILE"},
    {"--listen", Option::Listen, "ADDR"},
    {"--json", Option::Json, nullptr},
    {"-t", Option::Token, "BEARER_TOKEN"},
    {"--bearer_token", Option::Token, "BEARER_TOKEN"},
    {"--bearer-token", Option::Token, "BEARER_TOKEN"},
    {"-s", Option::Secret, "SECRET"},
    {"--secret", Option::Secret, "SECRET"},
    {"--name", Option::Name, "NAME"},
    {"--events", Option::Events, "TYPES"},
    {"--signing-secret", Option::SigningSecret, "SIGNING_SECRET"},
    {"--parallel", Option::Parallel, "N"},
    {"--ca-cert", Option::CaCert, "FILE"},
    {"--insecure", Option::Insecure, nullptr},
    {"--verify", Option::Verify, nullptr},
    {"--failed", Option::Failed, nullptr},
    {"--limit", Option::Limit, "N"},
    {"--since", Option::Since, "TS"},
    {"--dead", Option::Dead, nullptr},
    {"--all-nodes", Option::AllNodes, nullptr},
};

// The argument of the operation table a command's option gives; nothing for the global ones.
std::optional<Argument> argumentOf(Option option) {
    switch (option) {
    case Option::Token:
        return Argument::Token;
    case Option::Secret:
        return Argument::Secret;
    case Option::Name:
        return Argument::Name;
    case Option::Events:
        return Argument::Events;
    case Option::SigningSecret:
        return Argument::SigningSecret;
    case Option::Parallel:
        return Argument::Parallel;
    case Option::CaCert:
        return Argument::CaCert;
    case Option::Insecure:
    case Option::Verify:
        return Argument::Insecure;
    case Option::Failed:
        return Argument::Failed;
    case Option::Limit:
        return Argument::Limit;
    case Option::Since:
        return Argument::SinceMs;
    case Option::Dead:
        return Argument::Dead;
    case Option::AllNodes:
        return Argument::AllNodes;
    default:
        return std::nullopt;
    }
}

// The subcommand called `name`, or nullptr.
const OperationSpec *findCommand(QStringView name) {
    const OperationSpec *spec = Operations::find(name);
    return spec && spec->commandLine ? spec : nullptr;
}

// A whole number from `minimum` to `maximum`, or nothing.
std::optional<int> boundedNumber(const QString &text, int minimum, int maximum) {
    bool ok = false;
    const int number = text.trimmed().toInt(&ok);
    if (!ok || number < minimum || number > maximum)
        return std::nullopt;
    return number;
}

// Unix seconds, or an ISO 8601 date and time (UTC unless it says otherwise); in milliseconds.
std::optional<qint64> timestampMs(const QString &text) {
    bool ok = false;
    const qint64 seconds = text.trimmed().toLongLong(&ok);
    if (ok && seconds >= 0)
        return seconds * 1000;
    QDateTime when = QDateTime::fromString(text.trimmed(), Qt::ISODate);
    if (!when.isValid())
        return std::nullopt;
    if (when.timeSpec() == Qt::LocalTime && !text.trimmed().endsWith(u'Z'))
        when.setTimeSpec(Qt::UTC);
    return when.toMSecsSinceEpoch();
}

struct OptionMatch {
    const OptionName *name = nullptr;
    QStringList candidates; // more than one option starts so: ambiguous
};

// The option spelled so, or, as argparse does, the one long option that starts so.
OptionMatch findOption(QStringView spelling) {
    for (const OptionName &name : kOptions) {
        if (spelling == QLatin1String(name.spelling))
            return {&name, {}};
    }
    OptionMatch match;
    if (!spelling.startsWith(u"--") || spelling.size() < 3)
        return match;
    for (const OptionName &name : kOptions) {
        if (!QLatin1String(name.spelling).startsWith(spelling))
            continue;
        // --bearer_token and --bearer-token are one option.
        if (match.name && match.name->option == name.option)
            continue;
        if (!match.name)
            match.name = &name;
        match.candidates.append(QLatin1String(name.spelling));
    }
    if (match.candidates.size() > 1)
        match.name = nullptr;
    else
        match.candidates.clear();
    return match;
}

bool isNegativeNumber(const QString &argument) {
    return argument.size() > 1 && argument[0] == u'-' && argument[1].isDigit();
}

// As argparse: "-" alone and negative numbers are values, not options.
bool looksLikeOption(const QString &argument) {
    return argument.size() > 1 && argument.startsWith(u'-') && !isNegativeNumber(argument);
}

// A command's option, kept until the command is known: it may come before the command.
struct CommandOption {
    Option option;
    QString spelling;
    QString value;
};

class Parser {
public:
    Parser(const QStringList &arguments, const QString &programName)
        : m_arguments(arguments)
        , m_programName(programName) {}

    ParseOutcome parse() {
        scan();
        const OperationSpec *spec = m_commandName ? findCommand(*m_commandName) : nullptr;
        if (m_commandName && !spec) {
            return error(QCoreApplication::translate(
                             "cli", "unknown command \"%1\"; run \"%2 --help\" to list "
                                    "the commands")
                             .arg(*m_commandName, m_programName));
        }
        if (spec) {
            m_command.name = QLatin1String(spec->name);
            m_command.operation = spec->operation;
        }
        if (m_help)
            return {ParseOutcome::Kind::Help, m_command,
                    spec ? commandHelp(*spec, m_programName) : generalHelp(m_programName)};
        if (!spec) {
            if (!m_firstError.isEmpty())
                return error(m_firstError + QStringLiteral("; ") + runHelp());
            return error(QCoreApplication::translate("cli", "missing command; %1").arg(runHelp()));
        }
        if (!m_firstError.isEmpty())
            return commandError(*spec, m_firstError);
        for (const CommandOption &option : m_commandOptions) {
            if (!applyCommandOption(*spec, option)) {
                return commandError(
                    *spec, QCoreApplication::translate("cli", "%1 is not an option of this command")
                               .arg(option.spelling));
            }
        }
        if (!m_valueError.isEmpty())
            return commandError(*spec, m_valueError);
        if (spec->takesOption(Argument::SinceMs) && !m_sinceGiven && !m_command.dead)
            return commandError(
                *spec, QCoreApplication::translate("cli", "say what to send again: --since TS, "
                                                          "--dead, or both"));
        // A trailing "rest" positional takes whatever is left, so it is not counted.
        const std::vector<Parameter> positionals = spec->positionals();
        const bool hasRest =
            !positionals.empty() && positionals.back().form == Parameter::Form::RestPositional;
        if (hasRest) {
            const auto fixed = qsizetype(positionals.size()) - 1;
            m_command.pairs = m_positionals.mid(fixed);
            m_positionals = m_positionals.mid(0, fixed);
        }
        const auto expected = qsizetype(positionals.size()) - (hasRest ? 1 : 0);
        const bool lastOptional =
            expected > 0 && positionals.back().form == Parameter::Form::OptionalPositional;
        if (m_positionals.size() < expected - (lastOptional ? 1 : 0)) {
            const char *noun = positionals[size_t(m_positionals.size())].noun;
            return commandError(*spec, QCoreApplication::translate("cli", "missing %1")
                                           .arg(QCoreApplication::translate("cli", noun)));
        }
        if (m_positionals.size() > expected) {
            return commandError(*spec,
                                QCoreApplication::translate("cli", "unexpected argument \"%1\"")
                                    .arg(m_positionals[expected]));
        }
        for (qsizetype i = 0; i < std::min(expected, m_positionals.size()); ++i) {
            const Parameter &positional = positionals[size_t(i)];
            const QString &value = m_positionals[i];
            // A config value may be empty (the schema judges it); a URL, name or host may not.
            if (value.isEmpty() && positional.argument != Argument::Value) {
                return commandError(*spec,
                                    QCoreApplication::translate("cli", "%1 must not be empty")
                                        .arg(QCoreApplication::translate("cli", positional.noun)));
            }
            assignPositional(positional.argument, value);
        }
        return {ParseOutcome::Kind::Run, m_command, QString()};
    }

private:
    void scan() {
        bool endOfOptions = false;
        for (qsizetype i = 0; i < m_arguments.size(); ++i) {
            const QString &argument = m_arguments[i];
            if (!endOfOptions && argument == u"--") {
                endOfOptions = true;
            } else if (!endOfOptions && looksLikeOption(argument)) {
                i = scanOption(i);
            } else if (!m_commandName) {
                m_commandName = argument;
            } else {
                m_positionals.append(argument);
            }
        }
    }

    // Returns the index of the last argument the option used.
    qsizetype scanOption(qsizetype index) {
        const QString &argument = m_arguments[index];
        QString spelling = argument;
        std::optional<QString> inlineValue;
        if (argument.startsWith(u"--")) {
            const qsizetype equals = argument.indexOf(u'=');
            if (equals > 0) {
                spelling = argument.left(equals);
                inlineValue = argument.mid(equals + 1);
            }
        } else if (argument.size() > 2) {
            // -tTOKEN and -t=TOKEN, as argparse reads them.
            spelling = argument.left(2);
            inlineValue = argument.mid(argument[2] == u'=' ? 3 : 2);
        }

        const OptionMatch match = findOption(spelling);
        if (!match.candidates.isEmpty()) {
            recordError(QCoreApplication::translate("cli", "ambiguous option \"%1\" could match %2")
                            .arg(spelling, match.candidates.join(QStringLiteral(", "))));
            return index;
        }
        const OptionName *name = match.name;
        if (!name) {
            // Only the part before "=" is echoed: the value may be a secret.
            recordError(QCoreApplication::translate("cli", "unknown option \"%1\"")
                            .arg(argument.startsWith(u"--") ? spelling : argument));
            return index;
        }
        if (!name->metavar) {
            if (inlineValue)
                recordError(
                    QCoreApplication::translate("cli", "option %1 takes no value").arg(spelling));
            else if (name->option == Option::Help)
                m_help = true;
            else if (name->option == Option::Json)
                m_command.json = true;
            else
                m_commandOptions.append({name->option, spelling, QString()});
            return index;
        }

        QString value;
        if (inlineValue) {
            value = *inlineValue;
        } else if (index + 1 < m_arguments.size() && !looksLikeOption(m_arguments[index + 1])) {
            value = m_arguments[++index];
        } else {
            const QString metavar = QLatin1String(name->metavar);
            recordError(
                QCoreApplication::translate(
                    "cli", "option %1 needs a value (%1 %2, or %1=%2 if it starts with \"-\")")
                    .arg(spelling, metavar));
            return index;
        }

        switch (name->option) {
        case Option::Workdir:
            setGlobal(m_command.workdir, spelling, value);
            break;
        case Option::ConfigFile:
            setGlobal(m_command.configFile, spelling, value);
            break;
        case Option::Listen:
            setGlobal(m_command.listen, spelling, value);
            break;
        default:
            // An empty token or secret is a real value (webhook-mod clears it); no name is empty.
            if (name->option == Option::Name && value.isEmpty())
                recordError(nonEmptyValueError(spelling));
            else
                m_commandOptions.append({name->option, spelling, value});
            break;
        }
        return index;
    }

    void setGlobal(QString &field, const QString &spelling, const QString &value) {
        if (value.isEmpty()) {
            recordError(nonEmptyValueError(spelling));
            return;
        }
        field = value;
    }

    bool applyCommandOption(const OperationSpec &spec, const CommandOption &option) {
        const std::optional<Argument> argument = argumentOf(option.option);
        if (!argument || !spec.takesOption(*argument))
            return false;
        switch (option.option) {
        case Option::Token:
            m_command.token = option.value;
            return true;
        case Option::Secret:
            m_command.secret = option.value;
            return true;
        case Option::Name:
            m_command.configName = option.value;
            return true;
        case Option::Events:
            m_command.events = option.value;
            return true;
        case Option::SigningSecret:
            m_command.signingSecret = option.value;
            return true;
        case Option::Parallel:
            m_command.parallel = boundedNumber(option.value, 1, 64);
            if (!m_command.parallel)
                m_valueError = QCoreApplication::translate(
                                   "cli", "%1 needs a whole number from 1 to 64 (got \"%2\")")
                                   .arg(option.spelling, option.value);
            return true;
        case Option::CaCert:
            m_command.caCertFile = option.value;
            return true;
        case Option::Insecure:
        case Option::Verify:
            if (m_command.insecure && *m_command.insecure != (option.option == Option::Insecure))
                m_valueError =
                    QCoreApplication::translate("cli", "--insecure and --verify contradict");
            m_command.insecure = option.option == Option::Insecure;
            return true;
        case Option::Failed:
            m_command.failedOnly = true;
            return true;
        case Option::Limit:
            if (const auto limit = boundedNumber(option.value, 1, 10'000))
                m_command.limit = *limit;
            else
                m_valueError = QCoreApplication::translate(
                                   "cli", "%1 needs a whole number from 1 to 10000 (got \"%2\")")
                                   .arg(option.spelling, option.value);
            return true;
        case Option::Since:
            if (const auto since = timestampMs(option.value))
                m_command.sinceMs = *since;
            else
                m_valueError = QCoreApplication::translate(
                                   "cli", "%1 needs unix seconds or an ISO 8601 time such as "
                                          "2026-11-27T16:00:00Z (got \"%2\")")
                                   .arg(option.spelling, option.value);
            m_sinceGiven = true;
            return true;
        case Option::Dead:
            m_command.dead = true;
            return true;
        case Option::AllNodes:
            m_command.allNodes = true;
            return true;
        default:
            return false;
        }
    }

    void assignPositional(Argument argument, const QString &value) {
        switch (argument) {
        case Argument::Url:
            m_command.url = value;
            break;
        case Argument::EventType:
            m_command.eventType = value;
            break;
        case Argument::Host:
            m_command.host = value;
            break;
        case Argument::Name:
            m_command.configName = value;
            break;
        case Argument::Value:
            m_command.configValue = value;
            break;
        default:
            break;
        }
    }

    static QString nonEmptyValueError(const QString &spelling) {
        return QCoreApplication::translate("cli", "option %1 needs a non-empty value")
            .arg(spelling);
    }

    void recordError(const QString &message) {
        if (m_firstError.isEmpty())
            m_firstError = message;
    }

    QString runHelp() const {
        return QCoreApplication::translate("cli", "run \"%1 --help\" for the commands and options")
            .arg(m_programName);
    }

    ParseOutcome error(const QString &text) const {
        return {ParseOutcome::Kind::Error, m_command, text};
    }

    ParseOutcome commandError(const OperationSpec &spec, const QString &message) const {
        return error(
            QStringLiteral("%1: %2; %3")
                .arg(QLatin1String(spec.name), message, commandUsage(spec, m_programName)));
    }

    const QStringList &m_arguments;
    const QString &m_programName;
    CliCommand m_command;
    std::optional<QString> m_commandName;
    QStringList m_positionals;
    QList<CommandOption> m_commandOptions;
    QString m_firstError;
    QString m_valueError; // an option of the command with a value it cannot take
    bool m_sinceGiven = false;
    bool m_help = false;
};

} // namespace

ParseOutcome parseCommandLine(const QStringList &arguments, const QString &programName) {
    return Parser(arguments, programName).parse();
}

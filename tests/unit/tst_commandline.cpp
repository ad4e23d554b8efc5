// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "commandline.h"

#include <QTest>

namespace {

const QString kProgram = QStringLiteral("gluster-eventsapi");

QStringList args(std::initializer_list<const char16_t *> list) {
    QStringList result;
    for (const char16_t *argument : list)
        result.append(QString::fromUtf16(argument));
    return result;
}

ParseOutcome parse(std::initializer_list<const char16_t *> list) {
    return parseCommandLine(args(list), kProgram);
}

} // namespace

class TestCommandLine : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesEveryCommand_data();
    void parsesEveryCommand();
    void parsesWebhookArguments();
    void parsesShortWebhookOptions();
    void acceptsHyphenatedBearerToken();
    void acceptsAttachedShortOptionValues();
    void acceptsUnambiguousPrefixesOfLongOptions();
    void webhookModKeepsWhatIsNotGiven();
    void emptyTokenIsGivenAndEmpty();
    void parsesConfigArguments();
    void parsesConfigGetName();
    void parsesPeerHost();
    void globalOptionsBeforeCommand();
    void globalOptionsAfterCommand();
    void globalOptionsWithEquals();
    void commandOptionBeforeCommand();
    void lastRepeatedOptionWins();
    void doubleDashEndsOptions();
    void doubleDashBeforeCommand();
    void singleDashAndNegativeNumberAreValues();
    void valueMayContainEquals();
    void helpWithoutCommandListsEveryCommand();
    void parsesEventFilterForAddAndModOnly();
    void parsesDeliveryOptions();
    void parsesHistoryOptions();
    void helpForCommandMatchesDocs_data();
    void helpForCommandMatchesDocs();
    void helpAnywhereShowsCommandHelp_data();
    void helpAnywhereShowsCommandHelp();
    void helpWinsOverOtherErrors();
    void helpAfterDoubleDashIsAnArgument();
    void helpUsesTheAlias();
    void errorsSayWhatToDo_data();
    void errorsSayWhatToDo();
    void errorsAreOneLine();
    void errorUsesTheAlias();
    void unknownOptionDoesNotEchoItsValue();
};

void TestCommandLine::parsesEveryCommand_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("name");

    const auto row = [](const char *tag, QStringList arguments) {
        QTest::newRow(tag) << arguments << arguments.first();
    };
    row("status", args({u"status"}));
    row("reload", args({u"reload"}));
    row("sync", args({u"sync"}));
    row("webhook-test", args({u"webhook-test", u"http://h:9000/listen"}));
    row("webhook-add", args({u"webhook-add", u"http://h:9000/listen"}));
    row("webhook-mod", args({u"webhook-mod", u"http://h:9000/listen"}));
    row("webhook-del", args({u"webhook-del", u"http://h:9000/listen"}));
    row("config-get", args({u"config-get"}));
    row("config-set", args({u"config-set", u"port", u"55555"}));
    row("config-reset", args({u"config-reset", u"all"}));
    row("peer-add", args({u"peer-add", u"node2"}));
    row("peer-del", args({u"peer-del", u"node2"}));
    row("pool-list", args({u"pool-list"}));
    row("deliveries", args({u"deliveries"}));
    row("deliveries of one webhook", args({u"deliveries", u"http://h:9000/listen"}));
    row("replay", args({u"replay", u"http://h:9000/listen", u"--dead"}));
    row("emit", args({u"emit", u"VOLUME_CREATE", u"name=gv1", u"force=yes"}));
    row("emit without pairs", args({u"emit", u"0"}));
}

void TestCommandLine::parsesEveryCommand() {
    QFETCH(QStringList, arguments);
    QFETCH(QString, name);

    const ParseOutcome outcome = parseCommandLine(arguments, kProgram);
    QCOMPARE(outcome.kind, ParseOutcome::Kind::Run);
    QCOMPARE(outcome.command.name, name);
    QVERIFY(outcome.text.isEmpty());
    QVERIFY(!outcome.command.json);
    QVERIFY(outcome.command.workdir.isEmpty());
    QVERIFY(outcome.command.configFile.isEmpty());
    QVERIFY(outcome.command.listen.isEmpty());
    QVERIFY(!outcome.command.token);
    QVERIFY(!outcome.command.secret);
}

void TestCommandLine::parsesWebhookArguments() {
    const ParseOutcome outcome = parse({u"webhook-add", u"http://192.168.122.188:9000/listen",
                                        u"--bearer_token", u"tok", u"--secret", u"sec"});
    QCOMPARE(outcome.kind, ParseOutcome::Kind::Run);
    QCOMPARE(outcome.command.name, QStringLiteral("webhook-add"));
    QCOMPARE(outcome.command.url, QStringLiteral("http://192.168.122.188:9000/listen"));
    QCOMPARE(outcome.command.token, std::optional<QString>(QStringLiteral("tok")));
    QCOMPARE(outcome.command.secret, std::optional<QString>(QStringLiteral("sec")));
}

void TestCommandLine::parsesShortWebhookOptions() {
    const ParseOutcome outcome =
        parse({u"webhook-test", u"-t", u"tok", u"-s", u"sec", u"http://h/listen"});
    QCOMPARE(outcome.kind, ParseOutcome::Kind::Run);
    QCOMPARE(outcome.command.url, QStringLiteral("http://h/listen"));
    QCOMPARE(outcome.command.token, std::optional<QString>(QStringLiteral("tok")));
    QCOMPARE(outcome.command.secret, std::optional<QString>(QStringLiteral("sec")));
}

void TestCommandLine::acceptsHyphenatedBearerToken() {
    const ParseOutcome outcome = parse({u"webhook-mod", u"http://h/listen", u"--bearer-token=tok"});
    QCOMPARE(outcome.kind, ParseOutcome::Kind::Run);
    QCOMPARE(outcome.command.token, std::optional<QString>(QStringLiteral("tok")));
    QVERIFY(!outcome.command.secret);
}

void TestCommandLine::acceptsUnambiguousPrefixesOfLongOptions() {
    // As argparse: scripts written for the original shorten long options.
    const ParseOutcome outcome = parse({u"--work", u"/w", u"webhook-add", u"http://h/listen",
                                        u"--bearer", u"tok", u"--sec=s", u"--js"});
    QCOMPARE(outcome.kind, ParseOutcome::Kind::Run);
    QCOMPARE(outcome.command.workdir, QStringLiteral("/w"));
    QCOMPARE(outcome.command.token, std::optional<QString>(QStringLiteral("tok")));
    QCOMPARE(outcome.command.secret, std::optional<QString>(QStringLiteral("s")));
    QVERIFY(outcome.command.json);

    // --s could be --secret, --signing-secret or --since: refused, naming them.
    const ParseOutcome ambiguous = parse({u"webhook-add", u"http://h/listen", u"--s", u"x"});
    QCOMPARE(ambiguous.kind, ParseOutcome::Kind::Error);
    QVERIFY2(ambiguous.text.contains(
                 u"ambiguous option \"--s\" could match --secret, --signing-secret, --since"),
             qPrintable(ambiguous.text));
}

void TestCommandLine::acceptsAttachedShortOptionValues() {
    // As argparse: -tVALUE and -t=VALUE.
    const ParseOutcome outcome = parse({u"webhook-add", u"http://h/listen", u"-ttok", u"-s=-sec"});
    QCOMPARE(outcome.kind, ParseOutcome::Kind::Run);
    QCOMPARE(outcome.command.token, std::optional<QString>(QStringLiteral("tok")));
    QCOMPARE(outcome.command.secret, std::optional<QString>(QStringLiteral("-sec")));
}

void TestCommandLine::webhookModKeepsWhatIsNotGiven() {
    const ParseOutcome outcome = parse({u"webhook-mod", u"http://h/listen", u"-s", u"sec"});
    QCOMPARE(outcome.kind, ParseOutcome::Kind::Run);
    QVERIFY(!outcome.command.token.has_value());
    QCOMPARE(outcome.command.secret, std::optional<QString>(QStringLiteral("sec")));
}

void TestCommandLine::emptyTokenIsGivenAndEmpty() {
    // webhook-mod -t "" clears the token: given, and empty.
    const ParseOutcome outcome = parse({u"webhook-mod", u"http://h/listen", u"-t", u""});
    QCOMPARE(outcome.kind, ParseOutcome::Kind::Run);
    QVERIFY(outcome.command.token.has_value());
    QVERIFY(outcome.command.token->isEmpty());
    const ParseOutcome equals = parse({u"webhook-mod", u"http://h/listen", u"--secret="});
    QCOMPARE(equals.kind, ParseOutcome::Kind::Run);
    QVERIFY(equals.command.secret.has_value());
    QVERIFY(equals.command.secret->isEmpty());
}

void TestCommandLine::parsesConfigArguments() {
    const ParseOutcome set = parse({u"config-set", u"log_level", u"DEBUG"});
    QCOMPARE(set.kind, ParseOutcome::Kind::Run);
    QCOMPARE(set.command.configName, QStringLiteral("log_level"));
    QCOMPARE(set.command.configValue, QStringLiteral("DEBUG"));

    // The schema, not the parser, judges a value; an empty one gets there.
    const ParseOutcome empty = parse({u"config-set", u"log_level", u""});
    QCOMPARE(empty.kind, ParseOutcome::Kind::Run);
    QVERIFY(empty.command.configValue.isEmpty());

    const ParseOutcome reset = parse({u"config-reset", u"port"});
    QCOMPARE(reset.kind, ParseOutcome::Kind::Run);
    QCOMPARE(reset.command.configName, QStringLiteral("port"));
}

void TestCommandLine::parsesConfigGetName() {
    const ParseOutcome all = parse({u"config-get"});
    QCOMPARE(all.kind, ParseOutcome::Kind::Run);
    QVERIFY(all.command.configName.isEmpty());

    const ParseOutcome one = parse({u"config-get", u"--name", u"port"});
    QCOMPARE(one.kind, ParseOutcome::Kind::Run);
    QCOMPARE(one.command.configName, QStringLiteral("port"));

    const ParseOutcome equals = parse({u"config-get", u"--name=log-level"});
    QCOMPARE(equals.kind, ParseOutcome::Kind::Run);
    QCOMPARE(equals.command.configName, QStringLiteral("log-level"));
}

void TestCommandLine::parsesPeerHost() {
    const ParseOutcome add = parse({u"peer-add", u"127.0.0.3"});
    QCOMPARE(add.kind, ParseOutcome::Kind::Run);
    QCOMPARE(add.command.host, QStringLiteral("127.0.0.3"));
    const ParseOutcome del = parse({u"peer-del", u"node2.example.com"});
    QCOMPARE(del.kind, ParseOutcome::Kind::Run);
    QCOMPARE(del.command.host, QStringLiteral("node2.example.com"));
}

void TestCommandLine::globalOptionsBeforeCommand() {
    const ParseOutcome outcome = parse({u"--workdir", u"/tmp/w", u"--config-file", u"/tmp/c.json",
                                        u"--listen", u"127.0.0.2", u"--json", u"status"});
    QCOMPARE(outcome.kind, ParseOutcome::Kind::Run);
    QCOMPARE(outcome.command.name, QStringLiteral("status"));
    QCOMPARE(outcome.command.workdir, QStringLiteral("/tmp/w"));
    QCOMPARE(outcome.command.configFile, QStringLiteral("/tmp/c.json"));
    QCOMPARE(outcome.command.listen, QStringLiteral("127.0.0.2"));
    QVERIFY(outcome.command.json);
}

void TestCommandLine::globalOptionsAfterCommand() {
    // The contract's own example (docs/contract.md): gluster-eventsapi --workdir W status --json
    const ParseOutcome spec = parse({u"--workdir", u"W", u"status", u"--json"});
    QCOMPARE(spec.kind, ParseOutcome::Kind::Run);
    QCOMPARE(spec.command.workdir, QStringLiteral("W"));
    QVERIFY(spec.command.json);

    const ParseOutcome outcome =
        parse({u"webhook-add", u"http://h/listen", u"--workdir", u"/tmp/w", u"-t", u"tok",
               u"--listen", u"127.0.0.2", u"--config-file", u"/tmp/c.json", u"--json"});
    QCOMPARE(outcome.kind, ParseOutcome::Kind::Run);
    QCOMPARE(outcome.command.url, QStringLiteral("http://h/listen"));
    QCOMPARE(outcome.command.workdir, QStringLiteral("/tmp/w"));
    QCOMPARE(outcome.command.configFile, QStringLiteral("/tmp/c.json"));
    QCOMPARE(outcome.command.listen, QStringLiteral("127.0.0.2"));
    QCOMPARE(outcome.command.token, std::optional<QString>(QStringLiteral("tok")));
    QVERIFY(outcome.command.json);
}

void TestCommandLine::globalOptionsWithEquals() {
    const ParseOutcome outcome = parse(
        {u"--workdir=/tmp/w", u"pool-list", u"--config-file=/tmp/c.json", u"--listen=[::1]:24009"});
    QCOMPARE(outcome.kind, ParseOutcome::Kind::Run);
    QCOMPARE(outcome.command.workdir, QStringLiteral("/tmp/w"));
    QCOMPARE(outcome.command.configFile, QStringLiteral("/tmp/c.json"));
    QCOMPARE(outcome.command.listen, QStringLiteral("[::1]:24009"));
}

void TestCommandLine::commandOptionBeforeCommand() {
    // The command is known by the end of the line; an option before it is still its own.
    const ParseOutcome outcome = parse({u"-t", u"tok", u"webhook-add", u"http://h/listen"});
    QCOMPARE(outcome.kind, ParseOutcome::Kind::Run);
    QCOMPARE(outcome.command.name, QStringLiteral("webhook-add"));
    QCOMPARE(outcome.command.url, QStringLiteral("http://h/listen"));
    QCOMPARE(outcome.command.token, std::optional<QString>(QStringLiteral("tok")));
}

void TestCommandLine::lastRepeatedOptionWins() {
    const ParseOutcome outcome =
        parse({u"--workdir", u"/a", u"webhook-add", u"http://h/listen", u"-t", u"one",
               u"--bearer_token", u"two", u"--workdir", u"/b", u"--json", u"--json"});
    QCOMPARE(outcome.kind, ParseOutcome::Kind::Run);
    QCOMPARE(outcome.command.workdir, QStringLiteral("/b"));
    QCOMPARE(outcome.command.token, std::optional<QString>(QStringLiteral("two")));
    QVERIFY(outcome.command.json);
}

void TestCommandLine::doubleDashEndsOptions() {
    const ParseOutcome outcome = parse({u"webhook-del", u"--json", u"--", u"--odd-url"});
    QCOMPARE(outcome.kind, ParseOutcome::Kind::Run);
    QCOMPARE(outcome.command.url, QStringLiteral("--odd-url"));
    QVERIFY(outcome.command.json);

    const ParseOutcome config = parse({u"config-set", u"--", u"port", u"-1"});
    QCOMPARE(config.kind, ParseOutcome::Kind::Run);
    QCOMPARE(config.command.configValue, QStringLiteral("-1"));
}

void TestCommandLine::doubleDashBeforeCommand() {
    const ParseOutcome outcome = parse({u"--json", u"--", u"peer-add", u"-weird-host"});
    QCOMPARE(outcome.kind, ParseOutcome::Kind::Run);
    QCOMPARE(outcome.command.name, QStringLiteral("peer-add"));
    QCOMPARE(outcome.command.host, QStringLiteral("-weird-host"));
}

void TestCommandLine::singleDashAndNegativeNumberAreValues() {
    const ParseOutcome negative = parse({u"config-set", u"port", u"-5"});
    QCOMPARE(negative.kind, ParseOutcome::Kind::Run);
    QCOMPARE(negative.command.configValue, QStringLiteral("-5"));

    const ParseOutcome dash = parse({u"webhook-add", u"-", u"-t", u"-"});
    QCOMPARE(dash.kind, ParseOutcome::Kind::Run);
    QCOMPARE(dash.command.url, QStringLiteral("-"));
    QCOMPARE(dash.command.token, std::optional<QString>(QStringLiteral("-")));
}

void TestCommandLine::valueMayContainEquals() {
    const ParseOutcome outcome =
        parse({u"webhook-add", u"http://h/listen?a=b", u"--bearer_token=a=b=="});
    QCOMPARE(outcome.kind, ParseOutcome::Kind::Run);
    QCOMPARE(outcome.command.url, QStringLiteral("http://h/listen?a=b"));
    QCOMPARE(outcome.command.token, std::optional<QString>(QStringLiteral("a=b==")));
}

void TestCommandLine::helpWithoutCommandListsEveryCommand() {
    for (const auto &arguments : {args({u"-h"}), args({u"--help"}), args({u"--json", u"-h"})}) {
        const ParseOutcome outcome = parseCommandLine(arguments, kProgram);
        QCOMPARE(outcome.kind, ParseOutcome::Kind::Help);
        QVERIFY(outcome.text.startsWith(QStringLiteral("usage: gluster-eventsapi [-h]")));
        QVERIFY(outcome.text.endsWith(u'\n'));
        const QStringList commands{QStringLiteral("status"),      QStringLiteral("reload"),
                                   QStringLiteral("sync"),        QStringLiteral("webhook-test"),
                                   QStringLiteral("webhook-add"), QStringLiteral("webhook-mod"),
                                   QStringLiteral("webhook-del"), QStringLiteral("config-get"),
                                   QStringLiteral("config-set"),  QStringLiteral("config-reset"),
                                   QStringLiteral("peer-add"),    QStringLiteral("peer-del"),
                                   QStringLiteral("pool-list")};
        for (const QString &command : commands)
            QVERIFY2(outcome.text.contains(u"\n  " + command + u' '), qPrintable(command));
        for (const QString &option :
             {QStringLiteral("--workdir DIR"), QStringLiteral("--config-file FILE"),
              QStringLiteral("--listen ADDR"), QStringLiteral("--json"),
              QStringLiteral("-h, --help")})
            QVERIFY2(outcome.text.contains(option), qPrintable(option));
    }
}

void TestCommandLine::parsesEventFilterForAddAndModOnly() {
    const ParseOutcome add =
        parse({u"webhook-add", u"http://h/listen", u"--events", u"VOLUME_*,PEER_ATTACH"});
    QCOMPARE(add.kind, ParseOutcome::Kind::Run);
    QCOMPARE(add.command.events, std::optional<QString>(QStringLiteral("VOLUME_*,PEER_ATTACH")));
    const ParseOutcome mod = parse({u"webhook-mod", u"http://h/listen", u"--events=*"});
    QCOMPARE(mod.command.events, std::optional<QString>(QStringLiteral("*")));
    QVERIFY(!parse({u"webhook-mod", u"http://h/listen"}).command.events.has_value());
    QCOMPARE(parse({u"webhook-test", u"http://h/listen", u"--events", u"X"}).kind,
             ParseOutcome::Kind::Error);
}

void TestCommandLine::parsesDeliveryOptions() {
    const ParseOutcome add = parse({u"webhook-add", u"http://h/listen", u"--parallel", u"8",
                                    u"--ca-cert", u"/etc/ca.pem", u"--insecure"});
    QCOMPARE(add.kind, ParseOutcome::Kind::Run);
    QCOMPARE(add.command.parallel, std::optional<int>(8));
    QCOMPARE(add.command.caCertFile, std::optional<QString>(QStringLiteral("/etc/ca.pem")));
    QCOMPARE(add.command.insecure, std::optional<bool>(true));
    const ParseOutcome mod = parse({u"webhook-mod", u"http://h/listen", u"--verify"});
    QCOMPARE(mod.command.insecure, std::optional<bool>(false));
    QVERIFY(!mod.command.parallel && !mod.command.caCertFile);
    for (const QStringList &bad : {args({u"webhook-add", u"http://h/", u"--parallel", u"0"}),
                                   args({u"webhook-add", u"http://h/", u"--parallel", u"many"}),
                                   args({u"webhook-add", u"http://h/", u"--insecure=yes"}),
                                   args({u"webhook-add", u"http://h/", u"--insecure", u"--verify"}),
                                   args({u"webhook-test", u"http://h/", u"--parallel", u"2"}),
                                   args({u"webhook-del", u"http://h/", u"--insecure"})}) {
        const ParseOutcome outcome = parseCommandLine(bad, kProgram);
        QVERIFY2(outcome.kind == ParseOutcome::Kind::Error, qPrintable(bad.join(u' ')));
        QVERIFY(!outcome.text.contains(u'\n'));
    }
}

void TestCommandLine::parsesHistoryOptions() {
    const ParseOutcome emit = parse({u"emit", u"VOLUME_SET", u"name=gv1", u"options=a,b"});
    QCOMPARE(emit.kind, ParseOutcome::Kind::Run);
    QCOMPARE(emit.command.eventType, QStringLiteral("VOLUME_SET"));
    QCOMPARE(emit.command.pairs,
             (QStringList{QStringLiteral("name=gv1"), QStringLiteral("options=a,b")}));
    QCOMPARE(parse({u"emit"}).kind, ParseOutcome::Kind::Error);

    const ParseOutcome all = parse({u"deliveries", u"--failed", u"--limit", u"5"});
    QCOMPARE(all.kind, ParseOutcome::Kind::Run);
    QVERIFY(all.command.url.isEmpty());
    QVERIFY(all.command.failedOnly);
    QCOMPARE(all.command.limit, 5);
    QCOMPARE(parse({u"deliveries"}).command.limit, 100);
    QCOMPARE(parse({u"deliveries", u"--limit", u"0"}).kind, ParseOutcome::Kind::Error);
    QCOMPARE(parse({u"deliveries", u"a", u"b"}).kind, ParseOutcome::Kind::Error);

    const ParseOutcome seconds = parse({u"replay", u"http://h/", u"--since", u"1700000000"});
    QCOMPARE(seconds.kind, ParseOutcome::Kind::Run);
    QCOMPARE(seconds.command.sinceMs, qint64(1'700'000'000'000));
    QVERIFY(!seconds.command.dead);
    // ISO 8601 is UTC unless it says otherwise.
    QCOMPARE(parse({u"replay", u"http://h/", u"--since", u"2023-11-14T22:13:20"}).command.sinceMs,
             qint64(1'700'000'000'000));
    QCOMPARE(
        parse({u"replay", u"http://h/", u"--since", u"2023-11-14T23:13:20+01:00"}).command.sinceMs,
        qint64(1'700'000'000'000));
    const ParseOutcome dead = parse({u"replay", u"http://h/", u"--dead"});
    QVERIFY(dead.command.dead);
    QCOMPARE(dead.command.sinceMs, qint64(0));
    QVERIFY(parse({u"replay", u"http://h/"}).text.contains(u"--since TS, --dead, or both"));
    QCOMPARE(parse({u"replay", u"--dead"}).kind, ParseOutcome::Kind::Error);
    QCOMPARE(parse({u"replay", u"http://h/", u"--since", u"soon"}).kind, ParseOutcome::Kind::Error);
    QCOMPARE(parse({u"status", u"--dead"}).kind, ParseOutcome::Kind::Error);
}

void TestCommandLine::helpForCommandMatchesDocs_data() {
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("usage");
    QTest::addColumn<QString>("arguments"); // the argparse sections, as the docs print them

    QTest::newRow("webhook-add")
        << QStringLiteral("webhook-add")
        << QStringLiteral("usage: gluster-eventsapi webhook-add [-h] [--bearer_token BEARER_TOKEN] "
                          "[--secret SECRET] [--events TYPES] [--signing-secret SIGNING_SECRET] "
                          "[--parallel N] [--ca-cert FILE] [--insecure | --verify] url")
        << QStringLiteral("positional arguments:\n"
                          "  url                   URL of Webhook\n"
                          "\n"
                          "optional arguments:\n"
                          "  -h, --help            show this help message and exit\n"
                          "  --bearer_token BEARER_TOKEN, -t BEARER_TOKEN\n"
                          "                        Bearer Token\n"
                          "  --secret SECRET, -s SECRET\n");
    QTest::newRow("webhook-del") << QStringLiteral("webhook-del")
                                 << QStringLiteral("usage: gluster-eventsapi webhook-del [-h] url")
                                 << QStringLiteral(
                                        "positional arguments:\n"
                                        "  url         URL of Webhook\n"
                                        "\n"
                                        "optional arguments:\n"
                                        "  -h, --help  show this help message and exit\n");
    QTest::newRow("config-get") << QStringLiteral("config-get")
                                << QStringLiteral(
                                       "usage: gluster-eventsapi config-get [-h] [--name NAME]")
                                << QStringLiteral("optional arguments:\n"
                                                  "  -h, --help   show this help message and exit\n"
                                                  "  --name NAME  Config Name\n");
    QTest::newRow("config-set") << QStringLiteral("config-set")
                                << QStringLiteral(
                                       "usage: gluster-eventsapi config-set [-h] name value")
                                << QStringLiteral(
                                       "positional arguments:\n"
                                       "  name        Config Name\n"
                                       "  value       Config Value\n"
                                       "\n"
                                       "optional arguments:\n"
                                       "  -h, --help  show this help message and exit\n");
    QTest::newRow("config-reset") << QStringLiteral("config-reset")
                                  << QStringLiteral(
                                         "usage: gluster-eventsapi config-reset [-h] name")
                                  << QStringLiteral("positional arguments:\n"
                                                    "  name        Config Name or all\n");
    QTest::newRow("peer-add") << QStringLiteral("peer-add")
                              << QStringLiteral("usage: gluster-eventsapi peer-add [-h] host")
                              << QStringLiteral("positional arguments:\n  host ");
    QTest::newRow("status") << QStringLiteral("status")
                            << QStringLiteral("usage: gluster-eventsapi status [-h]")
                            << QStringLiteral("optional arguments:\n"
                                              "  -h, --help  show this help message and exit\n");
}

void TestCommandLine::helpForCommandMatchesDocs() {
    QFETCH(QString, command);
    QFETCH(QString, usage);
    QFETCH(QString, arguments);

    const ParseOutcome outcome = parseCommandLine({command, QStringLiteral("--help")}, kProgram);
    QCOMPARE(outcome.kind, ParseOutcome::Kind::Help);
    QCOMPARE(outcome.command.name, command);
    QCOMPARE(outcome.text.section(u'\n', 0, 0), usage);
    QVERIFY2(outcome.text.contains(arguments), qPrintable(outcome.text));
    QVERIFY2(outcome.text.contains(QStringLiteral("--json")), qPrintable(outcome.text));
    QVERIFY(outcome.text.endsWith(u'\n'));
}

void TestCommandLine::helpAnywhereShowsCommandHelp_data() {
    QTest::addColumn<QStringList>("arguments");

    QTest::newRow("after url") << args({u"webhook-add", u"http://h/listen", u"-h"});
    QTest::newRow("before url") << args({u"webhook-add", u"--help", u"http://h/listen"});
    QTest::newRow("before command") << args({u"-h", u"webhook-add"});
    QTest::newRow("between global options")
        << args({u"--workdir", u"/w", u"--help", u"--json", u"webhook-add"});
}

void TestCommandLine::helpAnywhereShowsCommandHelp() {
    QFETCH(QStringList, arguments);

    const ParseOutcome outcome = parseCommandLine(arguments, kProgram);
    QCOMPARE(outcome.kind, ParseOutcome::Kind::Help);
    QVERIFY2(outcome.text.startsWith(QStringLiteral("usage: gluster-eventsapi webhook-add [-h]")),
             qPrintable(outcome.text));
}

void TestCommandLine::helpWinsOverOtherErrors() {
    // As argparse: asking for help is answered even when the rest of the line is wrong.
    const ParseOutcome missing = parse({u"config-set", u"-h"});
    QCOMPARE(missing.kind, ParseOutcome::Kind::Help);
    QVERIFY(missing.text.startsWith(QStringLiteral("usage: gluster-eventsapi config-set")));
    const ParseOutcome unknown = parse({u"status", u"--bogus", u"extra", u"--help"});
    QCOMPARE(unknown.kind, ParseOutcome::Kind::Help);
    QVERIFY(unknown.text.startsWith(QStringLiteral("usage: gluster-eventsapi status")));
    const ParseOutcome general = parse({u"--bogus", u"-h"});
    QCOMPARE(general.kind, ParseOutcome::Kind::Help);
    QVERIFY(general.text.startsWith(QStringLiteral("usage: gluster-eventsapi [-h]")));

    // Help about a command that does not exist would mislead: that stays an error.
    const ParseOutcome bogus = parse({u"bogus", u"-h"});
    QCOMPARE(bogus.kind, ParseOutcome::Kind::Error);
    QVERIFY(bogus.text.contains(QStringLiteral("unknown command \"bogus\"")));
}

void TestCommandLine::helpAfterDoubleDashIsAnArgument() {
    const ParseOutcome outcome = parse({u"webhook-del", u"--", u"-h"});
    QCOMPARE(outcome.kind, ParseOutcome::Kind::Run);
    QCOMPARE(outcome.command.url, QStringLiteral("-h"));
}

void TestCommandLine::helpUsesTheAlias() {
    const ParseOutcome outcome =
        parseCommandLine(args({u"webhook-test", u"-h"}), QStringLiteral("gluster-eventing"));
    QCOMPARE(outcome.kind, ParseOutcome::Kind::Help);
    QVERIFY(outcome.text.startsWith(QStringLiteral("usage: gluster-eventing webhook-test [-h]")));
    QVERIFY(!outcome.text.contains(QStringLiteral("gluster-eventsapi")));

    const ParseOutcome general =
        parseCommandLine(args({u"--help"}), QStringLiteral("gluster-eventing"));
    QVERIFY(general.text.startsWith(QStringLiteral("usage: gluster-eventing [-h]")));
    QVERIFY(!general.text.contains(QStringLiteral("gluster-eventsapi")));
}

void TestCommandLine::errorsSayWhatToDo_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected");

    const QString webhookAddUsage = QStringLiteral(
        "usage: gluster-eventsapi webhook-add [-h] [--bearer_token BEARER_TOKEN] [--secret "
        "SECRET] [--events TYPES] [--signing-secret SIGNING_SECRET] [--parallel N] [--ca-cert "
        "FILE] [--insecure | --verify] url");
    const QString runHelp =
        QStringLiteral("run \"gluster-eventsapi --help\" for the commands and options");

    QTest::newRow("no arguments") << QStringList() << QString(u"missing command; " + runHelp);
    QTest::newRow("only global options")
        << args({u"--workdir", u"/w", u"--json"}) << QString(u"missing command; " + runHelp);
    QTest::newRow("unknown command")
        << args({u"bogus"})
        << QStringLiteral("unknown command \"bogus\"; run \"gluster-eventsapi --help\" to list "
                          "the commands");
    QTest::newRow("unknown command after options")
        << args({u"--json", u"webhook_add", u"http://h/listen"})
        << QStringLiteral("unknown command \"webhook_add\"; run \"gluster-eventsapi --help\" to "
                          "list the commands");
    QTest::newRow("unknown option without command")
        << args({u"--verbose"}) << QString(u"unknown option \"--verbose\"; " + runHelp);
    QTest::newRow("unknown long option")
        << args({u"webhook-add", u"http://h/listen", u"--token", u"x"})
        << QString(u"webhook-add: unknown option \"--token\"; " + webhookAddUsage);
    QTest::newRow("unknown short option")
        << args({u"status", u"-x"})
        << QStringLiteral("status: unknown option \"-x\"; usage: gluster-eventsapi status [-h]");
    QTest::newRow("missing url") << args({u"webhook-add"})
                                 << QString(u"webhook-add: missing URL; " + webhookAddUsage);
    QTest::newRow("missing url, options given")
        << args({u"webhook-add", u"-t", u"tok"})
        << QString(u"webhook-add: missing URL; " + webhookAddUsage);
    QTest::newRow("empty url") << args({u"webhook-add", u""})
                               << QString(u"webhook-add: URL must not be empty; " +
                                          webhookAddUsage);
    QTest::newRow("extra url") << args({u"webhook-add", u"http://a/", u"http://b/"})
                               << QString(u"webhook-add: unexpected argument \"http://b/\"; " +
                                          webhookAddUsage);
    QTest::newRow("missing url of webhook-del")
        << args({u"webhook-del"})
        << QStringLiteral(
               "webhook-del: missing URL; usage: gluster-eventsapi webhook-del [-h] url");
    QTest::newRow("argument to status")
        << args({u"status", u"now"})
        << QStringLiteral(
               "status: unexpected argument \"now\"; usage: gluster-eventsapi status [-h]");
    QTest::newRow("argument to pool-list")
        << args({u"pool-list", u"all"})
        << QStringLiteral(
               "pool-list: unexpected argument \"all\"; usage: gluster-eventsapi pool-list [-h]");
    QTest::newRow("config-set without value")
        << args({u"config-set", u"port"})
        << QStringLiteral(
               "config-set: missing VALUE; usage: gluster-eventsapi config-set [-h] name value");
    QTest::newRow("config-set without anything")
        << args({u"config-set"})
        << QStringLiteral(
               "config-set: missing NAME; usage: gluster-eventsapi config-set [-h] name value");
    QTest::newRow("config-set with three")
        << args({u"config-set", u"port", u"1", u"2"})
        << QStringLiteral("config-set: unexpected argument \"2\"; usage: gluster-eventsapi "
                          "config-set [-h] name value");
    QTest::newRow("config-reset without name")
        << args({u"config-reset"})
        << QStringLiteral(
               "config-reset: missing NAME; usage: gluster-eventsapi config-reset [-h] name");
    QTest::newRow("config-get positional")
        << args({u"config-get", u"port"})
        << QStringLiteral("config-get: unexpected argument \"port\"; usage: gluster-eventsapi "
                          "config-get [-h] [--name NAME]");
    QTest::newRow("peer-add without host")
        << args({u"peer-add"})
        << QStringLiteral("peer-add: missing HOST; usage: gluster-eventsapi peer-add [-h] host");
    QTest::newRow("peer-del empty host")
        << args({u"peer-del", u""})
        << QStringLiteral(
               "peer-del: HOST must not be empty; usage: gluster-eventsapi peer-del [-h] host");
    QTest::newRow("token value missing at end")
        << args({u"webhook-add", u"http://h/listen", u"-t"})
        << QString(
               u"webhook-add: option -t needs a value (-t BEARER_TOKEN, or -t=BEARER_TOKEN if it "
               u"starts with \"-\"); " +
               webhookAddUsage);
    QTest::newRow("secret value looks like an option")
        << args({u"webhook-add", u"http://h/listen", u"--secret", u"--json"})
        << QString(u"webhook-add: option --secret needs a value (--secret SECRET, or "
                   u"--secret=SECRET if "
                   u"it starts with \"-\"); " +
                   webhookAddUsage);
    QTest::newRow("workdir value missing")
        << args({u"status", u"--workdir"})
        << QStringLiteral("status: option --workdir needs a value (--workdir DIR, or "
                          "--workdir=DIR if it starts with \"-\"); usage: gluster-eventsapi "
                          "status [-h]");
    QTest::newRow("workdir empty")
        << args({u"--workdir=", u"status"})
        << QStringLiteral("status: option --workdir needs a non-empty value; usage: "
                          "gluster-eventsapi status [-h]");
    QTest::newRow("listen empty") << args({u"status", u"--listen", u""})
                                  << QStringLiteral(
                                         "status: option --listen needs a non-empty value; usage: "
                                         "gluster-eventsapi status [-h]");
    QTest::newRow("config-file value missing before command")
        << args({u"--config-file"})
        << QString(u"option --config-file needs a value (--config-file FILE, "
                   u"or --config-file=FILE if it starts with \"-\"); " +
                   runHelp);
    QTest::newRow("json with value")
        << args({u"status", u"--json=yes"})
        << QStringLiteral(
               "status: option --json takes no value; usage: gluster-eventsapi status [-h]");
    QTest::newRow("help with value")
        << args({u"status", u"--help=me"})
        << QStringLiteral(
               "status: option --help takes no value; usage: gluster-eventsapi status [-h]");
    QTest::newRow("token for webhook-del")
        << args({u"webhook-del", u"http://h/listen", u"-t", u"tok"})
        << QStringLiteral("webhook-del: -t is not an option of this command; usage: "
                          "gluster-eventsapi webhook-del [-h] url");
    QTest::newRow("secret for status")
        << args({u"status", u"--secret", u"s"})
        << QStringLiteral("status: --secret is not an option of this command; usage: "
                          "gluster-eventsapi status [-h]");
    QTest::newRow("name for config-set")
        << args({u"config-set", u"port", u"1", u"--name", u"port"})
        << QStringLiteral("config-set: --name is not an option of this command; usage: "
                          "gluster-eventsapi config-set [-h] name value");
    QTest::newRow("name for config-reset")
        << args({u"config-reset", u"--name=port"})
        << QStringLiteral("config-reset: --name is not an option of this command; usage: "
                          "gluster-eventsapi config-reset [-h] name");
    QTest::newRow("name empty") << args({u"config-get", u"--name="})
                                << QStringLiteral(
                                       "config-get: option --name needs a non-empty value; usage: "
                                       "gluster-eventsapi config-get [-h] [--name NAME]");
    QTest::newRow("first error wins")
        << args({u"status", u"--bogus", u"--json=1"})
        << QStringLiteral(
               "status: unknown option \"--bogus\"; usage: gluster-eventsapi status [-h]");
    QTest::newRow("single-dash long option")
        << args({u"status", u"-json"})
        << QStringLiteral("status: unknown option \"-json\"; usage: gluster-eventsapi status [-h]");
}

void TestCommandLine::errorsSayWhatToDo() {
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);

    const ParseOutcome outcome = parseCommandLine(arguments, kProgram);
    QCOMPARE(outcome.kind, ParseOutcome::Kind::Error);
    QCOMPARE(outcome.text, expected);
}

void TestCommandLine::errorsAreOneLine() {
    const QList<QStringList> lines{args({}), args({u"bogus"}), args({u"webhook-add"}),
                                   args({u"status", u"--name", u"x"}),
                                   args({u"config-set", u"a", u"b", u"c"})};
    for (const QStringList &arguments : lines) {
        const ParseOutcome outcome = parseCommandLine(arguments, kProgram);
        QCOMPARE(outcome.kind, ParseOutcome::Kind::Error);
        QVERIFY(!outcome.text.isEmpty());
        QVERIFY2(!outcome.text.contains(u'\n'), qPrintable(outcome.text));
    }
}

void TestCommandLine::errorUsesTheAlias() {
    const ParseOutcome outcome =
        parseCommandLine(args({u"webhook-del"}), QStringLiteral("gluster-eventing"));
    QCOMPARE(outcome.kind, ParseOutcome::Kind::Error);
    QCOMPARE(
        outcome.text,
        QStringLiteral("webhook-del: missing URL; usage: gluster-eventing webhook-del [-h] url"));
}

void TestCommandLine::unknownOptionDoesNotEchoItsValue() {
    const ParseOutcome outcome = parse({u"webhook-add", u"http://h/", u"--token=s3cr3t"});
    QCOMPARE(outcome.kind, ParseOutcome::Kind::Error);
    QVERIFY(outcome.text.contains(QStringLiteral("\"--token\"")));
    QVERIFY(!outcome.text.contains(QStringLiteral("s3cr3t")));
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"

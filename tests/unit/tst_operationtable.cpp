// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "exitcodes.h"
#include "operationtable.h"

#include <QSet>
#include <QTest>

#include <map>

// The table every program reads its operations from: whole, consistent, and its refusals the
// exit codes the contract gives each command.
class TestOperationTable : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void namesAndKeysAreUnique();
    void everyArgumentHasItsOwnEntry();
    void everyCommandHasItsHelpTexts();
    void onlyTheLastPositionalMayBeLeftOut();
    void refusalsGiveTheExitCodesOfTheContract();
};

void TestOperationTable::namesAndKeysAreUnique() {
    QSet<QString> names;
    for (const OperationSpec &spec : Operations::all()) {
        const QString name = QLatin1String(spec.name);
        QVERIFY2(!names.contains(name), spec.name);
        names.insert(name);
        QCOMPARE(Operations::find(name), &spec);
        QCOMPARE(&Operations::spec(spec.operation), &spec);
        QCOMPARE(Operations::name(spec.operation), name);
    }
    QCOMPARE(Operations::find(u"no-such"), nullptr);
}

void TestOperationTable::everyArgumentHasItsOwnEntry() {
    QSet<QString> keys;
    for (int i = 0; i <= int(Argument::Host); ++i) {
        const auto argument = static_cast<Argument>(i);
        const ArgumentSpec &spec = Operations::argumentSpec(argument);
        QVERIFY(spec.argument == argument);
        QVERIFY2(!keys.contains(QLatin1String(spec.key)), spec.key);
        keys.insert(QLatin1String(spec.key));
        if (spec.type == ArgumentType::Integer) {
            QVERIFY2(spec.minimum <= spec.maximum, spec.key);
            // Left out, an integer is either in range or the "not given" zero.
            QVERIFY2(spec.fallback == 0 ||
                         (spec.fallback >= spec.minimum && spec.fallback <= spec.maximum),
                     spec.key);
        }
    }
}

void TestOperationTable::everyCommandHasItsHelpTexts() {
    for (const OperationSpec &spec : Operations::all()) {
        QVERIFY2(spec.commandLine || spec.remote, spec.name);
        if (!spec.commandLine)
            continue;
        QVERIFY2(spec.summary && *spec.summary, spec.name);
        for (const Parameter &positional : spec.positionals())
            QVERIFY2(positional.metavar && positional.noun && positional.help, spec.name);
    }
}

void TestOperationTable::onlyTheLastPositionalMayBeLeftOut() {
    for (const OperationSpec &spec : Operations::all()) {
        const std::vector<Parameter> positionals = spec.positionals();
        for (size_t i = 0; i + 1 < positionals.size(); ++i)
            QVERIFY2(positionals[i].form == Parameter::Form::Positional, spec.name);
    }
}

void TestOperationTable::refusalsGiveTheExitCodesOfTheContract() {
    // docs/contract.md: the exit codes of each command besides 0, 3 and 4 (from its nodes' rows).
    const std::map<QString, QSet<int>> contract{
        {QStringLiteral("status"), {1}},
        {QStringLiteral("reload"), {1}},
        {QStringLiteral("sync"), {1}},
        {QStringLiteral("pool-list"), {1}},
        {QStringLiteral("peer-add"), {1}},
        {QStringLiteral("peer-del"), {1}},
        {QStringLiteral("config-get"), {1, 7}},
        {QStringLiteral("webhook-test"), {1}},
        {QStringLiteral("webhook-add"), {1, 5, 8}},
        {QStringLiteral("webhook-mod"), {1, 6, 8}},
        {QStringLiteral("webhook-del"), {1, 6, 8}},
        {QStringLiteral("config-set"), {1, 2, 7, 9}},
        {QStringLiteral("config-reset"), {1, 2, 7, 9}},
        {QStringLiteral("emit"), {1}},
        {QStringLiteral("deliveries"), {1}},
        {QStringLiteral("replay"), {1, 6}},
        {QStringLiteral("events"), {1}},
    };
    for (const OperationSpec &spec : Operations::all()) {
        if (!spec.commandLine)
            continue;
        QSet<int> codes;
        for (Refusal refusal : spec.refusals) {
            QVERIFY2(refusal != Refusal::None, spec.name);
            codes.insert(refusalExitCode(refusal));
        }
        const auto expected = contract.find(QLatin1String(spec.name));
        QVERIFY2(expected != contract.end(), spec.name);
        QCOMPARE(codes, expected->second);
    }
}

QTEST_APPLESS_MAIN(TestOperationTable)
#include "tst_operationtable.moc"

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "skippedsettings.h"

#include <QTest>

namespace {

SettingsProblem setting(const QString &file, const QString &text) {
    return SettingsProblem{SettingsProblem::Kind::Setting, file, text};
}

SettingsProblem entry(const QString &text) {
    return SettingsProblem{SettingsProblem::Kind::WebhookEntry,
                           QStringLiteral("/var/lib/glusterd/events/webhooks.json"), text};
}

const QString kConfig = QStringLiteral("/var/lib/glusterd/events/config.json");

} // namespace

class TestSkippedSettings : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void newProblemsAreReturnedOnceAcrossReadings();
    void aProblemThatWentAndCameBackIsNewAgain();
    void sourcesAreReplacedApart();
    void summaryCountsPerFile();
    void summaryIsEmptyWhenNothingIsSkipped();
};

void TestSkippedSettings::newProblemsAreReturnedOnceAcrossReadings() {
    SkippedSettings skipped;
    const SettingsProblem port = setting(kConfig, QStringLiteral("port"));
    const SettingsProblem level = setting(kConfig, QStringLiteral("log_level"));
    QCOMPARE(skipped.replace(SkippedSettings::Source::Config, {port}),
             QList<SettingsProblem>{port});
    // Read again (a reload, a sync): nothing new to log.
    QVERIFY(skipped.replace(SkippedSettings::Source::Config, {port}).isEmpty());
    QVERIFY(skipped.replace(SkippedSettings::Source::Config, {port}).isEmpty());
    // Only the one added since.
    QCOMPARE(skipped.replace(SkippedSettings::Source::Config, {port, level}),
             QList<SettingsProblem>{level});
}

void TestSkippedSettings::aProblemThatWentAndCameBackIsNewAgain() {
    SkippedSettings skipped;
    const SettingsProblem port = setting(kConfig, QStringLiteral("port"));
    QCOMPARE(skipped.replace(SkippedSettings::Source::Config, {port}).size(), qsizetype(1));
    QVERIFY(skipped.replace(SkippedSettings::Source::Config, {}).isEmpty());
    QVERIFY(skipped.summary().isEmpty());
    QCOMPARE(skipped.replace(SkippedSettings::Source::Config, {port}).size(), qsizetype(1));
}

void TestSkippedSettings::sourcesAreReplacedApart() {
    SkippedSettings skipped;
    const SettingsProblem port = setting(kConfig, QStringLiteral("port"));
    const SettingsProblem ftp = entry(QStringLiteral("ftp"));
    skipped.replace(SkippedSettings::Source::Config, {port});
    QCOMPARE(skipped.replace(SkippedSettings::Source::Webhooks, {ftp}),
             QList<SettingsProblem>{ftp});
    // Reading webhooks.json says nothing about config.json, and the other way round.
    skipped.replace(SkippedSettings::Source::Webhooks, {});
    QCOMPARE(skipped.summary(), QStringLiteral("config.json: 1 setting skipped: see the log"));
    QVERIFY(skipped.replace(SkippedSettings::Source::Config, {port}).isEmpty());
}

void TestSkippedSettings::summaryCountsPerFile() {
    SkippedSettings skipped;
    skipped.replace(
        SkippedSettings::Source::Config,
        {setting(QStringLiteral("/etc/glusterfs/eventsconfig.json"), QStringLiteral("a")),
         setting(kConfig, QStringLiteral("b"))});
    skipped.replace(SkippedSettings::Source::Webhooks, {entry(QStringLiteral("ftp"))});
    QCOMPARE(skipped.summary(),
             QStringLiteral("webhooks.json: 1 entry skipped, eventsconfig.json: 1 setting skipped, "
                            "config.json: 1 setting skipped: see the log"));

    skipped.replace(SkippedSettings::Source::Config,
                    {setting(kConfig, QStringLiteral("a")), setting(kConfig, QStringLiteral("b"))});
    skipped.replace(SkippedSettings::Source::Webhooks,
                    {entry(QStringLiteral("ftp")), entry(QStringLiteral("gopher"))});
    QCOMPARE(skipped.summary(),
             QStringLiteral("webhooks.json: 2 entries skipped, config.json: 2 settings skipped: "
                            "see the log"));
}

void TestSkippedSettings::summaryIsEmptyWhenNothingIsSkipped() {
    SkippedSettings skipped;
    QVERIFY(skipped.summary().isEmpty());
    skipped.replace(SkippedSettings::Source::Config, {});
    skipped.replace(SkippedSettings::Source::Webhooks, {});
    QVERIFY(skipped.summary().isEmpty());
}

QTEST_GUILESS_MAIN(TestSkippedSettings)
#include "tst_skippedsettings.moc"

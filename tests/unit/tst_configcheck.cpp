// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "configcheck.h"
#include "testfiles.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

class TestConfigCheck : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void readsTheOriginalsFilesWithoutWarnings();
    void reportsSkippedSettingsAndEntriesAsWarningsAndPasses();
    void failsOnFilesThatAreNotJson();

private:
    QString eventsFile(const QString &name) const {
        return m_dir->filePath(QStringLiteral("glusterd/events/") + name);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    DaemonOptions m_options;
};

void TestConfigCheck::init() {
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(QDir().mkpath(m_dir->filePath(QStringLiteral("glusterd/events"))));
    m_options.workdir = m_dir->filePath(QStringLiteral("glusterd"));
    m_options.defaultConfigFile = m_dir->filePath(QStringLiteral("eventsconfig.json"));
    m_options.checkConfig = true;
}

void TestConfigCheck::readsTheOriginalsFilesWithoutWarnings() {
    QVERIFY(writeFile(m_options.defaultConfigFile, R"({"log-level": "INFO", "port": 24009})"));
    QVERIFY(writeFile(eventsFile(QStringLiteral("config.json")),
                      R"({"log-level": "WARN", "disable-events-log": "enabled"})"));
    // Outside the macro: moc's preprocessor would take the // in a URL for a comment.
    const QByteArray webhooks = R"({"http://a.example/listen": "tok"})";
    QVERIFY(writeFile(eventsFile(QStringLiteral("webhooks.json")), webhooks));
    const ConfigCheck check = ConfigCheck::run(m_options);
    QVERIFY2(check.errors.isEmpty(), qPrintable(check.errors.join(u'\n')));
    QVERIFY(check.report.contains(QStringLiteral("  log_level = WARNING")));
    QVERIFY(check.report.contains(QStringLiteral("  disable_events_log = true")));
    QVERIFY(check.report.contains(QStringLiteral("  port = 24009")));
    QVERIFY(check.report.contains(QStringLiteral("webhooks: 1")));
    for (const QString &line : check.report)
        QVERIFY2(!line.contains(QStringLiteral("warning")), qPrintable(line));
}

void TestConfigCheck::reportsSkippedSettingsAndEntriesAsWarningsAndPasses() {
    QVERIFY(writeFile(eventsFile(QStringLiteral("config.json")),
                      R"({"log_level": "LOUD", "port": "abc", "history_hours": 2})"));
    const QByteArray webhooks = R"({"http://a.example/listen": "tok", "ftp://files.example/": ""})";
    QVERIFY(writeFile(eventsFile(QStringLiteral("webhooks.json")), webhooks));
    const ConfigCheck check = ConfigCheck::run(m_options);
    QVERIFY2(check.errors.isEmpty(), qPrintable(check.errors.join(u'\n')));
    const QString report = check.report.join(u'\n');
    // What would be used...
    QVERIFY2(report.contains(QStringLiteral("  log_level = INFO\n")), qPrintable(report));
    QVERIFY(report.contains(QStringLiteral("  port = 55555\n")));
    QVERIFY(report.contains(QStringLiteral("  history_hours = 2\n")));
    QVERIFY(report.contains(QStringLiteral("webhooks: 1\n  http://a.example/listen\n")));
    // ...and what would be skipped, one warning each.
    QCOMPARE(report.count(QStringLiteral("  warning: ")), 3);
    QVERIFY(report.contains(QStringLiteral("  warning: ") +
                            eventsFile(QStringLiteral("config.json")) +
                            QStringLiteral(": log_level must be one of")));
    QVERIFY(report.contains(QStringLiteral("  warning: ") +
                            eventsFile(QStringLiteral("config.json")) +
                            QStringLiteral(": port must be a whole number")));
    QVERIFY(report.contains(QStringLiteral("  warning: ") +
                            eventsFile(QStringLiteral("webhooks.json")) +
                            QStringLiteral(": entry 'ftp://files.example/' skipped")));
}

void TestConfigCheck::failsOnFilesThatAreNotJson() {
    QVERIFY(writeFile(eventsFile(QStringLiteral("config.json")), R"({"port": )"));
    const QByteArray webhooks = R"({"http://a.example/": )";
    QVERIFY(writeFile(eventsFile(QStringLiteral("webhooks.json")), webhooks));
    const ConfigCheck check = ConfigCheck::run(m_options);
    QCOMPARE(check.errors.size(), qsizetype(2));
    QVERIFY(check.errors.at(0).contains(QStringLiteral("config.json is not valid JSON")));
    QVERIFY(check.errors.at(1).contains(QStringLiteral("webhooks.json is not valid JSON")));
}

QTEST_GUILESS_MAIN(TestConfigCheck)
#include "tst_configcheck.moc"

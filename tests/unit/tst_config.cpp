// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "config.h"
#include "configschema.h"
#include "testfiles.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include <unistd.h>

class TestConfig : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void defaultsAreTheDocumentedOnes();
    void missingFilesGiveDefaults();
    void emptyPathsGiveDefaults();
    void defaultFileOverridesBuiltInDefaults();
    void customFileOverridesDefaultFile();
    void acceptsLaterSpellings();
    void canonicalisesValuesFromFiles();
    void readsFilesAsTheOriginalLeftThem();
    void skipsUnusableValueKeepingTheOneBeneath_data();
    void skipsUnusableValueKeepingTheOneBeneath();
    void skippedValueInCustomFileKeepsDefaultFileValue();
    void problemTextCannotStartALogLine();
    void rejectsUnusableFile_data();
    void rejectsUnusableFile();
    void rejectsUnreadableFile();
    void warnsAboutAndIgnoresUnknownNames();

private:
    QString path(const QString &name) const { return m_dir->filePath(name); }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_defaultFile;
    QString m_customFile;
};

void TestConfig::init() {
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_defaultFile = path(QStringLiteral("eventsconfig.json"));
    m_customFile = path(QStringLiteral("events/config.json"));
    QVERIFY(QDir(m_dir->path()).mkdir(QStringLiteral("events")));
}

void TestConfig::defaultsAreTheDocumentedOnes() {
    const Config config = Config::defaults();
    QCOMPARE(config.logLevel(), QStringLiteral("INFO"));
    QCOMPARE(config.port(), quint16(55555));
    QCOMPARE(config.eventsLogDisabled(), false);
    QCOMPARE(config.values().size(), qsizetype(ConfigSchema::settings().size()));
    QCOMPARE(config.values().value(QStringLiteral("log_level")).toString(), QStringLiteral("INFO"));
    QCOMPARE(config.values().value(QStringLiteral("port")).toInteger(), qint64(55555));
    QCOMPARE(config.values().value(QStringLiteral("disable_events_log")), QJsonValue(false));
    QVERIFY(config.warnings().isEmpty());
}

void TestConfig::missingFilesGiveDefaults() {
    const auto config = Config::load(path(QStringLiteral("absent.json")),
                                     path(QStringLiteral("events/absent.json")));
    QVERIFY2(config.ok(), qPrintable(config.error()));
    QCOMPARE(config->values(), Config::defaults().values());
    QVERIFY(config->warnings().isEmpty());
}

void TestConfig::emptyPathsGiveDefaults() {
    const auto config = Config::load(QString(), QString());
    QVERIFY2(config.ok(), qPrintable(config.error()));
    QCOMPARE(config->values(), Config::defaults().values());
}

void TestConfig::defaultFileOverridesBuiltInDefaults() {
    QVERIFY(writeFile(m_defaultFile, R"({"log_level": "DEBUG", "port": 55555})"));
    const auto config = Config::load(m_defaultFile, m_customFile);
    QVERIFY2(config.ok(), qPrintable(config.error()));
    QCOMPARE(config->logLevel(), QStringLiteral("DEBUG"));
    QCOMPARE(config->port(), quint16(55555));
    QCOMPARE(config->eventsLogDisabled(), false);
}

void TestConfig::customFileOverridesDefaultFile() {
    QVERIFY(writeFile(m_defaultFile, R"({"log_level": "DEBUG", "port": 55555})"));
    QVERIFY(writeFile(m_customFile, R"({"port": 24010, "disable_events_log": true})"));
    const auto config = Config::load(m_defaultFile, m_customFile);
    QVERIFY2(config.ok(), qPrintable(config.error()));
    QCOMPARE(config->logLevel(), QStringLiteral("DEBUG")); // from the default file
    QCOMPARE(config->port(), quint16(24010));              // the custom file wins
    QCOMPARE(config->eventsLogDisabled(), true);           // only in the custom file

    // A custom file alone still overlays the built-in defaults.
    const auto customOnly = Config::load(path(QStringLiteral("absent.json")), m_customFile);
    QVERIFY2(customOnly.ok(), qPrintable(customOnly.error()));
    QCOMPARE(customOnly->logLevel(), QStringLiteral("INFO"));
    QCOMPARE(customOnly->port(), quint16(24010));
}

void TestConfig::acceptsLaterSpellings() {
    QVERIFY(writeFile(m_defaultFile, R"({"log-level": "ERROR"})"));
    QVERIFY(writeFile(m_customFile, R"({"disable-events-log": true})"));
    const auto config = Config::load(m_defaultFile, m_customFile);
    QVERIFY2(config.ok(), qPrintable(config.error()));
    QCOMPARE(config->logLevel(), QStringLiteral("ERROR"));
    QCOMPARE(config->eventsLogDisabled(), true);
    // Values are kept under the canonical names only.
    QCOMPARE(config->values().size(), qsizetype(ConfigSchema::settings().size()));
    QVERIFY(!config->values().contains(QStringLiteral("log-level")));
    QVERIFY(!config->values().contains(QStringLiteral("disable-events-log")));
    QVERIFY(config->warnings().isEmpty());

    // The later spelling in the custom file overrides the first spelling in the default file.
    QVERIFY(writeFile(m_defaultFile, R"({"log_level": "ERROR"})"));
    QVERIFY(writeFile(m_customFile, R"({"log-level": "DEBUG"})"));
    const auto mixed = Config::load(m_defaultFile, m_customFile);
    QVERIFY2(mixed.ok(), qPrintable(mixed.error()));
    QCOMPARE(mixed->logLevel(), QStringLiteral("DEBUG"));
}

void TestConfig::canonicalisesValuesFromFiles() {
    QVERIFY(writeFile(m_customFile,
                      R"({"log_level": "warning", "port": "55555", "disable_events_log": "yes"})"));
    const auto config = Config::load(QString(), m_customFile);
    QVERIFY2(config.ok(), qPrintable(config.error()));
    QCOMPARE(config->values().value(QStringLiteral("log_level")),
             QJsonValue(QStringLiteral("WARNING")));
    QVERIFY(config->values().value(QStringLiteral("port")).isDouble());
    QCOMPARE(config->port(), quint16(55555));
    QCOMPARE(config->values().value(QStringLiteral("disable_events_log")), QJsonValue(true));
}

void TestConfig::readsFilesAsTheOriginalLeftThem() {
    // The original CLI writes hyphenated names, the level as typed and the port as a number; an
    // admin may have written the bool as the CLI's boolify word and the port as a string.
    QVERIFY(writeFile(m_defaultFile, R"({"log-level": "CRITICAL", "port": "24010"})"));
    QVERIFY(writeFile(m_customFile,
                      R"({"log-level": "WARN", "disable-events-log": "enabled", "port": 24011})"));
    const auto config = Config::load(m_defaultFile, m_customFile);
    QVERIFY2(config.ok(), qPrintable(config.error()));
    QVERIFY(config->problems().isEmpty());
    QCOMPARE(config->logLevel(), QStringLiteral("WARNING"));
    QCOMPARE(config->eventsLogDisabled(), true);
    QCOMPARE(config->port(), quint16(24011));

    const auto defaultsOnly = Config::load(m_defaultFile, path(QStringLiteral("absent.json")));
    QVERIFY2(defaultsOnly.ok(), qPrintable(defaultsOnly.error()));
    QVERIFY(defaultsOnly->problems().isEmpty());
    QCOMPARE(defaultsOnly->logLevel(), QStringLiteral("ERROR"));
    QCOMPARE(defaultsOnly->port(), quint16(24010));
    // Canonical values are what is kept, and so what is shown and written.
    QCOMPARE(defaultsOnly->values().value(QStringLiteral("port")), QJsonValue(24010));
}

void TestConfig::skipsUnusableValueKeepingTheOneBeneath_data() {
    QTest::addColumn<bool>("inDefaultFile");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("setting");
    QTest::addColumn<QString>("shown"); // the bad value, as the problem shows it

    QTest::newRow("port 0") << false << QByteArrayLiteral(R"({"port": 0})")
                            << QStringLiteral("port") << QStringLiteral("0");
    QTest::newRow("port 65536 in default file")
        << true << QByteArrayLiteral(R"({"port": 65536})") << QStringLiteral("port")
        << QStringLiteral("65536");
    QTest::newRow("port far beyond any integer")
        << false << QByteArrayLiteral(R"({"port": 1e300})") << QStringLiteral("port")
        << QStringLiteral("1e+300");
    QTest::newRow("port word") << false << QByteArrayLiteral(R"({"port": "abc"})")
                               << QStringLiteral("port") << QStringLiteral("\"abc\"");
    QTest::newRow("log level unknown") << false << QByteArrayLiteral(R"({"log_level": "TRACE"})")
                                       << QStringLiteral("log_level") << QStringLiteral("TRACE");
    QTest::newRow("log-level spelling, unknown")
        << true << QByteArrayLiteral(R"({"log-level": "LOUD"})") << QStringLiteral("log_level")
        << QStringLiteral("LOUD");
    QTest::newRow("disable_events_log maybe")
        << false << QByteArrayLiteral(R"({"disable_events_log": "maybe"})")
        << QStringLiteral("disable_events_log") << QStringLiteral("maybe");
    QTest::newRow("disable-events-log null")
        << false << QByteArrayLiteral(R"({"disable-events-log": null})")
        << QStringLiteral("disable_events_log") << QStringLiteral("null");
    QTest::newRow("event sources not addresses")
        << false << QByteArrayLiteral(R"({"event_sources": "node1.example"})")
        << QStringLiteral("event_sources") << QStringLiteral("node1.example");
}

void TestConfig::skipsUnusableValueKeepingTheOneBeneath() {
    QFETCH(bool, inDefaultFile);
    QFETCH(QByteArray, content);
    QFETCH(QString, setting);
    QFETCH(QString, shown);

    const QString file = inDefaultFile ? m_defaultFile : m_customFile;
    QVERIFY(writeFile(file, content));
    // A usable value beside it in the same file is used.
    QVERIFY(
        writeFile(inDefaultFile ? m_customFile : m_defaultFile, R"({"retry_max_interval": 7})"));
    const auto config = Config::load(m_defaultFile, m_customFile);
    QVERIFY2(config.ok(), qPrintable(config.error()));
    QCOMPARE(config->values().value(setting), Config::defaults().values().value(setting));
    QCOMPARE(config->retryMaxIntervalSeconds(), 7);
    QCOMPARE(config->problems().size(), qsizetype(1));
    const SettingsProblem &problem = config->problems().constFirst();
    QCOMPARE(problem.kind, SettingsProblem::Kind::Setting);
    QCOMPARE(problem.file, file);
    QVERIFY2(problem.text.startsWith(file), qPrintable(problem.text));
    QVERIFY2(problem.text.contains(setting), qPrintable(problem.text));
    QVERIFY2(problem.text.contains(shown), qPrintable(problem.text));
    // It says what is used instead.
    const QString used = ConfigSchema::valueText(Config::defaults().values().value(setting));
    QVERIFY2(problem.text.endsWith(QStringLiteral("skipped, %1 stays %2").arg(setting, used)),
             qPrintable(problem.text));
    QVERIFY(config->warnings().isEmpty());
}

void TestConfig::skippedValueInCustomFileKeepsDefaultFileValue() {
    QVERIFY(writeFile(m_defaultFile, R"({"log_level": "DEBUG", "port": 24010})"));
    QVERIFY(writeFile(m_customFile, R"({"log_level": "LOUD", "port": "abc", "history_hours": 2})"));
    const auto config = Config::load(m_defaultFile, m_customFile);
    QVERIFY2(config.ok(), qPrintable(config.error()));
    QCOMPARE(config->logLevel(), QStringLiteral("DEBUG"));
    QCOMPARE(config->port(), quint16(24010));
    QCOMPARE(config->historyHours(), 2);
    QCOMPARE(config->problems().size(), qsizetype(2));
    for (const SettingsProblem &problem : config->problems())
        QCOMPARE(problem.file, m_customFile);
    QVERIFY(config->problems().at(0).text.endsWith(QStringLiteral("log_level stays DEBUG")));
    QVERIFY(config->problems().at(1).text.endsWith(QStringLiteral("port stays 24010")));
}

void TestConfig::problemTextCannotStartALogLine() {
    QVERIFY(writeFile(m_customFile, "{\"port\": \"1\\n[forged] INFO\", \"x\\ny\": 1}"));
    const auto config = Config::load(QString(), m_customFile);
    QVERIFY2(config.ok(), qPrintable(config.error()));
    QCOMPARE(config->problems().size(), qsizetype(1));
    QVERIFY2(!config->problems().constFirst().text.contains(u'\n'),
             qPrintable(config->problems().constFirst().text));
    QVERIFY(config->problems().constFirst().text.contains(QStringLiteral("\\x0a[forged]")));
    QCOMPARE(config->warnings().size(), qsizetype(1));
    QVERIFY2(!config->warnings().constFirst().contains(u'\n'),
             qPrintable(config->warnings().constFirst()));
}

void TestConfig::rejectsUnusableFile_data() {
    QTest::addColumn<bool>("inDefaultFile");
    QTest::addColumn<QByteArray>("content"); // a null array stands for a directory
    QTest::addColumn<QString>("reason");

    for (const bool inDefaultFile : {true, false}) {
        const char *which = inDefaultFile ? "default" : "custom";
        QTest::addRow("%s: corrupt JSON", which)
            << inDefaultFile << QByteArrayLiteral(R"({"port": )")
            << QStringLiteral("not valid JSON");
        QTest::addRow("%s: empty file", which)
            << inDefaultFile << QByteArray("") << QStringLiteral("empty");
        QTest::addRow("%s: only whitespace", which)
            << inDefaultFile << QByteArrayLiteral(" \n\t") << QStringLiteral("empty");
        QTest::addRow("%s: top-level array", which)
            << inDefaultFile << QByteArrayLiteral(R"([{"port": 1}])")
            << QStringLiteral("JSON object");
        QTest::addRow("%s: top-level string", which)
            << inDefaultFile << QByteArrayLiteral(R"("port")") << QString();
        QTest::addRow("%s: a directory", which)
            << inDefaultFile << QByteArray() << QStringLiteral("directory");
    }
}

void TestConfig::rejectsUnusableFile() {
    QFETCH(bool, inDefaultFile);
    QFETCH(QByteArray, content);
    QFETCH(QString, reason);

    const QString file = inDefaultFile ? m_defaultFile : m_customFile;
    if (content.isNull())
        QVERIFY(QDir().mkpath(file));
    else
        QVERIFY(writeFile(file, content));
    const auto config = Config::load(m_defaultFile, m_customFile);
    QVERIFY(!config.ok());
    QVERIFY2(config.error().contains(file), qPrintable(config.error()));
    QVERIFY2(config.error().contains(reason), qPrintable(config.error()));
}

void TestConfig::rejectsUnreadableFile() {
    if (::geteuid() == 0)
        QSKIP("root can read a file whatever its mode");
    QVERIFY(writeFile(m_customFile, R"({"port": 24010})"));
    QVERIFY(QFile::setPermissions(m_customFile, QFileDevice::Permissions()));
    const auto config = Config::load(m_defaultFile, m_customFile);
    QFile::setPermissions(m_customFile, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QVERIFY(!config.ok());
    QVERIFY2(config.error().contains(m_customFile), qPrintable(config.error()));
    QVERIFY2(config.error().contains(QStringLiteral("cannot read")), qPrintable(config.error()));
}

void TestConfig::warnsAboutAndIgnoresUnknownNames() {
    QVERIFY(writeFile(m_defaultFile, R"({"colour": "blue"})"));
    QVERIFY(writeFile(m_customFile, R"({"bogus": 1, "port": 24010})"));
    const auto config = Config::load(m_defaultFile, m_customFile);
    QVERIFY2(config.ok(), qPrintable(config.error()));
    QCOMPARE(config->port(), quint16(24010));
    QCOMPARE(config->values().size(), qsizetype(ConfigSchema::settings().size()));
    QVERIFY(!config->values().contains(QStringLiteral("bogus")));
    QVERIFY(!config->values().contains(QStringLiteral("colour")));

    const QStringList warnings = config->warnings();
    QCOMPARE(warnings.size(), 2);
    QVERIFY2(warnings[0].contains(m_defaultFile) && warnings[0].contains(QStringLiteral("colour")),
             qPrintable(warnings[0]));
    QVERIFY2(warnings[1].contains(m_customFile) && warnings[1].contains(QStringLiteral("bogus")),
             qPrintable(warnings[1]));
}

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "configschema.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

class TestConfigSchema : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void hasTheDocumentedSettingsAndDefaults();
    void defaultsAreValidValues();
    void findsSettingInEitherSpelling_data();
    void findsSettingInEitherSpelling();
    void findsNothingForUnknownName_data();
    void findsNothingForUnknownName();
    void acceptsValidValue_data();
    void acceptsValidValue();
    void rejectsBadEventSources();
    void rejectsInvalidValue_data();
    void rejectsInvalidValue();
};

void TestConfigSchema::hasTheDocumentedSettingsAndDefaults() {
    const auto &settings = ConfigSchema::settings();
    QCOMPARE(settings.size(), size_t(9));
    const ConfigSetting *distribution = ConfigSchema::find(u"cluster-key-distribution");
    QVERIFY(distribution);
    QCOMPARE(distribution->name, QStringLiteral("cluster_key_distribution"));
    QCOMPARE(distribution->defaultValue, QJsonValue(true));
    QVERIFY(!distribution->needsRestart);
    const ConfigSetting *deadAfter = ConfigSchema::find(u"dead-letter-after");
    QVERIFY(deadAfter);
    QCOMPARE(deadAfter->defaultValue.toInteger(), qint64(86400));
    QCOMPARE(ConfigSchema::find(u"history_hours")->defaultValue.toInteger(), qint64(24));
    QCOMPARE(ConfigSchema::find(u"spool_limit_mb")->defaultValue.toInteger(), qint64(1024));
    QVERIFY(!ConfigSchema::validate(*deadAfter, QJsonValue(0)).ok());

    const ConfigSetting *retry = ConfigSchema::find(u"retry-max-interval");
    QVERIFY(retry);
    QCOMPARE(retry->name, QStringLiteral("retry_max_interval"));
    QCOMPARE(retry->defaultValue.toInteger(), qint64(60));
    QVERIFY(!retry->needsRestart);
    QCOMPARE(ConfigSchema::validate(*retry, QJsonValue(QStringLiteral("5")))->toInteger(),
             qint64(5));
    QVERIFY(!ConfigSchema::validate(*retry, QJsonValue(0)).ok());
    QVERIFY(ConfigSchema::validate(*retry, QJsonValue(3601))
                .error()
                .contains(QStringLiteral("1 to 3600")));

    const ConfigSetting *logLevel = ConfigSchema::find(u"log_level");
    QVERIFY(logLevel);
    QCOMPARE(logLevel->defaultValue, QJsonValue(QStringLiteral("INFO")));
    QVERIFY(!logLevel->needsRestart);

    const ConfigSetting *port = ConfigSchema::find(u"port");
    QVERIFY(port);
    QCOMPARE(port->defaultValue.toInteger(), qint64(55555));
    QVERIFY(port->needsRestart);

    const ConfigSetting *disable = ConfigSchema::find(u"disable_events_log");
    QVERIFY(disable);
    QCOMPARE(disable->defaultValue, QJsonValue(false));
    QVERIFY(!disable->needsRestart);

    const ConfigSetting *sources = ConfigSchema::find(u"event-sources");
    QVERIFY(sources);
    QCOMPARE(sources->name, QStringLiteral("event_sources"));
    QCOMPARE(sources->defaultValue, QJsonValue(QString())); // any source, as the original
    QVERIFY(!sources->needsRestart);
}

void TestConfigSchema::defaultsAreValidValues() {
    for (const ConfigSetting &setting : ConfigSchema::settings()) {
        const auto value = ConfigSchema::validate(setting, setting.defaultValue);
        QVERIFY2(value.ok(), qPrintable(setting.name + QStringLiteral(": ") + value.error()));
        QCOMPARE(*value, setting.defaultValue);
    }
}

void TestConfigSchema::findsSettingInEitherSpelling_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("canonical");
    QTest::newRow("log_level") << QStringLiteral("log_level") << QStringLiteral("log_level");
    QTest::newRow("log-level") << QStringLiteral("log-level") << QStringLiteral("log_level");
    QTest::newRow("port") << QStringLiteral("port") << QStringLiteral("port");
    QTest::newRow("disable_events_log")
        << QStringLiteral("disable_events_log") << QStringLiteral("disable_events_log");
    QTest::newRow("disable-events-log")
        << QStringLiteral("disable-events-log") << QStringLiteral("disable_events_log");
}

void TestConfigSchema::findsSettingInEitherSpelling() {
    QFETCH(QString, name);
    QFETCH(QString, canonical);
    const ConfigSetting *setting = ConfigSchema::find(name);
    QVERIFY(setting);
    QCOMPARE(setting->name, canonical);
}

void TestConfigSchema::findsNothingForUnknownName_data() {
    QTest::addColumn<QString>("name");
    QTest::newRow("empty") << QString();
    QTest::newRow("made up") << QStringLiteral("colour");
    QTest::newRow("space instead of _") << QStringLiteral("log level");
    QTest::newRow("prefix") << QStringLiteral("log");
    QTest::newRow("trailing space") << QStringLiteral("port ");
}

void TestConfigSchema::findsNothingForUnknownName() {
    QFETCH(QString, name);
    QVERIFY(!ConfigSchema::find(name));
}

void TestConfigSchema::acceptsValidValue_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QJsonValue>("canonical");

    const QString logLevel = QStringLiteral("log_level");
    for (const char *level : {"DEBUG", "INFO", "WARNING", "ERROR"}) {
        const QJsonValue value(QString::fromLatin1(level));
        QTest::addRow("log_level %s", level) << logLevel << value << value;
    }
    QTest::newRow("log_level lower case")
        << logLevel << QJsonValue(QStringLiteral("debug")) << QJsonValue(QStringLiteral("DEBUG"));
    QTest::newRow("log_level mixed case, spaces")
        << logLevel << QJsonValue(QStringLiteral(" Warning "))
        << QJsonValue(QStringLiteral("WARNING"));
    // Python's logging names that the original accepted, mapped onto ours, in any case.
    for (const char *level : {"WARN", "warn", "Warn"})
        QTest::addRow("log_level %s", level) << logLevel << QJsonValue(QString::fromLatin1(level))
                                             << QJsonValue(QStringLiteral("WARNING"));
    for (const char *level : {"CRITICAL", "critical", "FATAL", "Fatal"})
        QTest::addRow("log_level %s", level) << logLevel << QJsonValue(QString::fromLatin1(level))
                                             << QJsonValue(QStringLiteral("ERROR"));

    const QString port = QStringLiteral("port");
    QTest::newRow("port 1") << port << QJsonValue(1) << QJsonValue(1);
    QTest::newRow("port 24009") << port << QJsonValue(24009) << QJsonValue(24009);
    QTest::newRow("port 55555") << port << QJsonValue(55555) << QJsonValue(55555);
    QTest::newRow("port 65535") << port << QJsonValue(65535) << QJsonValue(65535);
    QTest::newRow("port whole double") << port << QJsonValue(24009.0) << QJsonValue(24009);
    QTest::newRow("port string") << port << QJsonValue(QStringLiteral("55555"))
                                 << QJsonValue(55555);
    QTest::newRow("port string with spaces")
        << port << QJsonValue(QStringLiteral(" 8080 ")) << QJsonValue(8080);

    const QString disable = QStringLiteral("disable_events_log");
    QTest::newRow("bool true") << disable << QJsonValue(true) << QJsonValue(true);
    QTest::newRow("bool false") << disable << QJsonValue(false) << QJsonValue(false);
    for (const char *text : {"true", "True", "TRUE", "yes", "on", "1"})
        QTest::addRow("bool \"%s\"", text)
            << disable << QJsonValue(QString::fromLatin1(text)) << QJsonValue(true);
    for (const char *text : {"false", "False", "no", "off", "OFF", "0"})
        QTest::addRow("bool \"%s\"", text)
            << disable << QJsonValue(QString::fromLatin1(text)) << QJsonValue(false);
    // The original CLI's boolify writes "enabled" as true; its opposites read as false.
    for (const char *text : {"enabled", "Enabled", "ENABLE", "enable"})
        QTest::addRow("bool \"%s\"", text)
            << disable << QJsonValue(QString::fromLatin1(text)) << QJsonValue(true);
    for (const char *text : {"disabled", "DISABLED", "Disable"})
        QTest::addRow("bool \"%s\"", text)
            << disable << QJsonValue(QString::fromLatin1(text)) << QJsonValue(false);
    QTest::newRow("bool number 1") << disable << QJsonValue(1) << QJsonValue(true);
    QTest::newRow("bool number 0") << disable << QJsonValue(0) << QJsonValue(false);
    QTest::newRow("bool number 1.0") << disable << QJsonValue(1.0) << QJsonValue(true);

    const QString sources = QStringLiteral("event_sources");
    QTest::newRow("sources empty") << sources << QJsonValue(QString()) << QJsonValue(QString());
    QTest::newRow("sources one address") << sources << QJsonValue(QStringLiteral(" 10.0.0.5 "))
                                         << QJsonValue(QStringLiteral("10.0.0.5"));
    QTest::newRow("sources list and subnets")
        << sources << QJsonValue(QStringLiteral("10.0.0.5,10.0.1.7/24  fd00::/8"))
        << QJsonValue(QStringLiteral("10.0.0.5, 10.0.1.0/24, fd00::/8"));
    QTest::newRow("sources JSON array")
        << sources << QJsonValue(QJsonArray{QStringLiteral("10.0.0.5"), QStringLiteral("::1")})
        << QJsonValue(QStringLiteral("10.0.0.5, ::1"));
}

void TestConfigSchema::rejectsBadEventSources() {
    const ConfigSetting *sources = ConfigSchema::find(u"event_sources");
    QVERIFY(sources);
    const QString expected = QStringLiteral("\"node1.example\" is not an IP address or subnet");
    QVERIFY(ConfigSchema::validate(*sources, QJsonValue(QStringLiteral("10.0.0.5, node1.example")))
                .error()
                .startsWith(expected));
    QVERIFY(!ConfigSchema::validate(*sources, QJsonValue(QStringLiteral("10.0.0.0/33"))).ok());
    QVERIFY(!ConfigSchema::validate(*sources, QJsonValue(QStringLiteral("300.1.1.1"))).ok());
    QVERIFY(!ConfigSchema::validate(*sources, QJsonValue(5)).ok());
    QVERIFY(ConfigSchema::validate(*sources, QJsonValue(QJsonArray{5}))
                .error()
                .contains(QStringLiteral("as strings")));
}

void TestConfigSchema::acceptsValidValue() {
    QFETCH(QString, name);
    QFETCH(QJsonValue, value);
    QFETCH(QJsonValue, canonical);

    const ConfigSetting *setting = ConfigSchema::find(name);
    QVERIFY(setting);
    const auto validated = ConfigSchema::validate(*setting, value);
    QVERIFY2(validated.ok(), qPrintable(validated.error()));
    QCOMPARE(validated->type(), canonical.type());
    QCOMPARE(*validated, canonical);
}

void TestConfigSchema::rejectsInvalidValue_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("reason"); // the expectation and the value shown back

    const QString logLevel = QStringLiteral("log_level");
    const QString levels = QStringLiteral("must be one of DEBUG, INFO, WARNING, ERROR");
    QTest::newRow("log_level unknown level")
        << logLevel << QJsonValue(QStringLiteral("TRACE"))
        << QString(levels + QStringLiteral(" (got \"TRACE\")"));
    // A name of Python's logging that is not a level the original could log at usefully.
    QTest::newRow("log_level NOTSET") << logLevel << QJsonValue(QStringLiteral("NOTSET")) << levels;
    QTest::newRow("log_level WARNINGS")
        << logLevel << QJsonValue(QStringLiteral("WARNINGS")) << levels;
    QTest::newRow("log_level empty") << logLevel << QJsonValue(QStringLiteral("")) << levels;
    QTest::newRow("log_level number")
        << logLevel << QJsonValue(10) << QString(levels + QStringLiteral(" (got 10)"));
    QTest::newRow("log_level bool")
        << logLevel << QJsonValue(true) << QString(levels + QStringLiteral(" (got true)"));
    QTest::newRow("log_level null") << logLevel << QJsonValue(QJsonValue::Null)
                                    << QString(levels + QStringLiteral(" (got null)"));
    QTest::newRow("log_level array")
        << logLevel << QJsonValue(QJsonArray{QStringLiteral("INFO")}) << levels;
    QTest::newRow("log_level object") << logLevel << QJsonValue(QJsonObject()) << levels;

    const QString port = QStringLiteral("port");
    const QString range = QStringLiteral("must be a whole number from 1 to 65535");
    QTest::newRow("port 0") << port << QJsonValue(0) << QString(range + QStringLiteral(" (got 0)"));
    QTest::newRow("port negative")
        << port << QJsonValue(-1) << QString(range + QStringLiteral(" (got -1)"));
    QTest::newRow("port 65536") << port << QJsonValue(65536)
                                << QString(range + QStringLiteral(" (got 65536)"));
    QTest::newRow("port huge") << port << QJsonValue(1e12) << range;
    // Far beyond any integer type: must be rejected without an out-of-range conversion.
    QTest::newRow("port 1e300") << port << QJsonValue(1e300) << range;
    QTest::newRow("port -1e300") << port << QJsonValue(-1e300) << range;
    QTest::newRow("port 2^63") << port << QJsonValue(9223372036854775808.0) << range;
    QTest::newRow("port fraction")
        << port << QJsonValue(24009.5) << QString(range + QStringLiteral(" (got 24009.5)"));
    QTest::newRow("port word") << port << QJsonValue(QStringLiteral("abc"))
                               << QString(range + QStringLiteral(" (got \"abc\")"));
    QTest::newRow("port empty string") << port << QJsonValue(QStringLiteral("")) << range;
    QTest::newRow("port string out of range")
        << port << QJsonValue(QStringLiteral("70000")) << range;
    QTest::newRow("port string with garbage")
        << port << QJsonValue(QStringLiteral("24009x")) << range;
    QTest::newRow("port bool") << port << QJsonValue(true) << range;
    QTest::newRow("port null") << port << QJsonValue(QJsonValue::Null) << range;
    QTest::newRow("port array") << port << QJsonValue(QJsonArray{24009}) << range;

    const QString disable = QStringLiteral("disable_events_log");
    const QString boolean = QStringLiteral("must be true or false");
    QTest::newRow("bool maybe") << disable << QJsonValue(QStringLiteral("maybe"))
                                << QString(boolean + QStringLiteral(" (got \"maybe\")"));
    QTest::newRow("bool empty") << disable << QJsonValue(QStringLiteral("")) << boolean;
    QTest::newRow("bool 2") << disable << QJsonValue(QStringLiteral("2")) << boolean;
    QTest::newRow("bool truee") << disable << QJsonValue(QStringLiteral("truee")) << boolean;
    QTest::newRow("bool null") << disable << QJsonValue(QJsonValue::Null) << boolean;
    QTest::newRow("bool array") << disable << QJsonValue(QJsonArray{true}) << boolean;
    QTest::newRow("bool object") << disable << QJsonValue(QJsonObject()) << boolean;
    QTest::newRow("bool number 2")
        << disable << QJsonValue(2) << QString(boolean + QStringLiteral(" (got 2)"));
    QTest::newRow("bool number -1") << disable << QJsonValue(-1) << boolean;
    QTest::newRow("bool number 0.5") << disable << QJsonValue(0.5) << boolean;
    QTest::newRow("bool enabledx") << disable << QJsonValue(QStringLiteral("enabledx")) << boolean;
}

void TestConfigSchema::rejectsInvalidValue() {
    QFETCH(QString, name);
    QFETCH(QJsonValue, value);
    QFETCH(QString, reason);

    const ConfigSetting *setting = ConfigSchema::find(name);
    QVERIFY(setting);
    const auto validated = ConfigSchema::validate(*setting, value);
    QVERIFY(!validated.ok());
    QVERIFY2(validated.error().contains(reason), qPrintable(validated.error()));
}

QTEST_GUILESS_MAIN(TestConfigSchema)
#include "tst_configschema.moc"

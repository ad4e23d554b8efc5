// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "config.h"

#include "configschema.h"
#include "jsonfile.h"
#include "logtext.h"

Config Config::defaults() {
    Config config;
    for (const ConfigSetting &setting : ConfigSchema::settings())
        config.m_values.insert(setting.name, setting.defaultValue);
    return config;
}

Result<Config> Config::load(const QString &defaultConfigFile, const QString &customConfigFile) {
    Config config = defaults();
    for (const QString &path : {defaultConfigFile, customConfigFile}) {
        if (path.isEmpty())
            continue;
        // A file that is not JSON at all stays an error, as it is for the original (json.load
        // raises and it does not start): nothing in it can be told apart to use the rest, and on
        // a reload the caller keeps the last good settings.
        const auto file = JsonFile::readObject(path, JsonFile::IfMissing::Empty);
        if (!file)
            return Result<Config>::failure(file.error());
        config.overlay(*file, path);
    }
    return config;
}

void Config::overlay(const QJsonObject &file, const QString &path) {
    for (auto it = file.begin(); it != file.end(); ++it) {
        const ConfigSetting *setting = ConfigSchema::find(it.key());
        if (!setting) {
            m_warnings.append(QStringLiteral("%1: unknown config name '%2' ignored")
                                  .arg(path, LogText::quoted(it.key())));
            continue;
        }
        const auto value = ConfigSchema::validate(*setting, it.value());
        if (!value) {
            // One value the original may have taken (or a typo) must not stop every event.
            m_problems.append(SettingsProblem{
                SettingsProblem::Kind::Setting, path,
                LogText::quoted(QStringLiteral("%1: %2 %3; skipped, %2 stays %4")
                                    .arg(path, setting->name, value.error(),
                                         ConfigSchema::valueText(m_values.value(setting->name))))});
            continue;
        }
        m_values.insert(setting->name, *value);
    }
}

QString Config::logLevel() const {
    return m_values.value(QLatin1StringView("log_level")).toString();
}

quint16 Config::port() const {
    return quint16(m_values.value(QLatin1StringView("port")).toInteger());
}

bool Config::eventsLogDisabled() const {
    return m_values.value(QLatin1StringView("disable_events_log")).toBool();
}

int Config::retryMaxIntervalSeconds() const {
    return int(m_values.value(QLatin1StringView("retry_max_interval")).toInteger());
}

qint64 Config::deadLetterAfterSeconds() const {
    return m_values.value(QLatin1StringView("dead_letter_after")).toInteger();
}

int Config::historyHours() const {
    return int(m_values.value(QLatin1StringView("history_hours")).toInteger());
}

qint64 Config::spoolLimitBytes() const {
    return m_values.value(QLatin1StringView("spool_limit_mb")).toInteger() * 1024 * 1024;
}

SourceAllowList Config::eventSources() const {
    // Validated when loaded, so it parses.
    const auto list =
        SourceAllowList::parse(m_values.value(QLatin1StringView("event_sources")).toString());
    return list ? *list : SourceAllowList();
}

bool Config::clusterKeyDistribution() const {
    return m_values.value(QLatin1StringView("cluster_key_distribution")).toBool();
}

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "configschema.h"

#include "sourceallowlist.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace {

std::vector<ConfigSetting> buildSettings() {
    using K = ConfigSetting::Kind;
    return {
        {QStringLiteral("log_level"), QStringLiteral("log-level"), K::LogLevel,
         QStringLiteral("INFO"), false},
        {QStringLiteral("port"), QString(), K::Integer, 55555, true, 1, 65535},
        {QStringLiteral("disable_events_log"), QStringLiteral("disable-events-log"), K::Bool, false,
         false},
        // The longest wait between two tries of a failing delivery, in seconds.
        {QStringLiteral("retry_max_interval"), QStringLiteral("retry-max-interval"), K::Integer, 60,
         false, 1, 3600},
        // Seconds after it arrived that a failing event goes to the dead-letter list.
        {QStringLiteral("dead_letter_after"), QStringLiteral("dead-letter-after"), K::Integer,
         86400, false, 1, 30 * 86400},
        // Hours that delivery attempts, dead letters and delivered events are kept for
        // `deliveries` and `replay`.
        {QStringLiteral("history_hours"), QStringLiteral("history-hours"), K::Integer, 24, false, 1,
         24 * 365},
        // MiB of undelivered events a node holds at most, and the disk budget of its spool
        // (undelivered events, history, dead letters: SpoolBudget); see decision 016.
        {QStringLiteral("spool_limit_mb"), QStringLiteral("spool-limit-mb"), K::Integer, 1024,
         false, 1, 1024 * 1024},
        // Addresses and subnets that may send events; empty: any (SourceAllowList).
        {QStringLiteral("event_sources"), QStringLiteral("event-sources"), K::AddressList,
         QString(), false},
        // On a glusterd pool, the daemons send their cluster key to peers that lack it through
        // glusterd (ClusterKeyBootstrap); off, the admin copies it (decision 017).
        {QStringLiteral("cluster_key_distribution"), QStringLiteral("cluster-key-distribution"),
         K::Bool, true, false},
    };
}

// In an error message: quoted when a string, and short.
QString shown(const QJsonValue &value) {
    if (value.isString())
        return u'"' + value.toString().left(64) + u'"';
    return ConfigSchema::valueText(value).left(64);
}

Result<QJsonValue> validateLogLevel(const QJsonValue &value) {
    const QString level = value.toString().trimmed().toUpper();
    if (value.isString() &&
        (level == u"DEBUG" || level == u"INFO" || level == u"WARNING" || level == u"ERROR"))
        return QJsonValue(level);
    // The original sets getattr(logging, level.upper()), so Python's other names for its levels
    // are in files it wrote or read; each means the nearest of ours.
    if (value.isString() && level == u"WARN")
        return QJsonValue(QStringLiteral("WARNING"));
    if (value.isString() && (level == u"CRITICAL" || level == u"FATAL"))
        return QJsonValue(QStringLiteral("ERROR"));
    return Result<QJsonValue>::failure(
        QStringLiteral("must be one of DEBUG, INFO, WARNING, ERROR (got %1)").arg(shown(value)));
}

Result<QJsonValue> validateInteger(const ConfigSetting &setting, const QJsonValue &value) {
    const qint64 invalid = setting.minimum - 1;
    qint64 number = invalid;
    if (value.isDouble()) {
        const double given = value.toDouble();
        // Range first: converting a double beyond qint64 (1e300 in a file) is undefined.
        if (given >= double(setting.minimum) && given <= double(setting.maximum) &&
            given == double(qint64(given)))
            number = qint64(given);
    } else if (value.isString()) {
        bool ok = false;
        number = value.toString().trimmed().toLongLong(&ok);
        if (!ok)
            number = invalid;
    }
    if (number >= setting.minimum && number <= setting.maximum)
        return QJsonValue(number);
    return Result<QJsonValue>::failure(
        QStringLiteral("must be a whole number from %1 to %2 (got %3)")
            .arg(setting.minimum)
            .arg(setting.maximum)
            .arg(shown(value)));
}

Result<QJsonValue> validateBool(const QJsonValue &value) {
    if (value.isBool())
        return value;
    // 0 and 1 as JSON numbers: Python takes them for false and true.
    if (value.isDouble() && (value.toDouble() == 0 || value.toDouble() == 1))
        return QJsonValue(value.toDouble() == 1);
    // The words of the original CLI's boolify ("enabled" among them), and their opposites.
    const QString text = value.toString().trimmed().toLower();
    if (value.isString() && (text == u"true" || text == u"yes" || text == u"on" || text == u"1" ||
                             text == u"enabled" || text == u"enable"))
        return QJsonValue(true);
    if (value.isString() && (text == u"false" || text == u"no" || text == u"off" || text == u"0" ||
                             text == u"disabled" || text == u"disable"))
        return QJsonValue(false);
    return Result<QJsonValue>::failure(
        QStringLiteral("must be true or false (got %1)").arg(shown(value)));
}

// A string of entries, or a JSON array of them (easier to write by hand in config.json).
Result<QJsonValue> validateAddressList(const QJsonValue &value) {
    QString text;
    if (value.isString()) {
        text = value.toString();
    } else if (value.isArray()) {
        QStringList entries;
        for (const QJsonValue &entry : value.toArray()) {
            if (!entry.isString())
                return Result<QJsonValue>::failure(
                    QStringLiteral("must list IP addresses or subnets as strings (got %1)")
                        .arg(shown(entry)));
            entries.append(entry.toString());
        }
        text = entries.join(u',');
    } else {
        return Result<QJsonValue>::failure(
            QStringLiteral("must be IP addresses or subnets, separated by commas (got %1)")
                .arg(shown(value)));
    }
    const auto list = SourceAllowList::parse(text);
    if (!list)
        return Result<QJsonValue>::failure(list.error());
    return QJsonValue(list->text());
}

} // namespace

namespace ConfigSchema {

const std::vector<ConfigSetting> &settings() {
    static const std::vector<ConfigSetting> kTable = buildSettings();
    return kTable;
}

const ConfigSetting *find(QStringView name) {
    for (const ConfigSetting &setting : settings()) {
        if (name == setting.name || (!setting.alias.isEmpty() && name == setting.alias))
            return &setting;
    }
    return nullptr;
}

Result<QJsonValue> validate(const ConfigSetting &setting, const QJsonValue &value) {
    switch (setting.kind) {
    case ConfigSetting::Kind::LogLevel:
        return validateLogLevel(value);
    case ConfigSetting::Kind::Integer:
        return validateInteger(setting, value);
    case ConfigSetting::Kind::Bool:
        return validateBool(value);
    case ConfigSetting::Kind::AddressList:
        return validateAddressList(value);
    }
    return Result<QJsonValue>::failure(QStringLiteral("unknown setting kind"));
}

QJsonObject canonicalNames(const QJsonObject &config) {
    QJsonObject canonical;
    for (auto it = config.begin(); it != config.end(); ++it) {
        const ConfigSetting *setting = find(it.key());
        if (!setting) {
            canonical.insert(it.key(), it.value());
            continue;
        }
        if (it.key() == setting->name || !config.contains(setting->name))
            canonical.insert(setting->name, it.value());
    }
    return canonical;
}

QJsonObject canonicalValues(const QJsonObject &config) {
    QJsonObject canonical = config;
    for (auto it = canonical.begin(); it != canonical.end(); ++it) {
        const ConfigSetting *setting = find(it.key());
        if (!setting)
            continue;
        if (const auto value = validate(*setting, it.value()))
            *it = *value;
    }
    return canonical;
}

} // namespace ConfigSchema

namespace ConfigSchema {

QString valueText(const QJsonValue &value) {
    if (value.isString())
        return value.toString();
    return QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact))
        .mid(1)
        .chopped(1);
}

} // namespace ConfigSchema

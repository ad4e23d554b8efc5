// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "result.h"
#include "settingsproblem.h"
#include "sourceallowlist.h"

#include <QJsonObject>
#include <QStringList>

// The effective configuration: built-in defaults, overlaid by the default config file
// (read-only, may be absent), overlaid by <workdir>/events/config.json. Every value validated;
// a value that cannot be used is skipped (see problems()).
class Config {
public:
    static Config defaults();
    // Fails only when a file cannot be read or holds no JSON object.
    static Result<Config> load(const QString &defaultConfigFile, const QString &customConfigFile);

    // Canonical name -> canonical value, for every known setting.
    const QJsonObject &values() const { return m_values; }
    QString logLevel() const;
    quint16 port() const;
    bool eventsLogDisabled() const;
    int retryMaxIntervalSeconds() const;
    qint64 deadLetterAfterSeconds() const;
    int historyHours() const;
    qint64 spoolLimitBytes() const;
    SourceAllowList eventSources() const;
    bool clusterKeyDistribution() const;

    // Names found in the files that no setting has; ignored, but worth a log line.
    const QStringList &warnings() const { return m_warnings; }
    // Values found in the files that cannot be used (a port "abc", a log level "LOUD"); each was
    // skipped, and the value beneath it stays.
    const QList<SettingsProblem> &problems() const { return m_problems; }

private:
    void overlay(const QJsonObject &file, const QString &path);

    QJsonObject m_values;
    QStringList m_warnings;
    QList<SettingsProblem> m_problems;
};

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "result.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <vector>

// The config names of docs/contract.md with their defaults and validation. Values come from
// JSON files (typed) or the command line (strings); both are validated into one canonical form.
struct ConfigSetting {
    enum class Kind { LogLevel, Integer, Bool, AddressList };

    QString name;  // the spelling written to files and shown: log_level
    QString alias; // the later spelling, accepted on input: log-level
    Kind kind;
    QJsonValue defaultValue;
    bool needsRestart;
    qint64 minimum = 0; // Integer only
    qint64 maximum = 0;
};

namespace ConfigSchema {

const std::vector<ConfigSetting> &settings();

// The setting called `name` in either spelling, or nullptr.
const ConfigSetting *find(QStringView name);

// The canonical value for `value`, or why it is not acceptable for `setting`. What the original
// daemon and its CLI accepted is accepted: Python's level names (WARN, CRITICAL, FATAL), the
// words of its boolify ("enabled"), numbers written as strings of digits.
Result<QJsonValue> validate(const ConfigSetting &setting, const QJsonValue &value);

// The same settings with every known name in its canonical spelling (log-level -> log_level);
// when both spellings are present the canonical one wins. Unknown names are kept as they are.
QJsonObject canonicalNames(const QJsonObject &config);
// The same settings with every value that validates in its canonical form ("WARN" -> "WARNING",
// "enabled" -> true); values that do not, and unknown names, are kept as they are.
QJsonObject canonicalValues(const QJsonObject &config);

// A value as config-get, the GUI and --check-config show it: a string bare, anything else as
// its JSON text.
QString valueText(const QJsonValue &value);

} // namespace ConfigSchema

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "settingsproblem.h"

#include <QList>
#include <QString>

// What the daemon skipped in its settings files when it last read them (SettingsProblem). Each
// problem is logged once, when it first appears, however often the files are read again (every
// sync from a peer reloads them), and status shows a count of them beside UP.
class SkippedSettings {
public:
    enum class Source { Config, Webhooks };

    // What reading `source` found now replaces what it found before; returns the problems that
    // were not there before, for the caller to log.
    QList<SettingsProblem> replace(Source source, const QList<SettingsProblem> &problems);
    // "webhooks.json: 1 entry skipped, config.json: 2 settings skipped: see the log"; empty when
    // nothing is skipped. Short: it stands beside UP in a table, and the log says the rest.
    QString summary() const;

private:
    QList<SettingsProblem> m_webhooks;
    QList<SettingsProblem> m_config;
};

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include <QString>

// Something in a local settings file that cannot be used, and so is skipped while the rest of
// the file is used: a config value (the value beneath it, from the default config file or
// built in, stays) or a webhooks.json entry (it gets no events, and stays in the file). A node
// upgraded from the original daemon keeps running on what that daemon accepted and we cannot
// use, rather than refusing to start and losing every event.
struct SettingsProblem {
    enum class Kind { Setting, WebhookEntry };

    Kind kind = Kind::Setting;
    QString file; // the file's path
    QString text; // one line for the log: the file, what was skipped and why; already escaped

    bool operator==(const SettingsProblem &other) const {
        return kind == other.kind && file == other.file && text == other.text;
    }
    bool operator!=(const SettingsProblem &other) const { return !(*this == other); }
};

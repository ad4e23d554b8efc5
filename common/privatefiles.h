// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "result.h"

#include <QList>
#include <QString>

#include <optional>

#include <sys/types.h>

// The files under events/ hold webhook URLs (often credentials: Slack and Teams URLs, ?key=
// tokens), tokens, secrets and the cluster key, so only their owner may read them. These create
// directories 0700 and files 0600 by the mode given to mkdir(2) and open(2), whatever the
// process's umask: the CLI run from a shell with umask 022 makes them as private as the daemon.
namespace PrivateFiles {

inline constexpr mode_t kDirectoryMode = 0700;
inline constexpr mode_t kFileMode = 0600;

// Creates `path` and every missing directory above it, each 0700. One that exists is left as
// it is (the daemon tightens its own at start).
Status makeDirectory(const QString &path);

// Creates `path` empty and 0600 if nothing is there; an existing file is left untouched.
Status createFile(const QString &path);

// A file or directory whose group or other permission bits were found set.
struct ModeFix {
    QString path;
    mode_t before = 0;
    mode_t after = 0;
    QString error; // why the mode could not be changed; empty when it was
};

// Clears the group and other bits of the regular file `path`; nothing when it is missing,
// already private, or not a regular file (a symbolic link is not followed).
std::optional<ModeFix> tightenFile(const QString &path);

// As tightenFile(), for `directory` itself and every regular file directly in it. A missing
// directory is no error: it is created private.
QList<ModeFix> tightenDirectory(const QString &directory);

// One line for the log: the path (control characters escaped) and the modes in octal.
QString describe(const ModeFix &fix);

} // namespace PrivateFiles

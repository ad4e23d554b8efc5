// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once
// What a benchmark run was measured on, printed above its figures: when, which code, which
// machine. Figures without these cannot be compared with anything.
#include <QString>

struct RunHeader {
    QString dateUtc;     // ISO 8601
    QString benchCommit; // this program's source tree
    QString cpu;         // the model, as /proc/cpuinfo names it
    int cores = 0;
    QString kernel;
};

RunHeader describeRun();

// The short commit of the git tree at `directory`, with "+changes" when files tracked there
// differ from it; empty when it is not a git tree.
QString gitCommit(const QString &directory);
// The source tree a binary was built from, found through the CMakeCache.txt of its build
// tree; empty when the binary is not in one.
QString sourceTreeOfBuild(const QString &binary);

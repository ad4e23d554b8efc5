// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once
// What a benchmark run was measured on, printed above its figures: when, which code, which
// machine. Figures without these cannot be compared with anything.
#include <QJsonObject>
#include <QString>
#include <QStringList>

struct RunHeader {
    QString dateUtc;     // ISO 8601
    QString benchCommit; // this program's source tree
    QString cpu;         // the model, as /proc/cpuinfo names it
    int cores = 0;
    QString kernel;
    QString loadAtStart; // loadAverage() as the run began: others' work skews every figure
};

RunHeader describeRun();

// The 1, 5 and 15 minute load averages as /proc/loadavg gives them ("2.20 2.86 3.75"); empty
// when it cannot be read.
QString loadAverage();

// What every bench program prints above its figures: the program and date, its commit, the
// daemon binary measured with its tree and commit, the machine and the load.
QStringList headerLines(const QString &program, const RunHeader &header,
                        const QString &daemonBinary);
// The same for the JSON line: date, bench_commit, daemon, daemon_commit, cpu, cores, kernel,
// load_at_start, and load_at_end read now (the run is over when the line is written).
QJsonObject headerJson(const RunHeader &header, const QString &daemonBinary);

// The short commit of the git tree at `directory`, with "+changes" when files tracked there
// differ from it; empty when it is not a git tree.
QString gitCommit(const QString &directory);
// The source tree a binary was built from, found through the CMakeCache.txt of its build
// tree; empty when the binary is not in one.
QString sourceTreeOfBuild(const QString &binary);

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once
// The judging of bench_control_plane, apart from the daemons so that tests can feed it made-up
// runs: for each pool size, `status`, `webhook-add` and `config-set` with every node up, then
// `status` and `config-set` with one node hung, and how soon that node caught up once it ran
// again. It fails closed: a CLI that did not finish, printed no rows, exited otherwise than its
// case must, or gave a row that is not what the case must give (every node OK; the hung one
// NOT OK and the others OK), a size never measured, or a figure missing is MISSED. Every target
// of every size asked for is listed whatever happened.
#include "targetverdict.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

// One node's row as the CLI printed it (--json).
struct SeenRow {
    QString node;
    bool up = false; // NODE STATUS
    bool ok = false; // the command's own column: UP for status, OK for the others
    QString error;
};

// One run of the CLI.
struct CommandRun {
    QString problem; // why it gave nothing to judge; empty when it ran and printed its rows
    int exitCode = -1;
    double seconds = -1;
    QList<SeenRow> rows;
};

// What the CLI printed with --json read into rows; `problem` says why when it is not that
// (a run that did not finish, no JSON, no rows).
CommandRun commandRunOf(int exitCode, double seconds, const QByteArray &standardOutput);

// One pool size and what was measured on it.
struct PoolPoint {
    int nodes = 0;
    QString problem; // why nothing was measured (a daemon that did not start)
    QList<CommandRun> status;
    QList<CommandRun> webhookAdd;
    QList<CommandRun> configSet;
    QString hungNode; // the hung node's row name
    CommandRun hungStatus;
    CommandRun hungConfigSet;
    std::optional<double> caughtUpSeconds; // from SIGCONT until its config matched the pool's
    QString caughtUpProblem;
};

struct ControlPlaneLimits {
    double statusSeconds = 0;
    double webhookAddSeconds = 0;
    double configSetSeconds = 0;
    double hungStatusSeconds = 0;    // the read deadline, and a second for the rest
    double hungConfigSetSeconds = 0; // the operation deadline, and a second for the rest
    double caughtUpSeconds = 0;
    // A hung row must have waited its deadline out (a coarse timer fires up to 5% early): a
    // node that died or refused the connection fails at once and shows nothing of the wait.
    double hungStatusAtLeastSeconds = 0;    // 0.95 of the read deadline
    double hungConfigSetAtLeastSeconds = 0; // 0.95 of the operation deadline
};

// Six targets for each of `sizes`, in order, judged on the point measured for it.
QList<TargetVerdict> judgeControlPlane(const QList<int> &sizes, const QList<PoolPoint> &points,
                                       const ControlPlaneLimits &limits);

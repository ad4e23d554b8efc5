// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "result.h"

#include <QObject>
#include <QStringList>

#include <functional>

// Runs the `gluster` CLI, which reaches this node's glusterd (and through it the pool), the way
// the original daemon's CLI does. Asynchronous and bounded in time, so a hung glusterd cannot
// stall the daemon.
class GlusterCli : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GlusterCli)

public:
    using Done = std::function<void(Result<QString> standardOutput)>;
    static constexpr int kTimeoutMs = 60'000;

    // `program` is the gluster CLI: $GLUSTER_CLI when set (tests, unusual installs), else
    // Gluster's own /usr/sbin/gluster when it is there, so that a root daemon does not run
    // whatever a PATH names; else "gluster" from PATH.
    explicit GlusterCli(QString program = installedProgram(), QObject *parent = nullptr);
    static QString installedProgram();

    // `gluster --mode=script <arguments>`; the error names the command and what it printed.
    void run(const QStringList &arguments, Done done);

private:
    QString m_program;
};

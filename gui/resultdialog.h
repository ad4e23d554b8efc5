// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "clusterresult.h"

#include <QDialog>

class QTableWidget;

// The per-node outcome of a cluster operation, the same rows the CLI prints (NODE, NODE
// STATUS, and the operation's column), with any notes (e.g. that a restart is needed).
class ResultDialog : public QDialog {
    Q_OBJECT

public:
    ResultDialog(const QString &title, const ClusterResult &result, QWidget *parent = nullptr);

    // Fills `table` with the rows of `result` (also used by the cluster view).
    static void fill(QTableWidget *table, const ClusterResult &result);
    // The header of the operation's column.
    static QString columnTitle(StatusColumn column);
};

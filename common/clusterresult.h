// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "noderow.h"

#include <QStringList>

#include <algorithm>

// Why an operation stopped before it asked any other node (each maps to an exit code of
// docs/contract.md in the CLI, and to an HTTP status in the control API).
enum class Refusal {
    None,
    AlreadyExists,      // webhook-add of a registered URL
    DoesNotExist,       // webhook-mod/del of an unknown URL
    SameValue,          // config-set/reset that changes nothing
    UnknownName,        // config name no setting has
    BadValue,           // config value the setting does not accept
    BadArgument,        // an argument the operation cannot take: a bad URL, filter, secret, ...
    WebhooksNotWritten, // the local webhooks file could not be read or written
    ConfigNotWritten,   // the local config file could not be read or written
    CannotRun,          // unreachable host, unknown peer, no cluster key, ...
};

struct ClusterResult {
    Refusal refusal = Refusal::None;
    QString error;     // one line, when refused
    NodeRows rows;     // one per node, when not refused
    QStringList notes; // further lines for the admin, e.g. that a restart is needed

    bool allOk() const {
        return std::all_of(rows.rows.cbegin(), rows.rows.cend(),
                           [](const NodeRow &r) { return r.ok; });
    }
    bool noneOk() const {
        return std::none_of(rows.rows.cbegin(), rows.rows.cend(),
                            [](const NodeRow &r) { return r.ok; });
    }
};

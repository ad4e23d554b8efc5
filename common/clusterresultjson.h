// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "clusterresult.h"
#include "result.h"

#include <QJsonObject>

// ClusterResult as the control API's /v1/run carries it between a daemon that ran an operation
// and the GUI that asked for it: {"refusal": "<name>", "error", "column": "<name>",
// "rows": [{"node", "node_up", "ok", "error", "count"}], "notes": [...]}.
namespace ClusterResultJson {

QJsonObject toJson(const ClusterResult &result);
Result<ClusterResult> fromJson(const QJsonObject &json);

} // namespace ClusterResultJson

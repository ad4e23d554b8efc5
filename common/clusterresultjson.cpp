// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "clusterresultjson.h"

#include "operationtable.h"

#include <QJsonArray>

#include <array>
#include <utility>

namespace {

// Names on the wire, so that a reordered enum cannot change what an older peer understands.
constexpr std::array<std::pair<Refusal, const char *>, 10> kRefusals{{
    {Refusal::None, "none"},
    {Refusal::AlreadyExists, "already_exists"},
    {Refusal::DoesNotExist, "does_not_exist"},
    {Refusal::SameValue, "same_value"},
    {Refusal::UnknownName, "unknown_name"},
    {Refusal::BadValue, "bad_value"},
    {Refusal::BadArgument, "bad_argument"},
    {Refusal::WebhooksNotWritten, "webhooks_not_written"},
    {Refusal::ConfigNotWritten, "config_not_written"},
    {Refusal::CannotRun, "cannot_run"},
}};

// The columns of reload's and replay's rows, and of every push's (a sync), are named after
// their operation.
std::array<std::pair<StatusColumn, const char *>, 5> columnNames() {
    return {{
        {StatusColumn::Glustereventsd, "glustereventsd"},
        {StatusColumn::Sync, Operations::spec(Operation::Sync).name},
        {StatusColumn::Webhook, "webhook"},
        {StatusColumn::Replay, Operations::spec(Operation::Replay).name},
        {StatusColumn::Reload, Operations::spec(Operation::Reload).name},
    }};
}

template <typename Enum, size_t N>
QString nameOf(const std::array<std::pair<Enum, const char *>, N> &names, Enum value) {
    for (const auto &[candidate, name] : names) {
        if (candidate == value)
            return QLatin1String(name);
    }
    return {};
}

template <typename Enum, size_t N>
std::optional<Enum> valueOf(const std::array<std::pair<Enum, const char *>, N> &names,
                            const QString &name) {
    for (const auto &[candidate, text] : names) {
        if (name == QLatin1String(text))
            return candidate;
    }
    return std::nullopt;
}

} // namespace

namespace ClusterResultJson {

QJsonObject toJson(const ClusterResult &result) {
    QJsonArray rows;
    for (const NodeRow &row : result.rows.rows)
        rows.append(QJsonObject{{QStringLiteral("node"), row.node},
                                {QStringLiteral("node_up"), row.nodeUp},
                                {QStringLiteral("ok"), row.ok},
                                {QStringLiteral("error"), row.error},
                                {QStringLiteral("count"), row.count}});
    return {{QStringLiteral("refusal"), nameOf(kRefusals, result.refusal)},
            {QStringLiteral("error"), result.error},
            {QStringLiteral("column"), nameOf(columnNames(), result.rows.column)},
            {QStringLiteral("rows"), rows},
            {QStringLiteral("notes"), QJsonArray::fromStringList(result.notes)}};
}

Result<ClusterResult> fromJson(const QJsonObject &json) {
    using R = Result<ClusterResult>;
    const auto refusal = valueOf(kRefusals, json.value(QStringLiteral("refusal")).toString());
    const auto column = valueOf(columnNames(), json.value(QStringLiteral("column")).toString());
    if (!refusal || !column)
        return R::failure(QStringLiteral("the node answered with a result this program does not "
                                         "understand (a different version?)"));
    ClusterResult result;
    result.refusal = *refusal;
    result.error = json.value(QStringLiteral("error")).toString();
    result.rows.column = *column;
    for (const QJsonValue &value : json.value(QStringLiteral("rows")).toArray()) {
        const QJsonObject row = value.toObject();
        result.rows.rows.append(NodeRow{row.value(QStringLiteral("node")).toString(),
                                        row.value(QStringLiteral("node_up")).toBool(),
                                        row.value(QStringLiteral("ok")).toBool(),
                                        row.value(QStringLiteral("error")).toString(),
                                        row.value(QStringLiteral("count")).toInteger(-1),
                                        {}});
    }
    for (const QJsonValue &note : json.value(QStringLiteral("notes")).toArray())
        result.notes.append(note.toString());
    return result;
}

} // namespace ClusterResultJson

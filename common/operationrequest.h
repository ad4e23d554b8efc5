// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "operationtable.h"
#include "result.h"
#include "secretbox.h"

#include <QJsonObject>

#include <optional>

// A request to run an operation of the table in the daemon, on the GUI's behalf
// (POST /v1/run: {"op": name, argument key: value, ...}). The GUI builds it by argument and the
// daemon reads it back by the same table, each argument checked against its type, so neither
// side spells an operation or a key.
class OperationRequest {
public:
    explicit OperationRequest(Operation operation);

    Operation operation() const { return m_operation; }
    const OperationSpec &spec() const { return Operations::spec(m_operation); }

    // Sets an argument the operation takes; any other is a programming error.
    OperationRequest &set(Argument argument, const QJsonValue &value);
    // Where a Secret argument is sealed: the operation, the request's URL and the argument.
    SealPlace place(Argument argument) const;

    bool has(Argument argument) const;
    QString text(Argument argument) const; // "" when not given
    std::optional<QString> optionalText(Argument argument) const;
    qint64 integer(Argument argument) const; // its fallback when not given
    bool flag(Argument argument) const;      // false when not given
    // A sealed secret opened for its place; nothing when not given; an error naming the
    // argument when it does not open.
    Result<std::optional<QString>> secret(Argument argument, const SecretBox &box) const;

    QJsonObject toJson() const;
    // Refuses an unknown operation, one the daemon does not run, and an argument of the wrong
    // type or out of its range, naming it; keys the operation does not take are ignored.
    static Result<OperationRequest> fromJson(const QJsonObject &json);

private:
    Operation m_operation;
    QJsonObject m_arguments; // by argument key
};

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "operationrequest.h"

#include "jsoninteger.h"

#include <QJsonArray>

namespace {

const QString kOperationKey = QStringLiteral("op");

QString typeName(ArgumentType type) {
    switch (type) {
    case ArgumentType::Text:
    case ArgumentType::Secret:
        return QStringLiteral("a string");
    case ArgumentType::Integer:
        return QStringLiteral("a whole number");
    case ArgumentType::Flag:
        return QStringLiteral("true or false");
    case ArgumentType::Texts:
        return QStringLiteral("a list of strings");
    }
    return {};
}

bool hasType(const QJsonValue &value, ArgumentType type) {
    switch (type) {
    case ArgumentType::Text:
    case ArgumentType::Secret:
        return value.isString();
    case ArgumentType::Integer:
        return value.isDouble();
    case ArgumentType::Flag:
        return value.isBool();
    case ArgumentType::Texts: {
        if (!value.isArray())
            return false;
        const QJsonArray items = value.toArray();
        return std::all_of(items.begin(), items.end(),
                           [](const QJsonValue &item) { return item.isString(); });
    }
    }
    return false;
}

} // namespace

OperationRequest::OperationRequest(Operation operation)
    : m_operation(operation) {
}

OperationRequest &OperationRequest::set(Argument argument, const QJsonValue &value) {
    Q_ASSERT(spec().takes(argument));
    m_arguments.insert(Operations::key(argument), value);
    return *this;
}

SealPlace OperationRequest::place(Argument argument) const {
    return operationPlace(Operations::name(m_operation), text(Argument::Url),
                          Operations::argumentSpec(argument).key);
}

bool OperationRequest::has(Argument argument) const {
    const QJsonValue value = m_arguments.value(Operations::key(argument));
    return !value.isUndefined() && !value.isNull();
}

QString OperationRequest::text(Argument argument) const {
    return m_arguments.value(Operations::key(argument)).toString();
}

std::optional<QString> OperationRequest::optionalText(Argument argument) const {
    if (!has(argument))
        return std::nullopt;
    return text(argument);
}

qint64 OperationRequest::integer(Argument argument) const {
    if (!has(argument))
        return Operations::argumentSpec(argument).fallback;
    return qint64(m_arguments.value(Operations::key(argument)).toDouble());
}

bool OperationRequest::flag(Argument argument) const {
    return m_arguments.value(Operations::key(argument)).toBool();
}

Result<std::optional<QString>> OperationRequest::secret(Argument argument,
                                                        const SecretBox &box) const {
    if (!has(argument))
        return std::optional<QString>();
    const auto opened = box.open(text(argument), place(argument));
    if (!opened)
        return Result<std::optional<QString>>::failure(
            QStringLiteral("%1: %2").arg(Operations::key(argument), opened.error()));
    return std::optional<QString>(*opened);
}

QJsonObject OperationRequest::toJson() const {
    QJsonObject json = m_arguments;
    json.insert(kOperationKey, Operations::name(m_operation));
    return json;
}

Result<OperationRequest> OperationRequest::fromJson(const QJsonObject &json) {
    const QString name = json.value(kOperationKey).toString();
    const OperationSpec *spec = Operations::find(name);
    if (!spec || !spec->remote)
        return Result<OperationRequest>::failure(
            QStringLiteral("unknown operation '%1'").arg(name.left(40)));
    OperationRequest request(spec->operation);
    for (const Parameter &parameter : spec->parameters) {
        const ArgumentSpec &argument = Operations::argumentSpec(parameter.argument);
        const QString key = QLatin1String(argument.key);
        const QJsonValue value = json.value(key);
        if (value.isUndefined() || value.isNull() || request.m_arguments.contains(key))
            continue;
        if (argument.type == ArgumentType::Integer) {
            // Strictly: a fraction or a number out of range is refused, never converted.
            const auto number =
                JsonInteger::read(json, key, argument.minimum, argument.maximum, argument.fallback);
            if (!number)
                return Result<OperationRequest>::failure(number.error());
            request.m_arguments.insert(key, double(*number));
            continue;
        }
        if (!hasType(value, argument.type))
            return Result<OperationRequest>::failure(
                QStringLiteral("%1 must be %2").arg(key, typeName(argument.type)));
        request.m_arguments.insert(key, value);
    }
    return request;
}

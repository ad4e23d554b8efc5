// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include <QString>

#include <optional>
#include <utility>

// A value or the reason there is none. Errors stay values inside the code and become exit
// codes, HTTP statuses or log lines only at the edge.
template <typename T> class [[nodiscard]] Result {
public:
    // Implicit, so a function returns its value as it is; failures say failure().
    // NOLINTNEXTLINE(google-explicit-constructor)
    Result(T value)
        : m_value(std::move(value)) {}
    static Result failure(QString error) { return Result(std::nullopt, std::move(error)); }

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return *m_value; }
    T &value() & { return *m_value; }
    T &&value() && { return std::move(*m_value); }
    const T *operator->() const { return &*m_value; }
    const T &operator*() const { return *m_value; }
    const QString &error() const { return m_error; }

private:
    Result(std::optional<T> value, QString error)
        : m_value(std::move(value))
        , m_error(std::move(error)) {}

    std::optional<T> m_value;
    QString m_error;
};

// For operations that produce nothing but may fail.
class [[nodiscard]] Status {
public:
    static Status success() { return Status(QString(), true); }
    static Status failure(QString error) { return Status(std::move(error), false); }

    bool ok() const { return m_ok; }
    explicit operator bool() const { return m_ok; }
    const QString &error() const { return m_error; }

private:
    Status(QString error, bool ok)
        : m_error(std::move(error))
        , m_ok(ok) {}

    QString m_error;
    bool m_ok;
};

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "httpmessage.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace {

// True when the comma-separated token list `value` holds `token` (case-insensitive).
bool listContains(QByteArrayView value, QByteArrayView token) {
    qsizetype start = 0;
    while (start <= value.size()) {
        qsizetype end = value.indexOf(',', start);
        if (end < 0)
            end = value.size();
        if (value.sliced(start, end - start).trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
        start = end + 1;
    }
    return false;
}

} // namespace

QByteArray HttpRequest::header(QByteArrayView lowerCaseName) const {
    for (const auto &[name, value] : headers) {
        if (name == lowerCaseName)
            return value;
    }
    return QByteArray();
}

bool HttpRequest::wantsKeepAlive() const {
    bool close = false;
    bool keepAlive = false;
    for (const auto &[name, value] : headers) {
        if (name != "connection")
            continue;
        close = close || listContains(value, "close");
        keepAlive = keepAlive || listContains(value, "keep-alive");
    }
    if (close)
        return false;
    return version == "HTTP/1.1" || keepAlive;
}

HttpResponse HttpResponse::json(int status, const QJsonObject &object) {
    HttpResponse response;
    response.status = status;
    response.headers.append(
        {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
    response.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return response;
}

HttpResponse HttpResponse::error(int status, const QString &message) {
    return json(status, QJsonObject{{QStringLiteral("error"), message}});
}

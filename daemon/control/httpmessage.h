// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>

class QJsonObject;

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

// One parsed request, as the control server hands it to its handler.
struct HttpRequest {
    QByteArray method;
    QByteArray path;     // the request-target up to '?', still percent-encoded
    QByteArray query;    // after '?', without it; empty when there is none
    QByteArray version;  // "HTTP/1.0" or "HTTP/1.1"
    HttpHeaders headers; // names lower-cased, values without surrounding whitespace
    QByteArray body;
    QHostAddress peer; // IPv4 clients as plain IPv4, also on a dual-stack listener

    // The first header of that name, or empty.
    QByteArray header(QByteArrayView lowerCaseName) const;
    // Whether the client lets the connection stay open after the response (RFC 9112 §9.3).
    bool wantsKeepAlive() const;
};

struct HttpResponse {
    int status = 200;
    HttpHeaders headers; // Content-Length, Transfer-Encoding and Connection are set by the server
    QByteArray body;

    // Compact JSON with Content-Type: application/json.
    static HttpResponse json(int status, const QJsonObject &object);
    // {"error": message}
    static HttpResponse error(int status, const QString &message);
};

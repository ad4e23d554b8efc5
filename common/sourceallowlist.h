// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "result.h"

#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>

struct sockaddr;

// The config setting event_sources: which addresses may send events. Empty (the default, as
// the original) allows every source; otherwise a datagram is taken only from an address or
// subnet on the list ("10.0.0.5, 10.0.1.0/24, fd00::/8"). IPv4-mapped IPv6 sources match
// their IPv4 entries. Addresses only: a name would need a DNS lookup per datagram.
class SourceAllowList {
public:
    SourceAllowList() = default;

    // Entries separated by commas or white space; an error names the first bad entry.
    static Result<SourceAllowList> parse(const QString &text);

    bool allowsAll() const { return m_subnets.isEmpty(); }
    bool allows(const QHostAddress &source) const;
    // The same check on a datagram's source as recvmmsg gives it, without building a
    // QHostAddress for IPv4 sources (the common case, on the ingest hot path).
    bool allows(const sockaddr *source) const;

    // The canonical text: entries as parsed, ", "-separated; empty when all are allowed.
    QString text() const;

private:
    struct V4Subnet {
        quint32 network;
        quint32 mask;
    };
    QList<QPair<QHostAddress, int>> m_subnets;
    QList<V4Subnet> m_v4; // the IPv4 entries again, as masks
};

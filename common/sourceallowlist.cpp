// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "sourceallowlist.h"

#include <QRegularExpression>

#include <netinet/in.h>
#include <sys/socket.h>

namespace {

quint32 maskOf(int prefixLength) {
    return prefixLength == 0 ? 0 : ~quint32(0) << (32 - prefixLength);
}

// An IPv4 address as a plain IPv4 QHostAddress, also when it came IPv4-mapped.
QHostAddress unmapped(const QHostAddress &address) {
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : address;
}

} // namespace

Result<SourceAllowList> SourceAllowList::parse(const QString &text) {
    using R = Result<SourceAllowList>;
    SourceAllowList list;
    static const QRegularExpression kSeparators(QStringLiteral("[,\\s]+"));
    const QStringList entries = text.split(kSeparators, Qt::SkipEmptyParts);
    for (const QString &entry : entries) {
        QPair<QHostAddress, int> subnet;
        if (entry.contains(u'/')) {
            subnet = QHostAddress::parseSubnet(entry);
        } else {
            const QHostAddress address(entry);
            subnet = {address, address.protocol() == QAbstractSocket::IPv4Protocol ? 32 : 128};
        }
        if (subnet.first.isNull() || subnet.second < 0)
            return R::failure(
                QStringLiteral("\"%1\" is not an IP address or subnet (such as 10.0.0.5 or "
                               "10.0.1.0/24)")
                    .arg(entry.left(64)));
        if (const QHostAddress v4 = unmapped(subnet.first); v4 != subnet.first) {
            // ::ffff:10.0.1.0/120 is 10.0.1.0/24.
            subnet = {v4, std::max(0, subnet.second - 96)};
        }
        if (subnet.first.protocol() == QAbstractSocket::IPv4Protocol) {
            const quint32 mask = maskOf(subnet.second);
            list.m_v4.append({subnet.first.toIPv4Address() & mask, mask});
        }
        list.m_subnets.append(subnet);
    }
    return list;
}

bool SourceAllowList::allows(const QHostAddress &source) const {
    if (allowsAll())
        return true;
    const QHostAddress address = unmapped(source);
    for (const auto &subnet : m_subnets) {
        if (address.isInSubnet(subnet))
            return true;
    }
    return false;
}

bool SourceAllowList::allows(const sockaddr *source) const {
    if (allowsAll())
        return true;
    if (source->sa_family == AF_INET) {
        const quint32 address =
            ntohl(reinterpret_cast<const sockaddr_in *>(source)->sin_addr.s_addr);
        for (const V4Subnet &subnet : m_v4) {
            if ((address & subnet.mask) == subnet.network)
                return true;
        }
        return false;
    }
    return allows(QHostAddress(source));
}

QString SourceAllowList::text() const {
    QStringList entries;
    for (const auto &[address, length] : m_subnets) {
        const int full = address.protocol() == QAbstractSocket::IPv4Protocol ? 32 : 128;
        entries.append(length == full ? address.toString()
                                      : address.toString() + u'/' + QString::number(length));
    }
    return entries.join(QStringLiteral(", "));
}

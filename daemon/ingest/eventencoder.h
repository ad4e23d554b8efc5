// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>
#include <vector>

// Turns a datagram into what ingest queues: the event's type and timestamp, and the JSON body
// every webhook gets (docs/contract.md). Most datagrams are plain ASCII with string details; those
// are written into the body straight from the datagram's bytes, at about a tenth of the
// instructions of parsing into a QJsonObject and encoding that (decision 010). Everything else
// (non-ASCII text, ssh-port numbers, VOLUME_SET options, and every malformed datagram, whose
// rejection the full way words, details over DatagramParser::kMaxMessageBytes too) goes through
// DatagramParser and Payload; fuzz_datagram checks that both ways give the same bytes. One per
// ingest thread: it keeps its buffers between datagrams.
class EventEncoder {
public:
    struct Encoded {
        QString type;
        qint64 timestamp = 0;
        QByteArray body;
    };

    explicit EventEncoder(const QString &nodeId);

    Result<Encoded> encode(QByteArrayView datagram);
    // The fast way alone; nullopt where it leaves the datagram to the full way.
    std::optional<Encoded> encodePlain(QByteArrayView datagram);

private:
    struct Detail {
        QByteArrayView key;
        QByteArrayView value; // as written: a string, or a boolean attribute's raw value
        enum class Kind : char { String, True, False } kind;
    };

    bool collectDetails(QByteArrayView details);
    char *writeDetails(char *out) const;

    QString m_nodeId;
    QByteArray m_quotedNodeId;
    QByteArray m_scratch;          // the body being written; copied out at its exact size
    std::vector<Detail> m_details; // reused: no allocation per datagram once grown
    qsizetype m_detailsBound = 0;  // the most the details can take in the body
};

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "clustercontext.h"
#include "controlclient.h"

#include <QEventLoop>
#include <QObject>

#include <cstdio>

// gluster-eventsapi events: follows the live events of this node (or of every node) through
// their control API's long poll and prints each one as it arrives, until interrupted. The one
// command that streams; the others print once, at the end.
//
// A table row per event (time, event, node id, message), or with --json one JSON object per
// line ({"node", "id", "received_ms", "event": the webhook body}). A node that stops answering
// is said once on stderr and tried again every few seconds; events a node dropped from its feed
// before they were read (it keeps the newest 10,000) are counted on stderr.
class EventTail : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventTail)

public:
    EventTail(const ClusterContext &context, QNetworkAccessManager &network, bool json, FILE *out,
              FILE *err);

    // Follows `nodes` until interrupted. Returns 1 (after saying why) only when no node could
    // be reached at the start.
    int run(const QList<NodeAddress> &nodes);

private:
    struct Source {
        NodeAddress address;
        quint64 after = 0;
        bool started = false;   // has a cursor: the first answer gives "now"
        bool contacted = false; // its first answer (or failure) has been counted
        bool failing = false;
    };
    static constexpr int kWaitMs = 20'000;
    static constexpr int kRetryMs = 3'000;

    void poll(int index);
    void answered(int index, const ControlReply &reply);
    void print(const Source &source, const QJsonObject &event);
    void firstContactMade(bool reached, const QString &error);

    ControlClient m_client;
    bool m_json;
    FILE *m_out;
    FILE *m_err;
    QList<Source> m_sources;
    QEventLoop m_loop;
    int m_waitingForFirstContact = 0;
    int m_reached = 0;
    QStringList m_firstErrors;
};

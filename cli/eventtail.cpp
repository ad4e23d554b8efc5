// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "eventtail.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

namespace {

// The first poll asks from "as far as the node has got", which the daemon clamps to its newest
// event: the tail shows what arrives from now on.
constexpr double kFromNow = 4503599627370496.0; // 2^52, exact in JSON

QString column(const QString &text, int width) {
    return text.leftJustified(width);
}

} // namespace

EventTail::EventTail(const ClusterContext &context, QNetworkAccessManager &network, bool json,
                     FILE *out, FILE *err)
    : m_client(network, context.clusterKey, kWaitMs + 15'000)
    , m_json(json)
    , m_out(out)
    , m_err(err) {
}

int EventTail::run(const QList<NodeAddress> &nodes) {
    for (const NodeAddress &node : nodes)
        m_sources.append(Source{node});
    m_waitingForFirstContact = int(m_sources.size());
    for (int i = 0; i < m_sources.size(); ++i)
        poll(i);
    return m_loop.exec();
}

void EventTail::poll(int index) {
    const Source &source = m_sources.at(index);
    const QJsonObject body{
        {QStringLiteral("after"), source.started ? double(source.after) : kFromNow},
        {QStringLiteral("wait_ms"), source.started ? kWaitMs : 0},
        {QStringLiteral("max"), 1000}};
    m_client.send(source.address, "POST", QStringLiteral("/v1/events"), body,
                  [this, index](const ControlReply &reply) { answered(index, reply); });
}

void EventTail::answered(int index, const ControlReply &reply) {
    Source &source = m_sources[index];
    const QString where = QStringLiteral("%1:%2").arg(source.address.host).arg(source.address.port);
    if (reply.outcome != ControlReply::Outcome::Ok) {
        if (!source.contacted) {
            source.contacted = true;
            firstContactMade(false, QStringLiteral("%1: %2").arg(where, reply.error));
            if (m_reached == 0 && m_waitingForFirstContact == 0)
                return;
        } else if (!source.failing) {
            std::fprintf(
                m_err, "%s\n",
                qUtf8Printable(QCoreApplication::translate("cli", "%1: %2; trying again every %3 s")
                                   .arg(where, reply.error)
                                   .arg(kRetryMs / 1000)));
            std::fflush(m_err);
        }
        source.failing = true;
        QTimer::singleShot(kRetryMs, this, [this, index] { poll(index); });
        return;
    }
    if (source.failing && source.started) {
        std::fprintf(
            m_err, "%s\n",
            qUtf8Printable(QCoreApplication::translate("cli", "%1: answering again").arg(where)));
        std::fflush(m_err);
    }
    source.failing = false;
    const bool first = !source.started;
    source.started = true;
    // toInteger(): a number out of range from a node becomes 0, where a cast would be undefined.
    source.after =
        quint64(std::max<qint64>(0, reply.body.value(QStringLiteral("next")).toInteger()));
    if (first) {
        if (!source.contacted) {
            source.contacted = true;
            firstContactMade(true, QString());
        }
    } else {
        const qint64 missed = reply.body.value(QStringLiteral("missed")).toInteger();
        if (missed > 0) {
            std::fprintf(m_err, "%s\n",
                         qUtf8Printable(QCoreApplication::translate(
                                            "cli", "%1: %2 events passed before they could be "
                                                   "shown")
                                            .arg(where)
                                            .arg(missed)));
            std::fflush(m_err);
        }
        for (const QJsonValue &event : reply.body.value(QStringLiteral("events")).toArray())
            print(source, event.toObject());
    }
    poll(index);
}

void EventTail::firstContactMade(bool reached, const QString &error) {
    --m_waitingForFirstContact;
    if (reached && ++m_reached == 1 && !m_json) {
        // The header once some node answers: a tail that cannot start prints only why.
        std::fprintf(m_out, "%s\n",
                     qUtf8Printable(column(QStringLiteral("TIME"), 19) + u"  " +
                                    column(QStringLiteral("EVENT"), 24) + u"  " +
                                    column(QStringLiteral("NODE ID"), 36) + u"  " +
                                    QStringLiteral("MESSAGE")));
        std::fflush(m_out);
    }
    if (!reached)
        m_firstErrors.append(error);
    if (m_waitingForFirstContact > 0)
        return;
    if (m_reached == 0) {
        std::fprintf(m_err, "%s\n",
                     qUtf8Printable(QCoreApplication::translate("cli", "cannot follow events: %1")
                                        .arg(m_firstErrors.join(QStringLiteral("; ")))));
        m_loop.exit(1);
        return;
    }
    for (const QString &line : std::as_const(m_firstErrors))
        std::fprintf(m_err, "%s\n",
                     qUtf8Printable(QCoreApplication::translate("cli", "%1; trying again every "
                                                                       "%2 s")
                                        .arg(line)
                                        .arg(kRetryMs / 1000)));
    std::fflush(m_err);
}

void EventTail::print(const Source &source, const QJsonObject &event) {
    const QJsonObject body =
        QJsonDocument::fromJson(event.value(QStringLiteral("body")).toString().toUtf8()).object();
    if (m_json) {
        const QJsonObject line{
            {QStringLiteral("node"),
             QStringLiteral("%1:%2").arg(source.address.host).arg(source.address.port)},
            {QStringLiteral("id"), event.value(QStringLiteral("id"))},
            {QStringLiteral("received_ms"), event.value(QStringLiteral("received_ms"))},
            {QStringLiteral("event"), body}};
        std::fprintf(m_out, "%s\n", QJsonDocument(line).toJson(QJsonDocument::Compact).constData());
    } else {
        const QString time =
            QDateTime::fromMSecsSinceEpoch(event.value(QStringLiteral("received_ms")).toInteger())
                .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        const QString message =
            QString::fromUtf8(QJsonDocument(body.value(QStringLiteral("message")).toObject())
                                  .toJson(QJsonDocument::Compact));
        std::fprintf(m_out, "%s\n",
                     qUtf8Printable(column(time, 19) + u"  " +
                                    column(body.value(QStringLiteral("event")).toString(), 24) +
                                    u"  " +
                                    column(body.value(QStringLiteral("nodeid")).toString(), 36) +
                                    u"  " + message));
    }
    // Line by line, so that a pipe (grep, a log file) sees each event as it comes.
    std::fflush(m_out);
}

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "spoolshedder.h"

#include "logsink.h"

SpoolShedder::SpoolShedder(Spool spool, ShedBacklogs shedBacklogs, qint64 limitBytes)
    : m_spool(std::move(spool))
    , m_shedBacklogs(std::move(shedBacklogs))
    , m_limit(limitBytes) {
}

bool SpoolShedder::full() const {
    if (m_spool.pendingBytes() >= m_limit)
        return true;
    // On disk: full when the history and dead letters are gone and undelivered events fill the
    // budget; not while a shed made for it is still on its way to the disk.
    const SpoolBudget::State disk = m_spool.diskBudget();
    return disk.full && disk.generation >= m_diskReliefGeneration;
}

void SpoolShedder::relieve() {
    const qint64 limit = m_limit;
    QStringList shed;
    if (m_spool.pendingBytes() >= limit) {
        shed = m_shedBacklogs(limit);
    } else {
        // The disk budget is full of undelivered events (they take more room on disk than their
        // bodies): one backlog, that of the webhook furthest behind, goes. The spool writer then
        // evicts it as history, and its dead letters if it must.
        shed = m_shedBacklogs(m_spool.pendingBytes());
        if (!shed.isEmpty())
            m_diskReliefGeneration = m_spool.handedOver();
    }
    for (const QString &line : shed)
        qCCritical(lcDaemon).noquote()
            << QStringLiteral("spool full (spool_limit_mb %1): dead-lettered the backlog of "
                              "%2; replay URL --dead sends it again")
                   .arg(limit / (1024 * 1024))
                   .arg(line);
    m_backlogsShed += shed.size();
}

bool SpoolShedder::admit(std::size_t events) {
    if (full())
        relieve();
    // Only when nothing could be given up (no webhook behind) are new events refused.
    if (full()) {
        m_eventsDropped += events;
        if (!m_wasFull)
            qCCritical(lcDaemon).noquote()
                << QStringLiteral("spool full: %1 MiB of events wait for webhooks, %2 MiB "
                                  "on disk (spool_limit_mb %3); new events are DROPPED until "
                                  "they are delivered or the limit is raised")
                       .arg(m_spool.pendingBytes() / (1024 * 1024))
                       .arg(m_spool.diskBudget().usedBytes / (1024 * 1024))
                       .arg(m_limit / (1024 * 1024));
        m_wasFull = true;
        return false;
    }
    if (m_wasFull) {
        qCWarning(lcDaemon).noquote()
            << QStringLiteral("spool below its limit again; %1 events were dropped while it was "
                              "full")
                   .arg(m_eventsDropped);
        m_wasFull = false;
    }
    return true;
}

QString SpoolShedder::warning() const {
    if (full())
        return QStringLiteral("spool full, new events dropped (%1 so far)").arg(m_eventsDropped);
    const SpoolBudget::State disk = m_spool.diskBudget();
    QStringList done;
    if (m_backlogsShed > 0)
        done.append(QStringLiteral("%1 webhook backlogs dead-lettered").arg(m_backlogsShed));
    if (disk.historyEvicted > 0)
        done.append(QStringLiteral("%1 history rows evicted").arg(disk.historyEvicted));
    if (disk.deadLettersEvicted > 0)
        done.append(QStringLiteral("%1 dead letters evicted").arg(disk.deadLettersEvicted));
    if (done.isEmpty())
        return {};
    return QStringLiteral("spool limit reached: %1, see the log").arg(done.join(u", "));
}

QJsonObject SpoolShedder::status() const {
    const SpoolBudget::State disk = m_spool.diskBudget();
    return {{QStringLiteral("disk_bytes"), disk.usedBytes},
            {QStringLiteral("limit_bytes"), m_limit},
            {QStringLiteral("history_evicted"), qint64(disk.historyEvicted)},
            {QStringLiteral("dead_letters_evicted"), qint64(disk.deadLettersEvicted)},
            {QStringLiteral("backlogs_shed"), qint64(m_backlogsShed)},
            {QStringLiteral("events_dropped"), qint64(m_eventsDropped)}};
}

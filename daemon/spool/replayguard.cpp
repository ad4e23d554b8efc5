// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "replayguard.h"

#include "logsink.h"
#include "spoolshedder.h"
#include "sqlitespool.h"

ReplayGuard::ReplayGuard(SqliteSpool &spool, const SpoolShedder &shedder)
    : m_spool(spool)
    , m_shedder(shedder) {
}

Result<int> ReplayGuard::replay(const WebhookMap &webhooks, const QString &url, qint64 sinceMs,
                                bool dead, const QByteArray &eventId) {
    const auto webhook = webhooks.constFind(url);
    if (webhook == webhooks.constEnd())
        return Result<int>::failure(
            QStringLiteral("webhook %1 is not registered on this node").arg(url));
    if (!webhook->disabledReason().isEmpty())
        return Result<int>::failure(
            QStringLiteral("webhook %1 is disabled (%2); webhook-mod re-enables it")
                .arg(url, webhook->disabledReason()));
    if (m_shedder.full())
        return Result<int>::failure(QStringLiteral("the spool is full"));
    bool partial = false;
    const auto replayed = m_spool.replay(url, sinceMs, dead, eventId, m_shedder.limit(), &partial);
    if (partial)
        qCWarning(lcDaemon).noquote()
            << QStringLiteral("replay to %1 stopped at the spool limit (spool_limit_mb); "
                              "replay again once it is delivered")
                   .arg(url);
    if (replayed && *replayed > 0)
        qCInfo(lcDaemon).noquote() << QStringLiteral("replaying %1 %2events to %3")
                                          .arg(*replayed)
                                          .arg(dead ? QStringLiteral("dead-lettered ") : QString())
                                          .arg(url);
    return replayed;
}

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "result.h"
#include "webhook.h"

#include <QByteArray>
#include <QString>

class SpoolShedder;
class SqliteSpool;

// What stands between `replay` and the spool. A replay queues events again for one webhook, so
// it is refused for a webhook this node does not deliver to (not registered here, or disabled:
// nobody would take the events), and while the spool is full (they would only push other
// webhooks' events out). It stops at the spool limit, so that replaying a long history cannot
// fill the spool by itself; the log says so, and replaying again later sends the rest.
class ReplayGuard {
public:
    ReplayGuard(SqliteSpool &spool, const SpoolShedder &shedder);

    // Queues again, for `url` only, the events since `sinceMs` (with `dead`: its dead letters),
    // or the one with `eventId` (SqliteSpool::replay); how many, or why none. The caller wakes
    // delivery when it is more than none.
    Result<int> replay(const WebhookMap &webhooks, const QString &url, qint64 sinceMs, bool dead,
                       const QByteArray &eventId);

private:
    SqliteSpool &m_spool;
    const SpoolShedder &m_shedder;
};

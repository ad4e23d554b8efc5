// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "benchplan.h"

QString DeliveryRun::key() const {
    return QStringLiteral("delivery_%1_%2")
        .arg(webhooks)
        .arg(strict() ? QStringLiteral("strict") : QStringLiteral("parallel"));
}

QString DeliveryRun::name() const {
    return QStringLiteral("%1 webhook%2, %3")
        .arg(webhooks)
        .arg(webhooks > 1 ? QStringLiteral("s") : QString())
        .arg(strict() ? QStringLiteral("strict") : QStringLiteral("parallel %1").arg(parallel));
}

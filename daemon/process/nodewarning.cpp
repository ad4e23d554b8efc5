// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "nodewarning.h"

namespace NodeWarning {

QString join(const QStringList &parts) {
    QStringList present;
    for (const QString &part : parts) {
        if (!part.isEmpty())
            present.append(part);
    }
    return present.join(QStringLiteral("; "));
}

} // namespace NodeWarning

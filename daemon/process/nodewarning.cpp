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

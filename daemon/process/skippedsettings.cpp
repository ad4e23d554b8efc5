// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "skippedsettings.h"

#include <QFileInfo>

QList<SettingsProblem> SkippedSettings::replace(Source source,
                                                const QList<SettingsProblem> &problems) {
    QList<SettingsProblem> &current = source == Source::Config ? m_config : m_webhooks;
    QList<SettingsProblem> fresh;
    for (const SettingsProblem &problem : problems) {
        if (!current.contains(problem))
            fresh.append(problem);
    }
    current = problems;
    return fresh;
}

QString SkippedSettings::summary() const {
    // One count per file, in the order the files were read.
    QStringList files;
    QList<int> counts;
    QList<SettingsProblem::Kind> kinds;
    for (const QList<SettingsProblem> *list : {&m_webhooks, &m_config}) {
        for (const SettingsProblem &problem : *list) {
            const QString name = QFileInfo(problem.file).fileName();
            const qsizetype at = files.indexOf(name);
            if (at >= 0) {
                ++counts[at];
                continue;
            }
            files.append(name);
            counts.append(1);
            kinds.append(problem.kind);
        }
    }
    if (files.isEmpty())
        return {};
    QStringList parts;
    for (qsizetype i = 0; i < files.size(); ++i) {
        const bool entry = kinds[i] == SettingsProblem::Kind::WebhookEntry;
        const QString noun =
            entry ? (counts[i] == 1 ? QStringLiteral("entry") : QStringLiteral("entries"))
                  : (counts[i] == 1 ? QStringLiteral("setting") : QStringLiteral("settings"));
        parts.append(QStringLiteral("%1: %2 %3 skipped").arg(files[i]).arg(counts[i]).arg(noun));
    }
    return parts.join(QStringLiteral(", ")) + QStringLiteral(": see the log");
}

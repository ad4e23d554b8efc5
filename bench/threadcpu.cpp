// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "threadcpu.h"

#include <QDir>
#include <QFile>
#include <QList>

#include <algorithm>
#include <unistd.h>

double cpuSecondsOfStat(const QByteArray &statText) {
    // Fields after the command name, which sits in parentheses and may hold spaces.
    const QList<QByteArray> fields = statText.mid(statText.lastIndexOf(')') + 2).split(' ');
    if (fields.size() <= 13)
        return 0;
    return (fields[11].toDouble() + fields[12].toDouble()) / double(sysconf(_SC_CLK_TCK));
}

QMap<QString, double> readThreadCpu(qint64 pid) {
    QMap<QString, double> threads;
    const QString taskDir = QStringLiteral("/proc/%1/task").arg(pid);
    for (const QString &tid : QDir(taskDir).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile stat(taskDir + QLatin1Char('/') + tid + QStringLiteral("/stat"));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray text = stat.readAll();
        const qsizetype open = text.indexOf('(');
        const qsizetype close = text.lastIndexOf(')');
        if (open < 0 || close < open)
            continue;
        const QString name = QString::fromUtf8(text.mid(open + 1, close - open - 1));
        threads.insert(name + QLatin1Char('/') + tid, cpuSecondsOfStat(text));
    }
    return threads;
}

QString cpuPerThread(const QMap<QString, double> &before, const QMap<QString, double> &after,
                     double events) {
    QList<std::pair<double, QString>> threads;
    for (auto it = after.cbegin(); it != after.cend(); ++it) {
        const double us = (it.value() - before.value(it.key())) * 1e6 / events;
        if (us >= 0.5)
            threads.append({us, it.key().section(QLatin1Char('/'), 0, 0)});
    }
    std::sort(threads.begin(), threads.end(), std::greater<>());
    QStringList parts;
    for (const auto &[us, name] : threads)
        parts.append(QStringLiteral("%1 %2").arg(name).arg(us, 0, 'f', 1));
    return parts.join(QStringLiteral(", "));
}

StealReading readSteal() {
    QFile stat(QStringLiteral("/proc/stat"));
    StealReading reading;
    if (!stat.open(QIODevice::ReadOnly))
        return reading;
    // "cpu  user nice system idle iowait irq softirq steal ...", in clock ticks.
    const QList<QByteArray> fields = stat.readLine().simplified().split(' ');
    for (qsizetype i = 1; i < fields.size(); ++i) {
        const double ticks = fields.at(i).toDouble();
        if (i <= 8)
            reading.total += ticks;
        if (i == 8)
            reading.steal = ticks;
    }
    return reading;
}

double stealPercent(const StealReading &before, const StealReading &after) {
    const double total = after.total - before.total;
    return total > 0 ? 100.0 * (after.steal - before.steal) / total : 0;
}

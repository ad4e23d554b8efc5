// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once
// CPU time per thread of a process, read from /proc: shows which thread an added cost lands on
// (the daemon's and the bare loop's main and HTTP threads are compared in events_bench).
#include <QByteArray>
#include <QMap>
#include <QString>

// CPU seconds (user + system) in the text of a /proc/.../stat file (a process's or a thread's);
// 0 if it cannot be read.
double cpuSecondsOfStat(const QByteArray &statText);

// CPU seconds (user + system) of each thread of process `pid`, keyed "name/tid".
QMap<QString, double> readThreadCpu(qint64 pid);

// The CPU each thread spent between two readings, per event, largest first:
// "QNetworkAccessM 197.8, glustereventsd 141.8". Thread ids are left out.
QString cpuPerThread(const QMap<QString, double> &before, const QMap<QString, double> &after,
                     double events);

// The share of the machine's CPU time the hypervisor took (steal) between two readings of
// /proc/stat, in percent: a virtual machine's neighbours show up here, not in our figures.
struct StealReading {
    double steal = 0;
    double total = 0;
};
StealReading readSteal();
double stealPercent(const StealReading &before, const StealReading &after);

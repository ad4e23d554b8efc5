// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once
// What a bench_many_webhooks run was asked to measure. Its judging holds the run to it: every
// target of a part asked for is judged, and MISSED where a round left no figure.
#include <QList>
#include <QString>

struct ManyWebhooksPlan {
    int few = 10; // the count the many are held to
    int many = 100;
    int rounds = 3;
    bool startup = false;    // start-up time and resident memory of idle webhooks
    bool throughput = false; // a backlog drained to `few`, then to `many` webhooks
    bool isolation = false;  // healthy webhooks' p99 with some receivers down for an hour
    qint64 events = 10'000;  // the backlog drained
    int rate = 40;           // events/s in the isolation windows (see manywebhooks.cpp)
    int windowSeconds = 30;
    // The outage: receivers of these webhooks (indexes into the many) refuse connections or
    // take them and never answer, with an hour's events queued for them at `rate`, each retried
    // once per `retryCeilingSeconds` by the time the window begins.
    QList<int> refuse{0};
    QList<int> hang{5, 7};
    int retryCeilingSeconds = 10;

    QList<int> down() const { return refuse + hang; }
    qint64 hourOfEvents() const { return qint64(rate) * 3'600; }
    QString fewKey() const { return QStringLiteral("webhooks_%1").arg(few); }
    QString manyKey() const { return QStringLiteral("webhooks_%1").arg(many); }
};

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once
// Whether every event a run expected reached every webhook exactly once, from what bench_sink
// recorded. Events are told apart by their webhook-id header, "<prefix>-<seq>": a daemon's ids
// carry its random prefix and its own sequence number (1 for the first event it takes in), the
// bare loop's are "loop-1", "loop-2", ... A retry carries the same id, so a second arrival of
// an id is a duplicate and never stands in for an event that did not arrive.
#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

// One id as bench_sink saw it on one of its ports.
struct Receipt {
    int webhook = 0;       // the receiver port it came to, from 0
    QByteArray id;         // the webhook-id header; empty when the request had none
    qint64 times = 0;      // how many requests carried it
    qint64 latencyUs = -1; // send to first arrival, when the request carried sent_us
};

// Which of the events sent one webhook is to get: one in `every`, the first at `offset`
// (events counted from 0 in the order sent), as a filter on types sent in turn takes them.
// `every` 0: none, for a webhook whose receiver is down on purpose.
struct EventShare {
    int every = 1;
    int offset = 0;

    bool takes(qint64 index) const;
    // How many of `events` events it takes.
    qint64 countOf(qint64 events) const;
};

// The events a run sent: seqs firstSeq .. firstSeq + count - 1, each to every webhook unless
// `shares` says which ones a webhook gets.
struct ExpectedIds {
    int webhooks = 1;
    qint64 firstSeq = 1;
    qint64 count = 0;
    QHash<int, EventShare> shares = {}; // by webhook; a webhook not named gets every event
};

struct DeliveryCount {
    qint64 expected = 0;   // events times webhooks
    qint64 once = 0;       // of those, how many arrived
    qint64 lost = 0;       // expected, never arrived
    qint64 duplicates = 0; // arrivals of an expected id after its first
    qint64 unexpected = 0; // arrivals of other ids: another prefix, a seq out of range, no id

    // Every expected event arrived once and nothing else did; never true of an empty run.
    bool exactlyOnce() const;
    // "3 lost, 1 duplicate", or "nothing was expected"; empty when exactly once.
    QString problem() const;
};

// The run's prefix is the one most receipts within the expected range carry; a daemon that
// restarted, or a leftover sender, shows up as unexpected ids, and so does an event that
// reached a webhook whose share leaves it out (a filter that let it through).
DeliveryCount countDeliveries(const QList<Receipt> &receipts, const ExpectedIds &expected);

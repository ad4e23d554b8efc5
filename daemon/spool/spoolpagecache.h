// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "queuedevent.h"
#include "result.h"
#include "spooleventreader.h"

#include <functional>
#include <map>

// Pages of the backlog read back from the spool database, kept while they are likely to be read
// again: a strict webhook reads its backlog one event at a time, and webhooks at similar
// positions read the same events, so one query serves a page of reads. Pages hold committed
// events only (which never change) and never overlap; each covers a range of seqs whole, so a
// seq missing from a page has no row. Bounded by what the pages hold (bodies and ids plus a
// per-event estimate of the rest); the page read longest ago goes first.
class SpoolPageCache {
public:
    struct Limits {
        int pageEvents = 256;
        qint64 pageBytes = 256 * 1024;
        qint64 cacheBytes = 4 * 1024 * 1024;
    };
    // Where pages come from (SpoolEventReader in the daemon).
    struct Source {
        std::function<Result<QueuedEventBatch>(quint64 after, quint64 upTo, int maxEvents,
                                               qint64 maxBytes)>
            read;
        std::function<Result<SpoolEventReader::Totals>(quint64 after, quint64 upTo)> totals;
    };
    // What an event held in memory is reckoned to cost beyond its body and id: the QueuedEvent,
    // its allocations' headers, its type's share.
    static constexpr qint64 kEventOverhead = 160;
    // And a page beyond its events: so that pages of a range with no rows are bounded too.
    static constexpr qint64 kPageOverhead = 256;
    static qint64 costOf(const QueuedEvent &event) {
        return event.body.size() + event.id.size() + kEventOverhead;
    }

    SpoolPageCache(Limits limits, Source source);

    // Appends to `out` the events with `after` < seq <= `upTo`, oldest first, until `out` holds
    // `max`. Every event up to `upTo` must be committed. On a failed read, `out` keeps what came
    // before it (still in order, none skipped).
    Status read(quint64 after, quint64 upTo, qsizetype max, QueuedEventBatch *out);
    // How many events have `after` < seq <= `upTo` and what their bodies weigh: from the pages
    // that hold them, from the database for the rest.
    Result<SpoolEventReader::Totals> totals(quint64 after, quint64 upTo);
    // Events up to `seq` will not be read again.
    void forgetUpTo(quint64 seq);

    qsizetype events() const { return m_events; }
    qint64 cost() const { return m_cost; }

private:
    struct Page {
        quint64 last = 0;        // it covers from its key to here
        QueuedEventBatch events; // every committed event in that range, in seq order
        qint64 cost = 0;
        quint64 usedAt = 0; // m_tick when last read
    };
    using Pages = std::map<quint64, Page>; // by the first seq covered

    // The page covering `seq`, read from the source if none does; end() on a failed read.
    Result<Pages::iterator> pageFor(quint64 seq, quint64 upTo);
    void evictFor(Pages::const_iterator keep);
    void erase(Pages::iterator page);

    Limits m_limits;
    Source m_source;
    Pages m_pages;
    qsizetype m_events = 0;
    qint64 m_cost = 0;
    quint64 m_tick = 0;
};

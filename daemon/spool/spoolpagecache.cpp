// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "spoolpagecache.h"

#include <algorithm>

namespace {

bool seqBefore(const QueuedEvent &event, quint64 seq) {
    return event.seq < seq;
}

} // namespace

SpoolPageCache::SpoolPageCache(Limits limits, Source source)
    : m_limits(limits)
    , m_source(std::move(source)) {
}

Result<SpoolPageCache::Pages::iterator> SpoolPageCache::pageFor(quint64 seq, quint64 upTo) {
    using R = Result<Pages::iterator>;
    auto next = m_pages.upper_bound(seq);
    if (next != m_pages.begin()) {
        auto covering = std::prev(next);
        if (seq <= covering->second.last)
            return covering;
    }
    // A new page stops where the next one begins: pages never overlap.
    const quint64 last = next == m_pages.end() ? upTo : std::min(upTo, next->first - 1);
    auto read = m_source.read(seq - 1, last, m_limits.pageEvents, m_limits.pageBytes);
    if (!read)
        return R::failure(read.error());
    Page page;
    page.events = std::move(read).value();
    page.cost = kPageOverhead;
    qint64 bytes = 0;
    for (const QueuedEvent &event : page.events) {
        page.cost += costOf(event);
        bytes += event.body.size();
    }
    // Cut short by a limit, it covers up to its last event; else the whole range asked for.
    const bool cut = qsizetype(page.events.size()) >= m_limits.pageEvents ||
                     (!page.events.empty() && bytes >= m_limits.pageBytes);
    page.last = cut ? page.events.back().seq : last;
    m_events += qsizetype(page.events.size());
    m_cost += page.cost;
    return m_pages.emplace_hint(next, seq, std::move(page));
}

Status SpoolPageCache::read(quint64 after, quint64 upTo, qsizetype max, QueuedEventBatch *out) {
    quint64 seq = after + 1;
    while (seq <= upTo && qsizetype(out->size()) < max) {
        auto page = pageFor(seq, upTo);
        if (!page)
            return Status::failure(page.error());
        Page &found = (*page)->second;
        found.usedAt = ++m_tick;
        auto event = std::lower_bound(found.events.cbegin(), found.events.cend(), seq, seqBefore);
        for (; event != found.events.cend() && event->seq <= upTo && qsizetype(out->size()) < max;
             ++event)
            out->push_back(*event);
        seq = found.last + 1;
        evictFor(*page);
    }
    return Status::success();
}

Result<SpoolEventReader::Totals> SpoolPageCache::totals(quint64 after, quint64 upTo) {
    using R = Result<SpoolEventReader::Totals>;
    SpoolEventReader::Totals totals;
    quint64 seq = after + 1;
    while (seq <= upTo) {
        auto next = m_pages.upper_bound(seq);
        if (next != m_pages.begin() && seq <= std::prev(next)->second.last) {
            const Page &page = std::prev(next)->second;
            auto event = std::lower_bound(page.events.cbegin(), page.events.cend(), seq, seqBefore);
            for (; event != page.events.cend() && event->seq <= upTo; ++event) {
                ++totals.events;
                totals.bytes += event->body.size();
            }
            seq = page.last + 1;
            continue;
        }
        // A gap between pages: one query for all of it.
        const quint64 last = next == m_pages.end() ? upTo : std::min(upTo, next->first - 1);
        const auto fromDisk = m_source.totals(seq - 1, last);
        if (!fromDisk)
            return R::failure(fromDisk.error());
        totals.events += fromDisk->events;
        totals.bytes += fromDisk->bytes;
        seq = last + 1;
    }
    return totals;
}

void SpoolPageCache::forgetUpTo(quint64 seq) {
    while (!m_pages.empty() && m_pages.begin()->second.last <= seq)
        erase(m_pages.begin());
}

void SpoolPageCache::evictFor(Pages::const_iterator keep) {
    while (m_cost > m_limits.cacheBytes && m_pages.size() > 1) {
        auto oldest = m_pages.end();
        for (auto page = m_pages.begin(); page != m_pages.end(); ++page) {
            if (page != keep &&
                (oldest == m_pages.end() || page->second.usedAt < oldest->second.usedAt))
                oldest = page;
        }
        erase(oldest);
    }
}

void SpoolPageCache::erase(Pages::iterator page) {
    m_events -= qsizetype(page->second.events.size());
    m_cost -= page->second.cost;
    m_pages.erase(page);
}

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// The page cache in front of the spool's backlog, on a made-up database: one query serves a
// page of reads, pages cover seqs without rows, readers far apart share a bounded budget, and
// totals add what the pages hold to what only the database has.
#include "spoolpagecache.h"

#include <QTest>

#include <map>

namespace {

// Events with every seq from 1 to `last` except those in `missing`, with bodies of `bodySize`.
class FakeSpool {
public:
    FakeSpool(quint64 last, QList<quint64> missing, int bodySize = 10) {
        for (quint64 seq = 1; seq <= last; ++seq) {
            if (missing.contains(seq))
                continue;
            QueuedEvent event;
            event.seq = seq;
            event.id = "x-" + QByteArray::number(seq);
            event.body = QByteArray(bodySize, 'b');
            m_rows.emplace(seq, event);
        }
    }

    SpoolPageCache::Source source() {
        return {[this](quint64 after, quint64 upTo, int maxEvents, qint64 maxBytes) {
                    ++reads;
                    QueuedEventBatch events;
                    qint64 bytes = 0;
                    for (auto row = m_rows.upper_bound(after);
                         row != m_rows.end() && row->first <= upTo &&
                         qsizetype(events.size()) < maxEvents && bytes < maxBytes;
                         ++row) {
                        events.push_back(row->second);
                        bytes += row->second.body.size();
                    }
                    return Result<QueuedEventBatch>(events);
                },
                [this](quint64 after, quint64 upTo) {
                    ++counts;
                    SpoolEventReader::Totals totals;
                    for (auto row = m_rows.upper_bound(after);
                         row != m_rows.end() && row->first <= upTo; ++row) {
                        ++totals.events;
                        totals.bytes += row->second.body.size();
                    }
                    return Result<SpoolEventReader::Totals>(totals);
                }};
    }

    int reads = 0;
    int counts = 0;

private:
    std::map<quint64, QueuedEvent> m_rows;
};

SpoolPageCache::Limits limits(int pageEvents, qint64 cacheBytes) {
    SpoolPageCache::Limits limits;
    limits.pageEvents = pageEvents;
    limits.pageBytes = 1024 * 1024;
    limits.cacheBytes = cacheBytes;
    return limits;
}

} // namespace

class TestSpoolPageCache : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void oneQueryServesAPageOfReads();
    void seqsWithoutRowsAreCoveredToo();
    void pagesStopWhereTheNextBegins();
    void readersFarApartStayWithinTheBudget();
    void pageStopsAtItsByteLimit();
    void totalsAddPagesAndDisk();
    void forgottenPagesLeave();
};

void TestSpoolPageCache::oneQueryServesAPageOfReads() {
    FakeSpool spool(1'000, {});
    SpoolPageCache cache(limits(64, 1024 * 1024), spool.source());
    for (quint64 after = 0; after < 64; ++after) {
        QueuedEventBatch out;
        QVERIFY(cache.read(after, 1'000, 1, &out).ok());
        QCOMPARE(out.size(), size_t(1));
        QCOMPARE(out.front().seq, after + 1);
    }
    QCOMPARE(spool.reads, 1);
    QCOMPARE(cache.events(), 64);
}

void TestSpoolPageCache::seqsWithoutRowsAreCoveredToo() {
    FakeSpool spool(100, {3, 4, 5, 50});
    SpoolPageCache cache(limits(10, 1024 * 1024), spool.source());
    QueuedEventBatch out;
    QVERIFY(cache.read(0, 100, 1'000, &out).ok());
    QCOMPARE(out.size(), size_t(96));
    for (size_t i = 1; i < out.size(); ++i)
        QVERIFY(out[i].seq > out[i - 1].seq);
    const int reads = spool.reads;
    out.clear();
    QVERIFY(cache.read(2, 100, 1, &out).ok()); // 3 has no row: 6 is next, from the cache
    QCOMPARE(out.front().seq, quint64(6));
    QCOMPARE(spool.reads, reads);
}

void TestSpoolPageCache::pagesStopWhereTheNextBegins() {
    FakeSpool spool(100, {});
    SpoolPageCache cache(limits(20, 1024 * 1024), spool.source());
    QueuedEventBatch out;
    QVERIFY(cache.read(10, 100, 1, &out).ok()); // a page 11..30
    out.clear();
    QVERIFY(cache.read(0, 100, 30, &out).ok()); // 1..10, then the page already there
    QCOMPARE(out.size(), size_t(30));
    for (size_t i = 0; i < out.size(); ++i)
        QCOMPARE(out[i].seq, quint64(i + 1));
    QCOMPARE(spool.reads, 2);
    QCOMPARE(cache.events(), 30); // no event twice
}

void TestSpoolPageCache::readersFarApartStayWithinTheBudget() {
    FakeSpool spool(10'000, {});
    const qint64 pageCost = 16 * (10 + 6 + SpoolPageCache::kEventOverhead);
    const qint64 budget = 4 * pageCost;
    SpoolPageCache cache(limits(16, budget), spool.source());
    for (quint64 reader = 0; reader < 40; ++reader) {
        QueuedEventBatch out;
        QVERIFY(cache.read(reader * 200, 10'000, 3, &out).ok());
        QCOMPARE(out.front().seq, reader * 200 + 1);
        QVERIFY2(cache.cost() <= budget + pageCost + SpoolPageCache::kPageOverhead * 5,
                 qPrintable(QString::number(cache.cost())));
    }
    // The page read last stays; one read long ago does not.
    const int reads = spool.reads;
    QueuedEventBatch out;
    QVERIFY(cache.read(39 * 200 + 3, 10'000, 1, &out).ok());
    QCOMPARE(spool.reads, reads);
    out.clear();
    QVERIFY(cache.read(0, 10'000, 1, &out).ok());
    QCOMPARE(spool.reads, reads + 1);
}

void TestSpoolPageCache::pageStopsAtItsByteLimit() {
    FakeSpool spool(100, {}, 1'000);
    SpoolPageCache::Limits small = limits(64, 1024 * 1024);
    small.pageBytes = 3'000;
    SpoolPageCache cache(small, spool.source());
    QueuedEventBatch out;
    QVERIFY(cache.read(0, 100, 10, &out).ok());
    QCOMPARE(out.size(), size_t(10));
    QCOMPARE(out.back().seq, quint64(10));
    QCOMPARE(spool.reads, 4); // three events a page
}

void TestSpoolPageCache::totalsAddPagesAndDisk() {
    FakeSpool spool(1'000, {500});
    SpoolPageCache cache(limits(100, 1024 * 1024), spool.source());
    QueuedEventBatch out;
    QVERIFY(cache.read(200, 1'000, 1, &out).ok()); // a page 201..300
    const auto some = cache.totals(250, 260);
    QVERIFY(some.ok());
    QCOMPARE(some->events, qint64(10));
    QCOMPARE(some->bytes, qint64(100));
    QCOMPARE(spool.counts, 0); // all in the page
    const auto all = cache.totals(0, 1'000);
    QVERIFY(all.ok());
    QCOMPARE(all->events, qint64(999));
    QCOMPARE(all->bytes, qint64(9'990));
    QCOMPARE(spool.counts, 2); // before the page and after it
}

void TestSpoolPageCache::forgottenPagesLeave() {
    FakeSpool spool(1'000, {});
    SpoolPageCache cache(limits(100, 1024 * 1024), spool.source());
    QueuedEventBatch out;
    QVERIFY(cache.read(0, 1'000, 250, &out).ok()); // pages 1..100, 101..200, 201..300
    QCOMPARE(cache.events(), 300);
    cache.forgetUpTo(150); // the second page is still being read
    QCOMPARE(cache.events(), 200);
    cache.forgetUpTo(300);
    QCOMPARE(cache.events(), 0);
    QCOMPARE(cache.cost(), qint64(0));
}

QTEST_GUILESS_MAIN(TestSpoolPageCache)
#include "tst_spoolpagecache.moc"

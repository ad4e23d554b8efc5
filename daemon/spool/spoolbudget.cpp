// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "spoolbudget.h"

#include "logsink.h"

#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <cmath>
#include <vector>

namespace {

// Eviction frees down to 7/8 of the limit, so it comes in batches, not at every commit.
constexpr qint64 kHeadroomDivisor = 8;
// One log line per kind of eviction per minute at most: a flood must not fill the log instead.
constexpr qint64 kLogIntervalMs = 60'000;
// A round deletes at least this share of a kind's rows, doubled each further round, so that
// a few range deletes reach the target whatever share of the database the kind holds.
constexpr double kFirstFraction = 1.0 / 32;
// SQLite's default page size, which the spool keeps; only for sizing the WAL.
constexpr qint64 kPageSize = 4096;

} // namespace

SpoolBudget::SpoolBudget(qint64 limitBytes)
    : m_limit(limitBytes) {
}

SpoolBudget::~SpoolBudget() = default;

SpoolBudget::State SpoolBudget::state() const {
    State state;
    state.usedBytes = m_used.load();
    state.limitBytes = m_limit.load();
    state.historyEvicted = m_historyEvicted.load();
    state.deadLettersEvicted = m_deadLettersEvicted.load();
    // A raised limit takes effect at once, not only after the next commit.
    state.full = m_nothingLeft.load() && state.usedBytes > state.limitBytes;
    state.generation = m_generation.load();
    return state;
}

void SpoolBudget::close() {
    m_measure.reset();
}

std::optional<qint64> SpoolBudget::measure(QSqlDatabase &db) {
    // Pages in use, not the file size: freed pages stay in the file and are reused, so the file
    // stops growing once the pages in use stay within the budget.
    if (!m_measure) {
        m_measure = std::make_unique<QSqlQuery>(db);
        if (!m_measure->prepare(QStringLiteral(
                "SELECT (p.page_count - f.freelist_count) * s.page_size FROM pragma_page_count() "
                "p, pragma_freelist_count() f, pragma_page_size() s"))) {
            m_measure.reset();
            return std::nullopt;
        }
    }
    if (!m_measure->exec() || !m_measure->next())
        return std::nullopt;
    const qint64 used = m_measure->value(0).toLongLong();
    m_measure->finish();
    return used;
}

void SpoolBudget::sizeWal(QSqlDatabase &db, qint64 limit) {
    if (m_walSizedFor == limit)
        return;
    m_walSizedFor = limit;
    // The WAL is on the disk too: checkpointed once it holds 1/16 of the budget (at least 64
    // pages, at most SQLite's default of 1,000) and cut back to that size after a checkpoint.
    const qint64 pages = std::clamp<qint64>(limit / 16 / kPageSize, 64, 1000);
    QSqlQuery query(db);
    query.exec(QStringLiteral("PRAGMA wal_autocheckpoint=%1").arg(pages));
    query.exec(QStringLiteral("PRAGMA journal_size_limit=%1").arg(pages * kPageSize));
}

Result<qint64> SpoolBudget::evictOldest(QSqlDatabase &db, Kind kind, double fraction,
                                        quint64 deliveredUpTo) {
    // Keys grow with time in every table (seq, attempt id, the dead letter's rowid), so the
    // oldest rows are a key range: found and deleted through the primary key, no scan.
    struct Range {
        const char *table;
        const char *key;
        std::optional<qint64> upTo; // events past it are still to be delivered: never evicted
    };
    const Range events{"events", "seq", qint64(deliveredUpTo)};
    const Range attempts{"attempts", "id", std::nullopt};
    const Range deadLetters{"dead_letters", "rowid", std::nullopt};
    const std::vector<const Range *> ranges = kind == Kind::History
                                                  ? std::vector<const Range *>{&events, &attempts}
                                                  : std::vector<const Range *>{&deadLetters};
    qint64 deleted = 0;
    QSqlQuery query(db);
    for (const Range *range : ranges) {
        const QString table = QLatin1String(range->table);
        const QString key = QLatin1String(range->key);
        // Two subqueries: SQLite answers MIN and MAX from the key only when each stands alone.
        if (!query.exec(QStringLiteral("SELECT (SELECT MIN(%2) FROM %1), (SELECT MAX(%2) FROM %1)")
                            .arg(table, key)) ||
            !query.next())
            return Result<qint64>::failure(query.lastError().text());
        if (query.value(0).isNull())
            continue;
        const qint64 first = query.value(0).toLongLong();
        const qint64 last = std::min(query.value(1).toLongLong(), range->upTo.value_or(INT64_MAX));
        query.finish();
        if (last < first)
            continue;
        const auto span = double(last - first + 1);
        const qint64 cut =
            std::min(last, first + std::max<qint64>(1, qint64(std::ceil(span * fraction))) - 1);
        query.prepare(QStringLiteral("DELETE FROM %1 WHERE %2 <= ?").arg(table, key));
        query.addBindValue(cut);
        if (!query.exec())
            return Result<qint64>::failure(query.lastError().text());
        deleted += query.numRowsAffected();
    }
    return deleted;
}

Status SpoolBudget::evict(QSqlDatabase &db, qint64 limit, quint64 deliveredUpTo, bool historyKnown,
                          qint64 *used, std::array<quint64, 2> *evicted) {
    const qint64 target = limit - limit / kHeadroomDivisor;
    // History first, then dead letters; each oldest first.
    for (const Kind kind : {Kind::History, Kind::DeadLetters}) {
        if (kind == Kind::DeadLetters && !historyKnown)
            break;
        double fraction = std::max(kFirstFraction, double(*used - target) / double(*used));
        while (*used > target) {
            const auto gone = evictOldest(db, kind, fraction, deliveredUpTo);
            if (!gone)
                return Status::failure(gone.error());
            if (*gone == 0)
                break;
            (*evicted)[size_t(kind)] += quint64(*gone);
            const auto measured = measure(db);
            if (!measured)
                return Status::failure(QStringLiteral("cannot read the spool's size"));
            *used = *measured;
            fraction = std::min(1.0, fraction * 2);
        }
    }
    return Status::success();
}

void SpoolBudget::enforce(QSqlDatabase &db, quint64 deliveredUpTo, quint64 generation,
                          bool historyKnown) {
    const qint64 limit = m_limit.load();
    sizeWal(db, limit);
    auto used = measure(db);
    if (used && *used > limit) {
        std::array<quint64, 2> evicted{};
        Status done = db.transaction()
                          ? evict(db, limit, deliveredUpTo, historyKnown, &*used, &evicted)
                          : Status::failure(db.lastError().text());
        if (done && !db.commit())
            done = Status::failure(db.lastError().text());
        if (!done) {
            db.rollback();
            used = measure(db);
            if (!m_failureLogged.isValid() || m_failureLogged.elapsed() >= kLogIntervalMs) {
                m_failureLogged.start();
                qCWarning(lcDaemon).noquote()
                    << QStringLiteral("cannot keep the spool within spool_limit_mb: %1")
                           .arg(done.error());
            }
        } else {
            m_historyEvicted += evicted[size_t(Kind::History)];
            m_deadLettersEvicted += evicted[size_t(Kind::DeadLetters)];
            logEvicted(Kind::History, evicted[size_t(Kind::History)], limit);
            logEvicted(Kind::DeadLetters, evicted[size_t(Kind::DeadLetters)], limit);
        }
    }
    if (used) {
        m_used = *used;
        if (historyKnown || *used <= limit)
            m_nothingLeft = *used > limit;
    }
    m_generation = generation;
}

void SpoolBudget::logEvicted(Kind kind, quint64 rows, qint64 limit) {
    Unlogged &unlogged = m_unlogged[size_t(kind)];
    unlogged.rows += rows;
    if (unlogged.rows == 0 ||
        (unlogged.since.isValid() && unlogged.since.elapsed() < kLogIntervalMs))
        return;
    const QString what =
        kind == Kind::History
            ? QStringLiteral("%1 history rows (delivered events and attempts); `deliveries` and "
                             "`replay` reach back less than history_hours")
            : QStringLiteral("%1 dead letters; they can no longer be replayed");
    qCWarning(lcDaemon).noquote()
        << QStringLiteral("spool at its limit (spool_limit_mb %1): evicted the oldest %2")
               .arg(limit / (1024 * 1024))
               .arg(what.arg(unlogged.rows));
    unlogged.since.start();
    unlogged.rows = 0;
}

#include "sqlitespool.h"

#include "spoolwriter.h"

Result<std::unique_ptr<SqliteSpool>> SqliteSpool::open(const QString &path, QByteArray idPrefix) {
    SpoolWriter::Contents contents;
    auto writer = SpoolWriter::open(path, &contents);
    if (!writer)
        return Result<std::unique_ptr<SqliteSpool>>::failure(writer.error());
    std::unique_ptr<SqliteSpool> spool(
        new SqliteSpool(std::move(idPrefix), std::move(writer).value()));
    spool->m_memory.restore(std::move(contents.events), contents.positions, contents.lastSeq);
    return Result<std::unique_ptr<SqliteSpool>>(std::move(spool));
}

SqliteSpool::SqliteSpool(QByteArray idPrefix, std::unique_ptr<SpoolWriter> writer)
    : m_memory(std::move(idPrefix))
    , m_writer(std::move(writer)) {
}

SqliteSpool::~SqliteSpool() = default; // the writer commits what is pending before it stops

void SqliteSpool::append(QueuedEventBatch &events) {
    m_memory.append(events);
    // With no consumer nobody wants the events: only the seq counter is kept.
    if (m_memory.consumers().isEmpty()) {
        m_writer->insert({}, m_memory.lastSeq());
        return;
    }
    m_writer->insert(events, m_memory.lastSeq());
}

QueuedEventBatch SqliteSpool::readAfter(quint64 position, int max) const {
    return m_memory.readAfter(position, max);
}

void SqliteSpool::addConsumer(const QString &consumer, quint64 position) {
    m_memory.addConsumer(consumer, position);
    m_writer->setPosition(consumer, position);
}

void SqliteSpool::removeConsumer(const QString &consumer) {
    m_memory.removeConsumer(consumer);
    m_writer->removeConsumer(consumer);
    forgetDelivered();
}

quint64 SqliteSpool::position(const QString &consumer) const {
    return m_memory.position(consumer);
}

bool SqliteSpool::hasConsumer(const QString &consumer) const {
    return m_memory.hasConsumer(consumer);
}

QStringList SqliteSpool::consumers() const {
    return m_memory.consumers();
}

void SqliteSpool::acknowledge(const QString &consumer, quint64 seq) {
    const quint64 before = m_memory.position(consumer);
    m_memory.acknowledge(consumer, seq);
    if (m_memory.position(consumer) != before)
        m_writer->setPosition(consumer, m_memory.position(consumer));
    forgetDelivered();
}

void SqliteSpool::forgetDelivered() {
    const quint64 delivered = m_memory.deliveredToAll();
    if (delivered > m_forgotten) {
        m_forgotten = delivered;
        m_writer->forgetUpTo(delivered);
    }
}

bool SqliteSpool::flush(std::chrono::milliseconds timeout) {
    return m_writer->flush(timeout);
}

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "fakesocket.h"

#include <QHostAddress>

#include <algorithm>
#include <cstring>

namespace {

constexpr qsizetype kHeadBytes = 16;

} // namespace

FakeSocket::FakeSocket() {
    setSocketState(QAbstractSocket::ConnectedState);
    setOpenMode(QIODevice::ReadWrite);
    setPeerAddress(QHostAddress(QHostAddress::LocalHost));
    setPeerPort(40'000);
}

FakeSocket::~FakeSocket() {
    // Before QAbstractSocket's destructor, which would call the base close() on a half-gone
    // object.
    close();
}

void FakeSocket::deliver(const QByteArray &bytes) {
    if (state() != QAbstractSocket::ConnectedState || bytes.isEmpty())
        return;
    m_incoming += bytes;
    Q_EMIT readyRead();
}

void FakeSocket::pump() {
    if (state() == QAbstractSocket::ConnectedState && !m_incoming.isEmpty())
        Q_EMIT readyRead();
}

qint64 FakeSocket::consume(qint64 bytes) {
    const qint64 taken = std::min(bytes, unsent());
    if (taken <= 0)
        return 0;
    if (m_receivedHead.size() < kHeadBytes)
        m_receivedHead += m_unsent.mid(m_unsentFrom, kHeadBytes - m_receivedHead.size());
    // Moved down only once half is read: reads of a few bytes from megabytes stay cheap.
    m_unsentFrom += taken;
    if (m_unsentFrom > m_unsent.size() / 2) {
        m_unsent.remove(0, m_unsentFrom);
        m_unsentFrom = 0;
    }
    m_received += taken;
    Q_EMIT bytesWritten(taken);
    return taken;
}

void FakeSocket::hangUp() {
    close();
}

qint64 FakeSocket::bytesAvailable() const {
    const qint64 limit = readBufferSize() > 0 ? readBufferSize() : m_incoming.size();
    return std::min(qint64(m_incoming.size()), limit) + QIODevice::bytesAvailable();
}

qint64 FakeSocket::bytesToWrite() const {
    return unsent();
}

void FakeSocket::close() {
    if (state() == QAbstractSocket::UnconnectedState)
        return;
    setSocketState(QAbstractSocket::UnconnectedState);
    m_incoming.clear();
    m_unsent.clear();
    m_unsentFrom = 0;
    QIODevice::close();
    Q_EMIT disconnected();
}

qint64 FakeSocket::readData(char *data, qint64 maxSize) {
    const qint64 limit = readBufferSize() > 0 ? readBufferSize() : m_incoming.size();
    const qint64 count = std::min({maxSize, qint64(m_incoming.size()), limit});
    if (count <= 0)
        return state() == QAbstractSocket::ConnectedState ? 0 : -1;
    std::memcpy(data, m_incoming.constData(), size_t(count));
    m_incoming.remove(0, count);
    return count;
}

qint64 FakeSocket::writeData(const char *data, qint64 size) {
    if (state() != QAbstractSocket::ConnectedState)
        return -1;
    m_unsent.append(data, size);
    m_largestUnsent = std::max(m_largestUnsent, unsent());
    return size;
}

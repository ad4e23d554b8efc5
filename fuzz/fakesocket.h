// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include <QByteArray>
#include <QTcpSocket>

// A connected TCP socket that lives in memory, for driving HttpConnection without the kernel.
// The fuzz target plays the client: deliver() is what the client sent (readyRead follows),
// consume() what it read of the answers (bytesWritten follows), hangUp() its going away.
// Unread answers pile up in unsent(), as in a socket whose peer stops reading. At most
// readBufferSize() bytes are available at a time, as in a real socket, where TCP holds back
// the rest; pump() offers the rest later.
class FakeSocket : public QTcpSocket {
    Q_DISABLE_COPY_MOVE(FakeSocket)

public:
    FakeSocket();
    ~FakeSocket() override;

    void deliver(const QByteArray &bytes);
    // Emits readyRead again when bytes wait beyond what was available.
    void pump();
    // The client reads up to `bytes` of the answers; returns how many.
    qint64 consume(qint64 bytes);
    void hangUp();

    qint64 unsent() const { return m_unsent.size() - m_unsentFrom; }
    qint64 received() const { return m_received; }
    // The first bytes the client read, to check they begin a response.
    const QByteArray &receivedHead() const { return m_receivedHead; }
    qint64 largestUnsent() const { return m_largestUnsent; }

    qint64 bytesAvailable() const override;
    qint64 bytesToWrite() const override;
    void close() override;

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 size) override;

private:
    QByteArray m_incoming; // sent by the client, not yet read by the server
    QByteArray m_unsent;   // written by the server; read by the client up to m_unsentFrom
    qsizetype m_unsentFrom = 0;
    QByteArray m_receivedHead;
    qint64 m_received = 0;
    qint64 m_largestUnsent = 0;
};

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// The daemon's log file: every line stands on its own (time, level, category in front), also
// when one message carries several lines, as a batch of published events does; nothing a
// sender wrote reaches it raw; it is private to its group, follows logrotate and never blocks.
#include "logsink.h"
#include "testfiles.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

namespace {

// Sets the process umask for the life of the object.
class ScopedUmask {
public:
    explicit ScopedUmask(mode_t mask)
        : m_previous(::umask(mask)) {}
    ~ScopedUmask() { ::umask(m_previous); }
    ScopedUmask(const ScopedUmask &) = delete;
    ScopedUmask &operator=(const ScopedUmask &) = delete;

private:
    mode_t m_previous;
};

} // namespace

class TestLogSink : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyLineOfAMessageGetsThePrefix();
    void escapesControlsAndBidiInEveryLine();
    void createsTheFileMode0640WhateverTheUmask();
    void tightensALooserExistingFileOnce();
    void reopensTheFileWhenItWasMoved();
    void dropsAndCountsWritesAFullDiskRefuses();
};

void TestLogSink::everyLineOfAMessageGetsThePrefix() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("events.log"));
    {
        LogSink sink;
        QVERIFY(sink.open(path).ok());
        sink.install();
        LogSink::applyLevel(QStringLiteral("INFO"), false);
        qCInfo(lcPublished).noquote() << QStringLiteral("EVENT a-1 {\"n\":1}\nEVENT a-2 {\"n\":2}");
        qCWarning(lcDaemon).noquote() << QStringLiteral("one line");
    }
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines.size(), 4); // three lines and the empty rest after the last newline
    QVERIFY(lines.at(3).isEmpty());
    const QRegularExpression prefix(
        QStringLiteral("^\\[\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\] "));
    QVERIFY2(prefix.match(QString::fromUtf8(lines.at(0))).hasMatch(), lines.at(0).constData());
    QVERIFY(lines.at(0).endsWith("INFO [events.published] EVENT a-1 {\"n\":1}"));
    QVERIFY2(prefix.match(QString::fromUtf8(lines.at(1))).hasMatch(), lines.at(1).constData());
    QVERIFY(lines.at(1).endsWith("INFO [events.published] EVENT a-2 {\"n\":2}"));
    QVERIFY(lines.at(2).endsWith("WARNING [events.daemon] one line"));
}

void TestLogSink::escapesControlsAndBidiInEveryLine() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("events.log"));
    {
        LogSink sink;
        QVERIFY(sink.open(path).ok());
        sink.install();
        LogSink::applyLevel(QStringLiteral("INFO"), false);
        // A terminal title, a carriage return hiding what came before, DEL, a C1 NEL, the
        // bidi override, an isolate and the line separator; and a message of two lines.
        qCWarning(lcIngest).noquote()
            << QString::fromUtf8("bad '1\x1b]0;pwned\x07' \rhidden\x7f \xc2\x85 \xe2\x80\xae"
                                 "fdp.exe \xe2\x81\xa6 \xe2\x80\xa8 tab\there");
        qCInfo(lcPublished).noquote() << QString::fromUtf8("EVENT a-1 {\"k\":\"\xe2\x80\xae"
                                                           "x\"}\nEVENT a-2 {}");
    }
    const QByteArray log = readFile(path);
    for (const char c : log)
        QVERIFY2(static_cast<unsigned char>(c) >= 0x20 || c == '\n', log.constData());
    for (const QByteArray &raw :
         {QByteArray("\x7f"), QByteArray("\xc2\x85"), QByteArray("\xe2\x80\xae"),
          QByteArray("\xe2\x81\xa6"), QByteArray("\xe2\x80\xa8")})
        QVERIFY2(!log.contains(raw), log.constData());
    QVERIFY2(log.contains(R"(bad '1\x1b]0;pwned\x07' \x0dhidden\u007f \u0085 \u202efdp.exe )"
                          R"(\u2066 \u2028 tab\x09here)"),
             log.constData());
    // A logged body stays valid JSON with the same meaning; the message keeps its two lines.
    QVERIFY2(log.contains(R"(] EVENT a-1 {"k":"\u202ex"})"), log.constData());
    QCOMPARE(log.count('\n'), 3);
}

void TestLogSink::createsTheFileMode0640WhateverTheUmask() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("events.log"));
    for (const mode_t mask : {mode_t(077), mode_t(0)}) {
        QFile::remove(path);
        const ScopedUmask umask(mask);
        LogSink sink;
        QVERIFY(sink.open(path).ok());
        QCOMPARE(modeOf(path), 0640);
    }
}

void TestLogSink::tightensALooserExistingFileOnce() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("events.log"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("old line\n");
    }
    QVERIFY(::chmod(QFile::encodeName(path).constData(), 0666) == 0);
    {
        LogSink sink;
        QVERIFY(sink.open(path).ok());
        sink.install();
        QCOMPARE(modeOf(path), 0640);
        qCWarning(lcDaemon).noquote() << QStringLiteral("first");
        QVERIFY(sink.reopen().ok()); // already tight: nothing more to say
        qCWarning(lcDaemon).noquote() << QStringLiteral("second");
    }
    const QByteArray log = readFile(path);
    QVERIFY2(log.startsWith("old line\n"), log.constData());
    QCOMPARE(log.count("was mode 666; now 640"), 1);
    QVERIFY(log.indexOf("was mode 666") < log.indexOf("first"));
    // A stricter file is left as it is.
    QVERIFY(::chmod(QFile::encodeName(path).constData(), 0600) == 0);
    {
        LogSink sink;
        QVERIFY(sink.open(path).ok());
    }
    QCOMPARE(modeOf(path), 0600);
}

void TestLogSink::reopensTheFileWhenItWasMoved() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("events.log"));
    const QString rotated = dir.filePath(QStringLiteral("events.log.1"));
    LogSink sink;
    QVERIFY(sink.open(path).ok());
    sink.install();
    qCWarning(lcDaemon).noquote() << QStringLiteral("before the move");
    QVERIFY(QFile::rename(path, rotated));
    // Checked at most once a second: log until a line lands at the path again, bounded.
    QDeadlineTimer patience(30'000);
    int written = 0;
    while (!readFile(path).contains("after the move") && !patience.hasExpired()) {
        qCWarning(lcDaemon).noquote() << QStringLiteral("after the move %1").arg(++written);
        QTest::qWait(50);
    }
    const QByteArray log = readFile(path);
    QVERIFY2(log.contains("after the move"), qPrintable(QString::number(written)));
    QVERIFY2(log.contains("was moved or deleted; reopened it"), log.constData());
    QVERIFY(readFile(rotated).contains("before the move"));
    QCOMPARE(modeOf(path), 0640);

    // Deleted outright: the same.
    QVERIFY(QFile::remove(path));
    patience = QDeadlineTimer(30'000);
    while (!readFile(path).contains("after the removal") && !patience.hasExpired()) {
        qCWarning(lcDaemon).noquote() << QStringLiteral("after the removal");
        QTest::qWait(50);
    }
    QVERIFY(readFile(path).contains("after the removal"));
}

void TestLogSink::dropsAndCountsWritesAFullDiskRefuses() {
    // /dev/full fails every write with ENOSPC, as a full log partition does.
    if (!QFile::exists(QStringLiteral("/dev/full")))
        QSKIP("no /dev/full");
    LogSink sink;
    QVERIFY(sink.open(QStringLiteral("/dev/full")).ok());
    sink.install();
    for (int i = 0; i < 100; ++i)
        qCWarning(lcDaemon).noquote() << QStringLiteral("line %1").arg(i);
    QCOMPARE(sink.failedWrites(), quint64(100));
}

QTEST_GUILESS_MAIN(TestLogSink)
#include "tst_logsink.moc"

// The daemon's log file: every line stands on its own (time, level, category in front), also
// when one message carries several lines, as a batch of published events does.
#include "logsink.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

class TestLogSink : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyLineOfAMessageGetsThePrefix();
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

QTEST_GUILESS_MAIN(TestLogSink)
#include "tst_logsink.moc"

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "filelock.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <thread>

using namespace std::chrono_literals;

class TestFileLock : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void acquireCreatesLockFileAndDirectory();
    void secondAcquireTimesOutWhileFirstIsHeld();
    void acquireSucceedsAfterRelease();
    void acquireWaitsForALockReleasedMeanwhile();
    void zeroTimeoutTriesOnce();
    void acquireFailsWhereNoFileCanBe();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_lock;
};

void TestFileLock::init() {
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_lock = m_dir->filePath(QStringLiteral("workdir/events/.lock"));
}

void TestFileLock::acquireCreatesLockFileAndDirectory() {
    QVERIFY(!QFileInfo::exists(QFileInfo(m_lock).absolutePath()));
    const auto lock = FileLock::acquire(m_lock, 100ms);
    QVERIFY2(lock.ok(), qPrintable(lock.error()));
    QVERIFY(lock.value() != nullptr);
    QVERIFY(QFileInfo(m_lock).isFile());
}

void TestFileLock::secondAcquireTimesOutWhileFirstIsHeld() {
    const auto first = FileLock::acquire(m_lock, 100ms);
    QVERIFY2(first.ok(), qPrintable(first.error()));

    // flock locks belong to the open file description, so a second open in this process conflicts.
    QElapsedTimer timer;
    timer.start();
    const auto second = FileLock::acquire(m_lock, 30ms);
    const qint64 waited = timer.elapsed();
    QVERIFY(!second.ok());
    QVERIFY2(second.error().contains(m_lock), qPrintable(second.error()));
    QVERIFY2(waited >= 25, qPrintable(QString::number(waited)));
    QVERIFY2(waited < 2000, qPrintable(QString::number(waited)));
}

void TestFileLock::acquireSucceedsAfterRelease() {
    auto first = FileLock::acquire(m_lock, 100ms);
    QVERIFY2(first.ok(), qPrintable(first.error()));
    QVERIFY(!FileLock::acquire(m_lock, 0ms).ok());

    first.value().reset();
    const auto second = FileLock::acquire(m_lock, 0ms);
    QVERIFY2(second.ok(), qPrintable(second.error()));
    // The lock file stays: removing it would let two processes lock two different files.
    QVERIFY(QFileInfo(m_lock).isFile());
}

void TestFileLock::acquireWaitsForALockReleasedMeanwhile() {
    auto first = FileLock::acquire(m_lock, 100ms);
    QVERIFY2(first.ok(), qPrintable(first.error()));
    std::unique_ptr<FileLock> held = std::move(first).value();

    std::thread releaser([&held] {
        std::this_thread::sleep_for(10ms);
        held.reset();
    });
    QElapsedTimer timer;
    timer.start();
    const auto second = FileLock::acquire(m_lock, 5s);
    const qint64 waited = timer.elapsed();
    releaser.join();
    QVERIFY2(second.ok(), qPrintable(second.error()));
    QVERIFY2(waited < 2000, qPrintable(QString::number(waited)));
}

void TestFileLock::zeroTimeoutTriesOnce() {
    const auto free = FileLock::acquire(m_lock, 0ms);
    QVERIFY2(free.ok(), qPrintable(free.error()));
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!FileLock::acquire(m_lock, 0ms).ok());
    QVERIFY(timer.elapsed() < 1000);
}

void TestFileLock::acquireFailsWhereNoFileCanBe() {
    // A regular file where the lock's directory should be: fails even for root.
    const QString blocker = m_dir->filePath(QStringLiteral("events"));
    QFile file(blocker);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    const QString impossible = blocker + QStringLiteral("/.lock");
    const auto lock = FileLock::acquire(impossible, 10ms);
    QVERIFY(!lock.ok());
    QVERIFY2(lock.error().contains(impossible), qPrintable(lock.error()));
}

QTEST_GUILESS_MAIN(TestFileLock)
#include "tst_filelock.moc"

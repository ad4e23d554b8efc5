// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "privatefiles.h"
#include "testfiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

namespace {} // namespace

class TestPrivateFiles : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void makeDirectoryCreatesEveryMissingLevelPrivateWhateverTheUmask();
    void createFileMakesAnEmptyPrivateFileAndLeavesAnExistingOneAlone();
    void tightenDirectoryClearsGroupAndOtherBitsOfTheDirectoryAndItsFiles();
    void tightenDirectoryLeavesLinksAndPrivateFilesAlone();
    void describeNamesTheFileAndBothModesWithControlCharactersEscaped();
};

void TestPrivateFiles::makeDirectoryCreatesEveryMissingLevelPrivateWhateverTheUmask() {
    QTemporaryDir dir;
    const mode_t previous = ::umask(0);
    const Status made = PrivateFiles::makeDirectory(dir.filePath(QStringLiteral("a/b/events")));
    ::umask(previous);
    QVERIFY2(made.ok(), qPrintable(made.error()));
    QCOMPARE(modeOf(dir.filePath(QStringLiteral("a"))), 0700);
    QCOMPARE(modeOf(dir.filePath(QStringLiteral("a/b"))), 0700);
    QCOMPARE(modeOf(dir.filePath(QStringLiteral("a/b/events"))), 0700);
    // One that exists stays as it is.
    QVERIFY(::chmod(QFile::encodeName(dir.path()).constData(), 0755) == 0);
    QVERIFY(PrivateFiles::makeDirectory(dir.path()));
    QCOMPARE(modeOf(dir.path()), 0755);
}

void TestPrivateFiles::createFileMakesAnEmptyPrivateFileAndLeavesAnExistingOneAlone() {
    QTemporaryDir dir;
    const QString fresh = dir.filePath(QStringLiteral("spool.db"));
    const mode_t previous = ::umask(0);
    const Status created = PrivateFiles::createFile(fresh);
    ::umask(previous);
    QVERIFY2(created.ok(), qPrintable(created.error()));
    QCOMPARE(modeOf(fresh), 0600);
    QCOMPARE(QFileInfo(fresh).size(), 0);

    const QString existing = dir.filePath(QStringLiteral("kept"));
    QVERIFY(writeFile(existing, "x", 0640));
    QVERIFY(PrivateFiles::createFile(existing));
    QCOMPARE(modeOf(existing), 0640);
    QCOMPARE(QFileInfo(existing).size(), 1);

    QVERIFY(!PrivateFiles::createFile(dir.filePath(QStringLiteral("no/such/dir/file"))).ok());
}

void TestPrivateFiles::tightenDirectoryClearsGroupAndOtherBitsOfTheDirectoryAndItsFiles() {
    QTemporaryDir dir;
    const QString events = dir.filePath(QStringLiteral("events"));
    QVERIFY(QDir().mkdir(events));
    QVERIFY(::chmod(QFile::encodeName(events).constData(), 0755) == 0);
    QVERIFY(writeFile(events + QStringLiteral("/cluster.key"), "x", 0644));
    QVERIFY(writeFile(events + QStringLiteral("/.lock"), "x", 0666));
    QVERIFY(writeFile(events + QStringLiteral("/tool"), "x", 0750));

    const QList<PrivateFiles::ModeFix> fixes = PrivateFiles::tightenDirectory(events);
    QCOMPARE(fixes.size(), 4);
    QCOMPARE(fixes.at(0).path, events);
    QCOMPARE(fixes.at(0).before, mode_t(0755));
    QCOMPARE(fixes.at(0).after, mode_t(0700));
    for (const PrivateFiles::ModeFix &fix : fixes)
        QVERIFY2(fix.error.isEmpty(), qPrintable(fix.error));
    QCOMPARE(modeOf(events), 0700);
    QCOMPARE(modeOf(events + QStringLiteral("/cluster.key")), 0600);
    QCOMPARE(modeOf(events + QStringLiteral("/.lock")), 0600);
    QCOMPARE(modeOf(events + QStringLiteral("/tool")), 0700);

    QVERIFY(PrivateFiles::tightenDirectory(events).isEmpty());
    QVERIFY(PrivateFiles::tightenDirectory(dir.filePath(QStringLiteral("missing"))).isEmpty());
}

void TestPrivateFiles::tightenDirectoryLeavesLinksAndPrivateFilesAlone() {
    QTemporaryDir dir;
    const QString events = dir.filePath(QStringLiteral("events"));
    QVERIFY(QDir().mkdir(events));
    QVERIFY(::chmod(QFile::encodeName(events).constData(), 0700) == 0);
    // A link's target is not ours to change, wherever it points.
    const QString outside = dir.filePath(QStringLiteral("shared.txt"));
    QVERIFY(writeFile(outside, "x", 0644));
    QVERIFY(QFile::link(outside, events + QStringLiteral("/link")));
    QVERIFY(writeFile(events + QStringLiteral("/webhooks.json"), "x", 0600));

    QVERIFY(PrivateFiles::tightenDirectory(events).isEmpty());
    QCOMPARE(modeOf(outside), 0644);
    QVERIFY(!PrivateFiles::tightenFile(events + QStringLiteral("/link")).has_value());
}

void TestPrivateFiles::describeNamesTheFileAndBothModesWithControlCharactersEscaped() {
    const PrivateFiles::ModeFix done{QStringLiteral("/w/events/a\nb\x1b[2J"), 0644, 0600,
                                     QString()};
    const QString line = PrivateFiles::describe(done);
    QCOMPARE(line, QStringLiteral("/w/events/a\\x0ab\\x1b[2J had mode 0644, open to other users; "
                                  "changed it to 0600"));
    const PrivateFiles::ModeFix failed{QStringLiteral("/w/events"), 0755, 0700,
                                       QStringLiteral("Operation not permitted")};
    QVERIFY2(PrivateFiles::describe(failed).contains(QStringLiteral("cannot change it to 0700: "
                                                                    "Operation not permitted")),
             qPrintable(PrivateFiles::describe(failed)));
}

QTEST_GUILESS_MAIN(TestPrivateFiles)
#include "tst_privatefiles.moc"

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "jsonfile.h"
#include "testfiles.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include <sys/stat.h>
#include <unistd.h>

namespace {

QStringList entriesOf(const QString &dir) {
    return QDir(dir).entryList(
        QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

} // namespace

class TestJsonFile : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void writeAtomicallyCreatesFile();
    void writeAtomicallyReplacesContentAndLeavesNoTemporaryFiles();
    void writeAtomicallyCreatesMissingDirectories();
    void writesFilesOnlyTheOwnerCanReadWhateverTheUmask();
    void writeAtomicallyFailsWhereNoFileCanBe();
    void writeObjectRoundTripsThroughReadObject();
    void readObjectOfMissingFileIsEmptyOrError();
    void readObjectRejectsUnusableFile_data();
    void readObjectRejectsUnusableFile();
    void readObjectRejectsUnreadableFile();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_file;
};

void TestJsonFile::init() {
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_file = m_dir->filePath(QStringLiteral("doc.json"));
}

void TestJsonFile::writeAtomicallyCreatesFile() {
    const Status written = JsonFile::writeAtomically(m_file, QByteArrayLiteral("{\"a\":1}\n"));
    QVERIFY2(written.ok(), qPrintable(written.error()));
    QCOMPARE(readFile(m_file), QByteArrayLiteral("{\"a\":1}\n"));
    QCOMPARE(entriesOf(m_dir->path()), QStringList{QStringLiteral("doc.json")});
}

void TestJsonFile::writeAtomicallyReplacesContentAndLeavesNoTemporaryFiles() {
    QVERIFY(writeFile(m_file, QByteArray(4096, 'x')));
    for (const QByteArray content : {"first", "second, longer than the first", "", "last"}) {
        const Status written = JsonFile::writeAtomically(m_file, content);
        QVERIFY2(written.ok(), qPrintable(written.error()));
        QCOMPARE(readFile(m_file), content);
        QCOMPARE(entriesOf(m_dir->path()), QStringList{QStringLiteral("doc.json")});
    }
}

void TestJsonFile::writeAtomicallyCreatesMissingDirectories() {
    const QString nested = m_dir->filePath(QStringLiteral("a/b/events/doc.json"));
    const Status written = JsonFile::writeAtomically(nested, QByteArrayLiteral("{}"));
    QVERIFY2(written.ok(), qPrintable(written.error()));
    QCOMPARE(readFile(nested), QByteArrayLiteral("{}"));
}

void TestJsonFile::writesFilesOnlyTheOwnerCanReadWhateverTheUmask() {
    // The CLI runs with the admin's umask; even 0 must not open the files to other users.
    const mode_t previous = ::umask(0);
    const QString nested = m_dir->filePath(QStringLiteral("a/events/doc.json"));
    const Status written = JsonFile::writeAtomically(nested, QByteArrayLiteral("{}"));
    ::umask(previous);
    QVERIFY2(written.ok(), qPrintable(written.error()));
    QCOMPARE(modeOf(nested), 0600);
    QCOMPARE(modeOf(m_dir->filePath(QStringLiteral("a/events"))), 0700);
    QCOMPARE(modeOf(m_dir->filePath(QStringLiteral("a"))), 0700);

    // A rewrite does not inherit the old file's mode.
    QVERIFY(::chmod(QFile::encodeName(nested).constData(), 0644) == 0);
    QVERIFY(JsonFile::writeObject(nested, QJsonObject()));
    QCOMPARE(modeOf(nested), 0600);
}

void TestJsonFile::writeAtomicallyFailsWhereNoFileCanBe() {
    // A regular file where a directory should be: fails even for root.
    QVERIFY(writeFile(m_file, "{}"));
    const QString impossible = m_file + QStringLiteral("/inner.json");
    const Status written = JsonFile::writeAtomically(impossible, QByteArrayLiteral("{}"));
    QVERIFY(!written.ok());
    QVERIFY2(written.error().contains(impossible), qPrintable(written.error()));
    QCOMPARE(readFile(m_file), QByteArrayLiteral("{}"));
}

void TestJsonFile::writeObjectRoundTripsThroughReadObject() {
    const QJsonObject object{{QStringLiteral("port"), 24009},
                             {QStringLiteral("name"), QStringLiteral("v\u00e9lo")},
                             {QStringLiteral("list"), QJsonArray{1, 2}},
                             {QStringLiteral("flag"), true}};
    const Status written = JsonFile::writeObject(m_file, object);
    QVERIFY2(written.ok(), qPrintable(written.error()));
    // Indented, so that an admin can read and edit it as they did the original's files.
    QVERIFY(readFile(m_file).contains('\n'));
    const auto read = JsonFile::readObject(m_file, JsonFile::IfMissing::Fail);
    QVERIFY2(read.ok(), qPrintable(read.error()));
    QCOMPARE(*read, object);
}

void TestJsonFile::readObjectOfMissingFileIsEmptyOrError() {
    const QString absent = m_dir->filePath(QStringLiteral("absent.json"));
    const auto empty = JsonFile::readObject(absent, JsonFile::IfMissing::Empty);
    QVERIFY2(empty.ok(), qPrintable(empty.error()));
    QVERIFY(empty->isEmpty());

    const auto failed = JsonFile::readObject(absent, JsonFile::IfMissing::Fail);
    QVERIFY(!failed.ok());
    QVERIFY2(failed.error().contains(absent), qPrintable(failed.error()));
    QVERIFY(!QFile::exists(absent));
}

void TestJsonFile::readObjectRejectsUnusableFile_data() {
    QTest::addColumn<QByteArray>("content"); // a null array stands for a directory
    QTest::addColumn<QString>("reason");
    QTest::newRow("corrupt JSON") << QByteArrayLiteral("{\"a\": 1,")
                                  << QStringLiteral("not valid JSON");
    QTest::newRow("trailing garbage")
        << QByteArrayLiteral("{} x") << QStringLiteral("not valid JSON");
    QTest::newRow("empty file") << QByteArray("") << QStringLiteral("is empty");
    QTest::newRow("only whitespace") << QByteArrayLiteral(" \r\n") << QStringLiteral("is empty");
    QTest::newRow("top-level array")
        << QByteArrayLiteral("[1, 2]") << QStringLiteral("JSON object");
    QTest::newRow("a directory") << QByteArray() << QStringLiteral("is a directory");
}

void TestJsonFile::readObjectRejectsUnusableFile() {
    QFETCH(QByteArray, content);
    QFETCH(QString, reason);
    if (content.isNull())
        QVERIFY(QDir().mkpath(m_file));
    else
        QVERIFY(writeFile(m_file, content));
    for (const auto ifMissing : {JsonFile::IfMissing::Empty, JsonFile::IfMissing::Fail}) {
        const auto read = JsonFile::readObject(m_file, ifMissing);
        QVERIFY(!read.ok());
        QVERIFY2(read.error().contains(m_file), qPrintable(read.error()));
        QVERIFY2(read.error().contains(reason), qPrintable(read.error()));
    }
}

void TestJsonFile::readObjectRejectsUnreadableFile() {
    if (::geteuid() == 0)
        QSKIP("root can read a file whatever its mode");
    QVERIFY(writeFile(m_file, "{}"));
    QVERIFY(QFile::setPermissions(m_file, QFileDevice::Permissions()));
    const auto read = JsonFile::readObject(m_file, JsonFile::IfMissing::Empty);
    QFile::setPermissions(m_file, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QVERIFY(!read.ok());
    QVERIFY2(read.error().contains(m_file), qPrintable(read.error()));
    QVERIFY2(read.error().contains(QStringLiteral("cannot read")), qPrintable(read.error()));
}

QTEST_GUILESS_MAIN(TestJsonFile)
#include "tst_jsonfile.moc"

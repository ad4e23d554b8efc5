// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "clusterkey.h"
#include "cryptoutil.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <sys/stat.h>
#include <unistd.h>

class TestClusterKey : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void loadOrCreateMakesPrivateKeyOf64HexDigits();
    void loadOrCreateCreatesMissingDirectory();
    void loadOrCreateReusesExistingKey();
    void loadTrimsSurroundingWhitespace();
    void loadFailsWhenMissing();
    void loadFailsOnDirectory();
    void loadFailsWhenUnreadable();
    void loadFailsWhenEmpty();
    void loadFailsWhenTooShort();
    void loadOrCreateReportsExistingBadKey();
    void fingerprintIsFirst8HexOfSha256();
    void fingerprintDiffersBetweenKeys();
    void hkdfMatchesRfc5869TestCase1();
    void deriveKeyMatchesIndependentVector();
    void derivedKeysDifferPerPurpose();
    void randomBytesHaveRequestedSizeAndVary();

private:
    void write(const QByteArray &content);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_key;
};

namespace {

// Computed independently with Python's hmac/hashlib (RFC 5869 HKDF), not with this code.
const QByteArray kTestKey =
    QByteArrayLiteral("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");

bool isLowerHex(const QByteArray &text) {
    for (const char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}

} // namespace

void TestClusterKey::init() {
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_key = m_dir->filePath(QStringLiteral("events/cluster.key"));
}

void TestClusterKey::write(const QByteArray &content) {
    QDir().mkpath(QFileInfo(m_key).absolutePath());
    QFile file(m_key);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(content), content.size());
}

void TestClusterKey::loadOrCreateMakesPrivateKeyOf64HexDigits() {
    QDir().mkpath(QFileInfo(m_key).absolutePath());
    const auto key = ClusterKey::loadOrCreate(m_key);
    QVERIFY2(key.ok(), qPrintable(key.error()));
    QCOMPARE(key->size(), 64);
    QVERIFY(isLowerHex(*key));

    QFile file(m_key);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), *key + '\n');
    struct stat st = {};
    QCOMPARE(::stat(QFile::encodeName(m_key).constData(), &st), 0);
    QCOMPARE(st.st_mode & 07777, mode_t(0600));
}

void TestClusterKey::loadOrCreateCreatesMissingDirectory() {
    QVERIFY(!QFileInfo::exists(QFileInfo(m_key).absolutePath()));
    const auto key = ClusterKey::loadOrCreate(m_key);
    QVERIFY2(key.ok(), qPrintable(key.error()));
    QVERIFY(QFileInfo(m_key).isFile());
}

void TestClusterKey::loadOrCreateReusesExistingKey() {
    const auto first = ClusterKey::loadOrCreate(m_key);
    QVERIFY2(first.ok(), qPrintable(first.error()));
    const auto second = ClusterKey::loadOrCreate(m_key);
    QVERIFY2(second.ok(), qPrintable(second.error()));
    QCOMPARE(*second, *first);

    // A key copied from another node is used as it is, not replaced.
    write(kTestKey + '\n');
    const auto copied = ClusterKey::loadOrCreate(m_key);
    QVERIFY2(copied.ok(), qPrintable(copied.error()));
    QCOMPARE(*copied, kTestKey);

    // Two fresh files get two different keys.
    const QString other = m_dir->filePath(QStringLiteral("other/cluster.key"));
    const auto third = ClusterKey::loadOrCreate(other);
    QVERIFY2(third.ok(), qPrintable(third.error()));
    QVERIFY(*third != *first);
}

void TestClusterKey::loadTrimsSurroundingWhitespace() {
    write(QByteArrayLiteral(" \t\r\n") + kTestKey + QByteArrayLiteral("\r\n\n  "));
    const auto key = ClusterKey::load(m_key);
    QVERIFY2(key.ok(), qPrintable(key.error()));
    QCOMPARE(*key, kTestKey);
}

void TestClusterKey::loadFailsWhenMissing() {
    const auto key = ClusterKey::load(m_key);
    QVERIFY(!key.ok());
    QVERIFY2(key.error().contains(m_key), qPrintable(key.error()));
    QVERIFY2(key.error().contains(u"does not exist"), qPrintable(key.error()));
    QVERIFY2(key.error().contains(u"copy cluster.key from another node"), qPrintable(key.error()));
    QVERIFY(!key.error().contains(u'\n'));
    QVERIFY(!QFileInfo::exists(m_key));
}

void TestClusterKey::loadFailsOnDirectory() {
    QVERIFY(QDir().mkpath(m_key));
    for (const auto &key : {ClusterKey::load(m_key), ClusterKey::loadOrCreate(m_key)}) {
        QVERIFY(!key.ok());
        QVERIFY2(key.error().contains(m_key), qPrintable(key.error()));
        QVERIFY2(key.error().contains(u"is a directory"), qPrintable(key.error()));
    }
}

void TestClusterKey::loadFailsWhenUnreadable() {
    if (geteuid() == 0)
        QSKIP("root reads files whatever their mode");
    write(kTestKey);
    QVERIFY(QFile::setPermissions(m_key, QFileDevice::Permissions()));
    const auto key = ClusterKey::load(m_key);
    QVERIFY(!key.ok());
    QVERIFY2(key.error().contains(m_key), qPrintable(key.error()));
    QVERIFY2(key.error().startsWith(u"cannot read"), qPrintable(key.error()));
    QVERIFY(!key.error().contains(QString::fromLatin1(kTestKey)));
}

void TestClusterKey::loadFailsWhenEmpty() {
    for (const QByteArray &content : {QByteArray(), QByteArrayLiteral(" \n\t\n")}) {
        write(content);
        const auto key = ClusterKey::load(m_key);
        QVERIFY(!key.ok());
        QVERIFY2(key.error().contains(m_key), qPrintable(key.error()));
        QVERIFY2(key.error().contains(u"is empty"), qPrintable(key.error()));
    }
}

void TestClusterKey::loadFailsWhenTooShort() {
    const QByteArray shortKey = kTestKey.left(31);
    write(shortKey + QByteArrayLiteral("\n   "));
    const auto key = ClusterKey::load(m_key);
    QVERIFY(!key.ok());
    QVERIFY2(key.error().contains(m_key), qPrintable(key.error()));
    QVERIFY2(key.error().contains(u"too short"), qPrintable(key.error()));
    QVERIFY2(!key.error().contains(QString::fromLatin1(shortKey)), qPrintable(key.error()));

    write(kTestKey.left(32));
    QVERIFY(ClusterKey::load(m_key).ok());
}

void TestClusterKey::loadOrCreateReportsExistingBadKey() {
    write(QByteArrayLiteral("short\n"));
    const auto key = ClusterKey::loadOrCreate(m_key);
    QVERIFY(!key.ok());
    QVERIFY2(key.error().contains(u"too short"), qPrintable(key.error()));
    // An existing file is never overwritten: the admin decides.
    QFile file(m_key);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArrayLiteral("short\n"));
}

void TestClusterKey::fingerprintIsFirst8HexOfSha256() {
    QCOMPARE(ClusterKey::fingerprint(kTestKey), QStringLiteral("a8ae6e6e"));
}

void TestClusterKey::fingerprintDiffersBetweenKeys() {
    QByteArray other = kTestKey;
    other[0] = '1';
    QVERIFY(ClusterKey::fingerprint(other) != ClusterKey::fingerprint(kTestKey));
    QCOMPARE(ClusterKey::fingerprint(other).size(), 8);
}

void TestClusterKey::hkdfMatchesRfc5869TestCase1() {
    const QByteArray ikm(22, '\x0b');
    const QByteArray salt = QByteArray::fromHex("000102030405060708090a0b0c");
    const QByteArray info = QByteArray::fromHex("f0f1f2f3f4f5f6f7f8f9");
    const auto okm = CryptoUtil::hkdfSha256(ikm, salt, info, 42);
    QVERIFY2(okm.ok(), qPrintable(okm.error()));
    const QByteArray expected("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
                              "34007208d5b887185865");
    QCOMPARE(okm->toHex(), expected);
}

void TestClusterKey::deriveKeyMatchesIndependentVector() {
    const auto auth = ClusterKey::deriveKey(kTestKey, QByteArrayView("auth v1"));
    QVERIFY2(auth.ok(), qPrintable(auth.error()));
    const QByteArray expectedAuth(
        "c4199bd92219fe81e9bf7165e3ad9bb4ac44d657231cad443339519767530754");
    QCOMPARE(auth->toHex(), expectedAuth);

    const auto secrets = ClusterKey::deriveKey(kTestKey, QByteArrayView("secrets v1"));
    QVERIFY2(secrets.ok(), qPrintable(secrets.error()));
    const QByteArray expectedSecrets(
        "19c37e0140f7cf1a9b447061a642b7986c31943e543c4a49d31cc5820876f526");
    QCOMPARE(secrets->toHex(), expectedSecrets);
}

void TestClusterKey::derivedKeysDifferPerPurpose() {
    const auto a = ClusterKey::deriveKey(kTestKey, QByteArrayView("auth v1"));
    const auto b = ClusterKey::deriveKey(kTestKey, QByteArrayView("auth v2"));
    QVERIFY(a.ok() && b.ok());
    QCOMPARE(a->size(), 32);
    QVERIFY(*a != *b);
    QVERIFY(!a->contains(kTestKey.left(8)));
}

void TestClusterKey::randomBytesHaveRequestedSizeAndVary() {
    QCOMPARE(CryptoUtil::randomBytes(0).size(), 0);
    const QByteArray a = CryptoUtil::randomBytes(32);
    const QByteArray b = CryptoUtil::randomBytes(32);
    QCOMPARE(a.size(), 32);
    QVERIFY(a != b);
}

QTEST_GUILESS_MAIN(TestClusterKey)
#include "tst_clusterkey.moc"

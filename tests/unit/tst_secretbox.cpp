// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "secretbox.h"

#include <QTest>

namespace {

const QByteArray kKey =
    QByteArrayLiteral("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
const QByteArray kOtherKey =
    QByteArrayLiteral("fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210");

const SealPlace kPlace{QStringLiteral("webhooks"), QStringLiteral("http://h/"),
                       QStringLiteral("token")};

QString corruptedError() {
    return QStringLiteral(
        "cannot decrypt: cluster key mismatch, corrupted value or a value sealed for another "
        "place");
}

} // namespace

class TestSecretBox : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sealThenOpenGivesPlaintextBack_data();
    void sealThenOpenGivesPlaintextBack();
    void emptyStaysEmpty();
    void sealedValueHasPrefixAndNeverContainsPlaintext();
    void twoSealsOfSameTextDiffer();
    void opensValueSealedByIndependentImplementation();
    void otherClusterKeyCannotOpen();
    void valueMovedToAnotherPlaceDoesNotOpen();
    void tamperedByteIsRejected();
    void truncatedValueIsRejected();
    void valueWithoutPrefixIsNotEncrypted();
    void badBase64IsRejected();
    void isSealedChecksPrefix();
};

void TestSecretBox::sealThenOpenGivesPlaintextBack_data() {
    QTest::addColumn<QString>("plaintext");
    QTest::newRow("ascii") << QStringLiteral("s3cret-token");
    QTest::newRow("one char") << QStringLiteral("x");
    QTest::newRow("utf-8") << QStringLiteral("jéton 秘密 🔑");
    QTest::newRow("100 KB") << QString(100 * 1024, u'z');
}

void TestSecretBox::sealThenOpenGivesPlaintextBack() {
    QFETCH(QString, plaintext);
    const SecretBox box(kKey);
    const QString sealed = box.seal(plaintext, kPlace);
    const auto opened = box.open(sealed, kPlace);
    QVERIFY2(opened.ok(), qPrintable(opened.error()));
    QCOMPARE(*opened, plaintext);
    // Another node holding the same key opens it too.
    const auto elsewhere = SecretBox(kKey).open(sealed, kPlace);
    QVERIFY2(elsewhere.ok(), qPrintable(elsewhere.error()));
    QCOMPARE(*elsewhere, plaintext);
}

void TestSecretBox::emptyStaysEmpty() {
    const SecretBox box(kKey);
    QCOMPARE(box.seal(QString(), kPlace), QString());
    const auto opened = box.open(QString(), kPlace);
    QVERIFY(opened.ok());
    QCOMPARE(*opened, QString());
}

void TestSecretBox::sealedValueHasPrefixAndNeverContainsPlaintext() {
    const SecretBox box(kKey);
    const QString plaintext = QStringLiteral("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    const QString sealed = box.seal(plaintext, kPlace);
    QVERIFY(sealed.startsWith(u"enc:v2:"));
    QVERIFY(!sealed.contains(plaintext));
    QVERIFY(!sealed.contains(QString::fromLatin1(plaintext.toLatin1().toBase64())));
    QVERIFY(!sealed.contains(QString::fromLatin1(kKey)));
    // nonce (12) + ciphertext + tag (16), base64-encoded.
    const QByteArray raw = QByteArray::fromBase64(sealed.mid(7).toLatin1());
    QCOMPARE(raw.size(), 12 + plaintext.size() + 16);
}

void TestSecretBox::twoSealsOfSameTextDiffer() {
    const SecretBox box(kKey);
    const QString plaintext = QStringLiteral("token");
    QVERIFY(box.seal(plaintext, kPlace) != box.seal(plaintext, kPlace));
}

void TestSecretBox::opensValueSealedByIndependentImplementation() {
    // Sealed with Python's cryptography AESGCM, key HKDF(kKey, "gluster-events", "secrets v2"),
    // nonce 000102030405060708090a0b, associated data "enc:v2:webhooks\0http://h/\0token".
    const QString sealed =
        QStringLiteral("enc:v2:AAECAwQFBgcICQoLiJbMTRLvUrVm5uvk52De9XHoWxWKoHkHP/k=");
    const auto opened = SecretBox(kKey).open(sealed, kPlace);
    QVERIFY2(opened.ok(), qPrintable(opened.error()));
    QCOMPARE(*opened, QStringLiteral("tökén-42"));
}

void TestSecretBox::otherClusterKeyCannotOpen() {
    const QString sealed = SecretBox(kKey).seal(QStringLiteral("token"), kPlace);
    const auto opened = SecretBox(kOtherKey).open(sealed, kPlace);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error(), corruptedError());
}

void TestSecretBox::valueMovedToAnotherPlaceDoesNotOpen() {
    const SecretBox box(kKey);
    const QString sealed = box.seal(QStringLiteral("token of h"), kPlace);
    const SealPlace elsewhere[] = {
        {QStringLiteral("webhooks"), QStringLiteral("http://other/"), QStringLiteral("token")},
        {QStringLiteral("webhooks"), QStringLiteral("http://h/"), QStringLiteral("secret")},
        {QStringLiteral("webhook-test"), QStringLiteral("http://h/"), QStringLiteral("token")},
        // The separators are not text: shifting a boundary does not keep the same bytes.
        {QStringLiteral("webhooks"), QStringLiteral("http://h/\0token"), QString()},
    };
    for (const SealPlace &place : elsewhere) {
        const auto opened = box.open(sealed, place);
        QVERIFY2(!opened.ok(), qPrintable(place.entry + u' ' + place.field));
        QCOMPARE(opened.error(), corruptedError());
    }
}

void TestSecretBox::tamperedByteIsRejected() {
    const SecretBox box(kKey);
    const QString sealed = box.seal(QStringLiteral("token"), kPlace);
    const QByteArray raw = QByteArray::fromBase64(sealed.mid(7).toLatin1());
    // Every byte matters: nonce, ciphertext and tag.
    for (qsizetype i = 0; i < raw.size(); ++i) {
        QByteArray tampered = raw;
        tampered[i] = char(tampered[i] ^ 0x01);
        const auto opened =
            box.open(QStringLiteral("enc:v2:") + QString::fromLatin1(tampered.toBase64()), kPlace);
        QVERIFY2(!opened.ok(), qPrintable(QString::number(i)));
        QCOMPARE(opened.error(), corruptedError());
    }
}

void TestSecretBox::truncatedValueIsRejected() {
    const SecretBox box(kKey);
    const QString sealed = box.seal(QStringLiteral("a longer token for truncation"), kPlace);
    const QByteArray raw = QByteArray::fromBase64(sealed.mid(7).toLatin1());
    for (qsizetype keep = 0; keep < raw.size(); ++keep) {
        const QString truncated =
            QStringLiteral("enc:v2:") + QString::fromLatin1(raw.left(keep).toBase64());
        const auto opened = box.open(truncated, kPlace);
        QVERIFY2(!opened.ok(), qPrintable(QString::number(keep)));
        QVERIFY2(opened.error().startsWith(u"cannot decrypt: "), qPrintable(opened.error()));
    }
    // Cut in the middle of the text, too.
    for (qsizetype length = 7; length < sealed.size(); length += 5)
        QVERIFY(!box.open(sealed.left(length), kPlace).ok());
}

void TestSecretBox::valueWithoutPrefixIsNotEncrypted() {
    const SecretBox box(kKey);
    const QString sealed = box.seal(QStringLiteral("token"), kPlace);
    const QStringList values{QStringLiteral("token"), sealed.mid(7),
                             QString(QStringLiteral("enc:v1:") + sealed.mid(7)),
                             QString(QStringLiteral("ENC:V2:") + sealed.mid(7))};
    for (const QString &value : values) {
        const auto opened = box.open(value, kPlace);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error(), QStringLiteral("not an encrypted value"));
    }
}

void TestSecretBox::badBase64IsRejected() {
    const auto opened = SecretBox(kKey).open(QStringLiteral("enc:v2:not*base64!"), kPlace);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error(), QStringLiteral("cannot decrypt: corrupted value"));
    const auto bare = SecretBox(kKey).open(QStringLiteral("enc:v2:"), kPlace);
    QVERIFY(!bare.ok());
    QCOMPARE(bare.error(), QStringLiteral("cannot decrypt: corrupted value"));
}

void TestSecretBox::isSealedChecksPrefix() {
    QVERIFY(SecretBox::isSealed(SecretBox(kKey).seal(QStringLiteral("x"), kPlace)));
    QVERIFY(!SecretBox::isSealed(QStringLiteral("x")));
    QVERIFY(!SecretBox::isSealed(QString()));
}

QTEST_GUILESS_MAIN(TestSecretBox)
#include "tst_secretbox.moc"

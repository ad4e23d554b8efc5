// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// The /metrics label of a webhook: stable for one cluster key, different under another, and
// never an unkeyed hash of the URL, so a guessed URL cannot be confirmed from outside.
#include "webhooklabel.h"

#include <QCryptographicHash>
#include <QTest>

namespace {

const QByteArray kKeyA = QByteArrayLiteral("cluster-key-a-0123456789abcdef0123456789abcdef");
const QByteArray kKeyB = QByteArrayLiteral("cluster-key-b-0123456789abcdef0123456789abcdef");
const QString kUrl = QStringLiteral("http://192.0.2.10:9000/listen");

QByteArray unkeyed(QCryptographicHash::Algorithm algorithm, const QString &url) {
    return QCryptographicHash::hash(url.toUtf8(), algorithm).toHex();
}

} // namespace

class TestWebhookLabel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void isTwelveHexDigitsAndStable();
    void differsBetweenClusterKeys();
    void differsBetweenUrls();
    void isNoUnkeyedHashOfTheUrl();
};

void TestWebhookLabel::isTwelveHexDigitsAndStable() {
    const QByteArray label = WebhookLabel::of(WebhookLabel::keyFor(kKeyA), kUrl);
    QCOMPARE(label.size(), 12);
    for (const char c : label)
        QVERIFY((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    QCOMPARE(WebhookLabel::of(WebhookLabel::keyFor(kKeyA), kUrl), label);
}

void TestWebhookLabel::differsBetweenClusterKeys() {
    QVERIFY(WebhookLabel::keyFor(kKeyA) != WebhookLabel::keyFor(kKeyB));
    QVERIFY(WebhookLabel::of(WebhookLabel::keyFor(kKeyA), kUrl) !=
            WebhookLabel::of(WebhookLabel::keyFor(kKeyB), kUrl));
}

void TestWebhookLabel::differsBetweenUrls() {
    const QByteArray key = WebhookLabel::keyFor(kKeyA);
    QVERIFY(WebhookLabel::of(key, kUrl) != WebhookLabel::of(key, kUrl + QLatin1Char('2')));
}

void TestWebhookLabel::isNoUnkeyedHashOfTheUrl() {
    // The key is not the cluster key itself either: it is derived for this one purpose.
    QVERIFY(WebhookLabel::keyFor(kKeyA) != kKeyA);
    for (const QByteArray &clusterKey : {kKeyA, kKeyB}) {
        const QByteArray label = WebhookLabel::of(WebhookLabel::keyFor(clusterKey), kUrl);
        for (const auto algorithm : {QCryptographicHash::Sha256, QCryptographicHash::Sha1,
                                     QCryptographicHash::Md5, QCryptographicHash::Sha512}) {
            QVERIFY(!unkeyed(algorithm, kUrl).contains(label));
        }
        QVERIFY(!kUrl.toUtf8().toHex().contains(label));
    }
}

QTEST_MAIN(TestWebhookLabel)
#include "tst_webhooklabel.moc"

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "webhookrequest.h"

#include <QTest>

// The request every delivery copies: the headers Qt would otherwise work out per request are
// set once, to what Qt would have sent (a wrong Host is a misrouted event behind a proxy).
class TestWebhookRequest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void hostHeaderIsWhatTheUrlNames_data();
    void hostHeaderIsWhatTheUrlNames();
    void declinesHttp2AndNamesTheSender();
};

void TestWebhookRequest::hostHeaderIsWhatTheUrlNames_data() {
    QTest::addColumn<QString>("url");
    QTest::addColumn<QByteArray>("host");
    QTest::newRow("address and port")
        << "http://127.0.0.5:9000/listen" << QByteArray("127.0.0.5:9000");
    QTest::newRow("name, default port")
        << "https://hooks.example.com/x" << QByteArray("hooks.example.com");
    QTest::newRow("upper case name")
        << "http://Hooks.Example.COM:80/x" << QByteArray("hooks.example.com:80");
    QTest::newRow("IPv6") << "http://[::1]:8080/x" << QByteArray("[::1]:8080");
    QTest::newRow("international name")
        << "https://bücher.example/x" << QByteArray("xn--bcher-kva.example");
}

void TestWebhookRequest::hostHeaderIsWhatTheUrlNames() {
    QFETCH(QString, url);
    QFETCH(QByteArray, host);
    Webhook webhook;
    webhook.url = url;
    QCOMPARE(WebhookRequest::make(webhook).rawHeader("Host"), host);
}

void TestWebhookRequest::declinesHttp2AndNamesTheSender() {
    Webhook webhook;
    webhook.url = QStringLiteral("https://hooks.example.com/x");
    const QNetworkRequest request = WebhookRequest::make(webhook);
    QCOMPARE(request.attribute(QNetworkRequest::Http2AllowedAttribute).toBool(), false);
    QVERIFY(request.rawHeader("User-Agent").startsWith("glustereventsd"));
    QCOMPARE(request.header(QNetworkRequest::ContentTypeHeader).toByteArray(),
             QByteArray("application/json"));
}

QTEST_GUILESS_MAIN(TestWebhookRequest)
#include "tst_webhookrequest.moc"

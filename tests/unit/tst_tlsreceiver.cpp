// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "webhookreceiver.h"

#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QSslSocket>
#include <QTest>
#include <QUrl>

namespace {

// For what should happen: generous, so a slow and busy machine still passes.
constexpr int kWaitMs = 60'000;
// For what should not happen: how long a rejected client gets to reach the receiver anyway.
constexpr int kQuietMs = 500;

struct Outcome {
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString;
    int status = 0;
    QList<QSslError> sslErrors;
};

QSslConfiguration trusting(const QString &caPath) {
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates(QSslCertificate::fromPath(caPath));
    return tls;
}

// One POST through a fresh manager (no cached connection, no proxy from the environment).
Outcome post(const QString &url, const QSslConfiguration &tls) {
    QNetworkAccessManager manager;
    manager.setProxy(QNetworkProxy::NoProxy);
    QNetworkRequest request{QUrl(url)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setSslConfiguration(tls);
    request.setTransferTimeout(kWaitMs);
    QNetworkReply *reply = manager.post(request, QByteArrayLiteral(R"({"event":"TLS_TEST"})"));
    Outcome outcome;
    QObject::connect(reply, &QNetworkReply::sslErrors, reply,
                     [&outcome](const QList<QSslError> &errors) { outcome.sslErrors += errors; });
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(kWaitMs)) {
        outcome.error = QNetworkReply::TimeoutError;
        outcome.errorString = QStringLiteral("no reply within the test's wait");
    } else {
        outcome.error = reply->error();
        outcome.errorString = reply->errorString();
        outcome.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    }
    return outcome; // the manager deletes the reply
}

bool hasError(const QList<QSslError> &errors, QSslError::SslError kind) {
    for (const QSslError &error : errors) {
        if (error.error() == kind)
            return true;
    }
    return false;
}

} // namespace

class TestTlsReceiver : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void acceptsClientTrustingTestCa();
    void acceptsClientOnEveryLoopbackAddressInCertificate_data();
    void acceptsClientOnEveryLoopbackAddressInCertificate();
    void rejectsClientTrustingOnlyOtherCa();
    void rejectsClientWhenAddressIsNotInCertificate();
    void acceptsClientThatDoesNotVerify();
    void plainListenStillServesHttp();
};

void TestTlsReceiver::initTestCase() {
    QVERIFY2(QSslSocket::supportsSsl(), "Qt has no TLS backend here");
    QCOMPARE(QSslCertificate::fromPath(WebhookReceiver::testCaPath()).size(), 1);
    QCOMPARE(QSslCertificate::fromPath(WebhookReceiver::otherCaPath()).size(), 1);
}

void TestTlsReceiver::acceptsClientTrustingTestCa() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listenTls(QHostAddress(QStringLiteral("127.0.0.1"))));
    QVERIFY(receiver.url().startsWith(QStringLiteral("https://127.0.0.1:")));

    const Outcome outcome =
        post(receiver.url(QStringLiteral("/hook")), trusting(WebhookReceiver::testCaPath()));

    QVERIFY2(outcome.error == QNetworkReply::NoError, qPrintable(outcome.errorString));
    QVERIFY(outcome.sslErrors.isEmpty());
    QCOMPARE(outcome.status, 200);
    QCOMPARE(receiver.requests().size(), 1);
    const WebhookReceiver::Request &request = receiver.requests().front();
    QCOMPARE(request.method, QByteArrayLiteral("POST"));
    QCOMPARE(request.path, QByteArrayLiteral("/hook"));
    QCOMPARE(request.headers.value("content-type"), QByteArrayLiteral("application/json"));
    QCOMPARE(request.body, QByteArrayLiteral(R"({"event":"TLS_TEST"})"));
}

void TestTlsReceiver::acceptsClientOnEveryLoopbackAddressInCertificate_data() {
    QTest::addColumn<QString>("address");
    QTest::newRow("first") << QStringLiteral("127.0.0.2");
    QTest::newRow("last") << QStringLiteral("127.0.0.20");
}

void TestTlsReceiver::acceptsClientOnEveryLoopbackAddressInCertificate() {
    QFETCH(QString, address);
    WebhookReceiver receiver;
    QVERIFY(receiver.listenTls(QHostAddress(address)));

    const Outcome outcome = post(receiver.url(), trusting(WebhookReceiver::testCaPath()));

    QVERIFY2(outcome.error == QNetworkReply::NoError, qPrintable(outcome.errorString));
    QCOMPARE(outcome.status, 200);
    QCOMPARE(receiver.requests().size(), 1);
}

void TestTlsReceiver::rejectsClientTrustingOnlyOtherCa() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listenTls(QHostAddress(QStringLiteral("127.0.0.1"))));

    const Outcome outcome = post(receiver.url(), trusting(WebhookReceiver::otherCaPath()));

    QCOMPARE(outcome.error, QNetworkReply::SslHandshakeFailedError);
    QVERIFY(!outcome.sslErrors.isEmpty());
    QVERIFY(hasError(outcome.sslErrors, QSslError::UnableToGetLocalIssuerCertificate) ||
            hasError(outcome.sslErrors, QSslError::UnableToVerifyFirstCertificate));
    QTest::qWait(kQuietMs);
    QVERIFY(receiver.requests().isEmpty());
}

void TestTlsReceiver::rejectsClientWhenAddressIsNotInCertificate() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listenTls(QHostAddress(QStringLiteral("127.0.0.21"))));

    const Outcome outcome = post(receiver.url(), trusting(WebhookReceiver::testCaPath()));

    QCOMPARE(outcome.error, QNetworkReply::SslHandshakeFailedError);
    QVERIFY(hasError(outcome.sslErrors, QSslError::HostNameMismatch));
    QTest::qWait(kQuietMs);
    QVERIFY(receiver.requests().isEmpty());
}

void TestTlsReceiver::acceptsClientThatDoesNotVerify() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listenTls(QHostAddress(QStringLiteral("127.0.0.1"))));
    QSslConfiguration tls = trusting(WebhookReceiver::otherCaPath());
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);

    const Outcome outcome = post(receiver.url(), tls);

    QVERIFY2(outcome.error == QNetworkReply::NoError, qPrintable(outcome.errorString));
    QCOMPARE(outcome.status, 200);
    QCOMPARE(receiver.requests().size(), 1);
}

void TestTlsReceiver::plainListenStillServesHttp() {
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    QVERIFY(receiver.url().startsWith(QStringLiteral("http://127.0.0.1:")));

    const Outcome outcome = post(receiver.url(), QSslConfiguration::defaultConfiguration());

    QVERIFY2(outcome.error == QNetworkReply::NoError, qPrintable(outcome.errorString));
    QCOMPARE(outcome.status, 200);
    QCOMPARE(receiver.requests().size(), 1);
}

QTEST_GUILESS_MAIN(TestTlsReceiver)
#include "tst_tlsreceiver.moc"

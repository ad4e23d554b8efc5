// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "jsonfile.h"
#include "operationrunner.h"
#include "testworkdir.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QTest>

#include <optional>

class TestOperationRunner : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void webhooksListsSkippedEntriesAsDisabledWithTheReason();
};

void TestOperationRunner::webhooksListsSkippedEntriesAsDisabledWithTheReason() {
    const TestWorkdir workdir;
    QVERIFY(workdir.isValid());
    const EventsPaths &paths = workdir.paths();
    // As a node upgraded from the original daemon may hold it.
    QVERIFY(JsonFile::writeObject(
        paths.webhooks, {{QStringLiteral("http://receiver.example/listen"), QStringLiteral("tok")},
                         {QStringLiteral("ftp://files.example/drop"), QJsonObject()}}));
    ClusterContext context;
    context.paths = paths;
    context.nodeId = QStringLiteral("5b0e8c4a-1d2f-4e3a-9b8c-7d6e5f4a3b2c");
    context.clusterKey = QByteArray(32, 'k');
    context.self = NodeAddress{QStringLiteral("127.0.0.1"), 9};
    context.selfHost = QStringLiteral("127.0.0.1");
    context.port = 9;
    QNetworkAccessManager network;
    OperationRunner runner(context, network, nullptr);

    std::optional<HttpResponse> response;
    runner.run({{QStringLiteral("op"), QStringLiteral("webhooks")}},
               [&response](const HttpResponse &answer) { response = answer; });
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    const QJsonArray rows = QJsonDocument::fromJson(response->body)
                                .object()
                                .value(QStringLiteral("webhooks"))
                                .toArray();
    QCOMPARE(rows.size(), 2);
    const QJsonObject ftp = rows.at(0).toObject();
    QCOMPARE(ftp.value(QStringLiteral("url")).toString(),
             QStringLiteral("ftp://files.example/drop"));
    QCOMPARE(ftp.value(QStringLiteral("disabled")).toString(),
             QStringLiteral("skipped: not an http:// or https:// URL"));
    const QJsonObject usable = rows.at(1).toObject();
    QCOMPARE(usable.value(QStringLiteral("url")).toString(),
             QStringLiteral("http://receiver.example/listen"));
    QCOMPARE(usable.value(QStringLiteral("auth")).toString(), QStringLiteral("token"));
    QCOMPARE(usable.value(QStringLiteral("disabled")).toString(), QString());
}

QTEST_GUILESS_MAIN(TestOperationRunner)
#include "tst_operationrunner.moc"

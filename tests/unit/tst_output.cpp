// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "output.h"

#include <QJsonDocument>
#include <QTest>

#include <initializer_list>

namespace {

QString joinLines(std::initializer_list<QStringView> lines) {
    QString text;
    for (const QStringView line : lines)
        text += line + u'\n';
    return text;
}

NodeRow nodeRow(const QString &node, bool nodeUp, bool ok, const QString &error = QString()) {
    NodeRow row;
    row.node = node;
    row.nodeUp = nodeUp;
    row.ok = ok;
    row.error = error;
    return row;
}

NodeRows nodeRows(StatusColumn column, QList<NodeRow> rows) {
    NodeRows result;
    result.column = column;
    result.rows = std::move(rows);
    return result;
}

// The docs' two healthy nodes.
NodeRows docsRows(StatusColumn column) {
    return nodeRows(column, {nodeRow(QStringLiteral("localhost"), true, true),
                             nodeRow(QStringLiteral("node2"), true, true)});
}

QJsonObject object(const char *json) {
    return QJsonDocument::fromJson(json).object();
}

QJsonArray array(const char *json) {
    return QJsonDocument::fromJson(json).array();
}

} // namespace

class TestOutput : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void statusTextMatchesDocs();
    void statusTextListsOneWebhookPerLine();
    void webhookTestTableMatchesDocs();
    void syncTableMatchesDocs();
    void notOkCellCarriesReason();
    void notOkCellWithoutReason();
    void glustereventsdDownShowsNoReason();
    void nodeTableWithoutRowsHasHeaders();
    void nodeTableWidensForLongCells();
    void nodeRowsJsonNamesTheColumn_data();
    void nodeRowsJsonNamesTheColumn();
    void statusJsonHasWebhooksAndData();
    void statusJsonWithoutWebhooks();
    void configTableMatchesDocs();
    void configTableWithoutSettings();
    void poolTableShowsIdAndStatus();
    void poolJsonHasOneObjectPerNode();
    void envelopeCarriesOutput();
    void envelopeOnFailureHasEmptyOutput();
    void envelopeTurnsUndefinedOutputIntoEmptyString();
};

void TestOutput::statusTextMatchesDocs() {
    const QString expected = joinLines({
        u"Webhooks:",
        u"None",
        u"",
        u"+-----------+-------------+-----------------------+",
        u"|    NODE   | NODE STATUS | GLUSTEREVENTSD STATUS |",
        u"+-----------+-------------+-----------------------+",
        u"| localhost |          UP |                    UP |",
        u"| node2     |          UP |                    UP |",
        u"+-----------+-------------+-----------------------+",
    });
    QCOMPARE(statusText({}, docsRows(StatusColumn::Glustereventsd)), expected);
}

void TestOutput::statusTextListsOneWebhookPerLine() {
    const NodeRows rows = nodeRows(
        StatusColumn::Glustereventsd,
        {nodeRow(QStringLiteral("localhost"), true, false, QStringLiteral("connection refused"))});
    const QStringList webhooks{QStringLiteral("http://192.168.122.188:9000/listen"),
                               QStringLiteral("https://hooks.example.com/gluster (disabled)")};
    const QString expected = joinLines({
        u"Webhooks:",
        u"http://192.168.122.188:9000/listen",
        u"https://hooks.example.com/gluster (disabled)",
        u"",
        u"+-----------+-------------+-----------------------+",
        u"|    NODE   | NODE STATUS | GLUSTEREVENTSD STATUS |",
        u"+-----------+-------------+-----------------------+",
        u"| localhost |          UP |                  DOWN |",
        u"+-----------+-------------+-----------------------+",
    });
    QCOMPARE(statusText(webhooks, rows), expected);
}

void TestOutput::webhookTestTableMatchesDocs() {
    const QString expected = joinLines({
        u"+-----------+-------------+----------------+",
        u"|    NODE   | NODE STATUS | WEBHOOK STATUS |",
        u"+-----------+-------------+----------------+",
        u"| localhost |          UP |             OK |",
        u"| node2     |          UP |             OK |",
        u"+-----------+-------------+----------------+",
    });
    QCOMPARE(nodeTable(docsRows(StatusColumn::Webhook)), expected);
}

void TestOutput::syncTableMatchesDocs() {
    const QString expected = joinLines({
        u"+-----------+-------------+-------------+",
        u"|    NODE   | NODE STATUS | SYNC STATUS |",
        u"+-----------+-------------+-------------+",
        u"| localhost |          UP |          OK |",
        u"| node2     |          UP |          OK |",
        u"+-----------+-------------+-------------+",
    });
    QCOMPARE(nodeTable(docsRows(StatusColumn::Sync)), expected);
}

void TestOutput::notOkCellCarriesReason() {
    const NodeRows rows =
        nodeRows(StatusColumn::Sync, {nodeRow(QStringLiteral("localhost"), true, true),
                                      nodeRow(QStringLiteral("node2"), false, false,
                                              QStringLiteral("node did not answer in time"))});
    const QString expected = joinLines({
        u"+-----------+-------------+-------------------------------------+",
        u"|    NODE   | NODE STATUS |             SYNC STATUS             |",
        u"+-----------+-------------+-------------------------------------+",
        u"| localhost |          UP |                                  OK |",
        u"| node2     |        DOWN | NOT OK: node did not answer in time |",
        u"+-----------+-------------+-------------------------------------+",
    });
    QCOMPARE(nodeTable(rows), expected);
}

void TestOutput::notOkCellWithoutReason() {
    const NodeRows rows =
        nodeRows(StatusColumn::Webhook, {nodeRow(QStringLiteral("node2"), true, false)});
    QCOMPARE(nodeTable(rows).split(u'\n').value(3),
             QStringLiteral("| node2 |          UP |         NOT OK |"));
}

void TestOutput::glustereventsdDownShowsNoReason() {
    const NodeRows rows = nodeRows(
        StatusColumn::Glustereventsd,
        {nodeRow(QStringLiteral("node2"), true, false, QStringLiteral("connection refused"))});
    QCOMPARE(nodeTable(rows).split(u'\n').value(3),
             QStringLiteral("| node2 |          UP |                  DOWN |"));
}

void TestOutput::nodeTableWithoutRowsHasHeaders() {
    const QString expected = joinLines({
        u"+------+-------------+-------------+",
        u"| NODE | NODE STATUS | SYNC STATUS |",
        u"+------+-------------+-------------+",
        u"+------+-------------+-------------+",
    });
    QCOMPARE(nodeTable(nodeRows(StatusColumn::Sync, {})), expected);
}

void TestOutput::nodeTableWidensForLongCells() {
    const NodeRows rows =
        nodeRows(StatusColumn::Webhook, {nodeRow(QStringLiteral("storage-node-17.lab.example.com"),
                                                 true, false, QStringLiteral("HTTP 503")),
                                         nodeRow(QStringLiteral("localhost"), true, true)});
    const QString expected = joinLines({
        u"+---------------------------------+-------------+------------------+",
        u"|               NODE              | NODE STATUS |  WEBHOOK STATUS  |",
        u"+---------------------------------+-------------+------------------+",
        u"| storage-node-17.lab.example.com |          UP | NOT OK: HTTP 503 |",
        u"| localhost                       |          UP |               OK |",
        u"+---------------------------------+-------------+------------------+",
    });
    QCOMPARE(nodeTable(rows), expected);
}

void TestOutput::nodeRowsJsonNamesTheColumn_data() {
    QTest::addColumn<int>("column");
    QTest::addColumn<QJsonArray>("expected");

    QTest::newRow("glustereventsd")
        << int(StatusColumn::Glustereventsd)
        << array(R"([{"node": "localhost", "node_status": "UP", "glustereventsd_status": "UP",
                      "error": ""},
                     {"node": "node2", "node_status": "DOWN", "glustereventsd_status": "DOWN",
                      "error": "timed out"}])");
    QTest::newRow("sync") << int(StatusColumn::Sync)
                          << array(R"([{"node": "localhost", "node_status": "UP",
                                        "sync_status": "OK", "error": ""},
                                       {"node": "node2", "node_status": "DOWN",
                                        "sync_status": "NOT OK", "error": "timed out"}])");
    QTest::newRow("webhook") << int(StatusColumn::Webhook)
                             << array(R"([{"node": "localhost", "node_status": "UP",
                                           "webhook_status": "OK", "error": ""},
                                          {"node": "node2", "node_status": "DOWN",
                                           "webhook_status": "NOT OK", "error": "timed out"}])");
}

void TestOutput::nodeRowsJsonNamesTheColumn() {
    QFETCH(int, column);
    QFETCH(QJsonArray, expected);

    QVERIFY(!expected.isEmpty());
    const NodeRows rows =
        nodeRows(StatusColumn(column),
                 {nodeRow(QStringLiteral("localhost"), true, true),
                  nodeRow(QStringLiteral("node2"), false, false, QStringLiteral("timed out"))});
    QCOMPARE(nodeRowsJson(rows), expected);
}

void TestOutput::statusJsonHasWebhooksAndData() {
    const QStringList urls{QStringLiteral("http://192.168.122.188:9000/listen")};
    const QJsonObject expected = object(R"({
        "webhooks": ["http://192.168.122.188:9000/listen"],
        "data": [{"node": "localhost", "node_status": "UP", "glustereventsd_status": "UP",
                  "error": ""},
                 {"node": "node2", "node_status": "UP", "glustereventsd_status": "UP",
                  "error": ""}]
    })");
    QVERIFY(!expected.isEmpty());
    QCOMPARE(statusJson(urls, docsRows(StatusColumn::Glustereventsd)), expected);
}

void TestOutput::statusJsonWithoutWebhooks() {
    const QJsonObject json = statusJson({}, nodeRows(StatusColumn::Glustereventsd, {}));
    QVERIFY(json.value(QStringLiteral("webhooks")).isArray());
    QVERIFY(json.value(QStringLiteral("webhooks")).toArray().isEmpty());
    QVERIFY(json.value(QStringLiteral("data")).isArray());
    QVERIFY(json.value(QStringLiteral("data")).toArray().isEmpty());
}

void TestOutput::configTableMatchesDocs() {
    const QString expected = joinLines({
        u"+-----------+-------+",
        u"|    NAME   | VALUE |",
        u"+-----------+-------+",
        u"| log_level | INFO  |",
        u"|    port   | 24009 |",
        u"+-----------+-------+",
    });
    const QList<QPair<QString, QString>> settings{
        {QStringLiteral("log_level"), QStringLiteral("INFO")},
        {QStringLiteral("port"), QStringLiteral("24009")},
    };
    QCOMPARE(configTable(settings), expected);
}

void TestOutput::configTableWithoutSettings() {
    const QString expected = joinLines({
        u"+------+-------+",
        u"| NAME | VALUE |",
        u"+------+-------+",
        u"+------+-------+",
    });
    QCOMPARE(configTable({}), expected);
}

void TestOutput::poolTableShowsIdAndStatus() {
    const QList<PoolRow> rows{
        {QStringLiteral("localhost"), QStringLiteral("95cd599c-5d87-43c1-8fba-b12821fd41b6"), true},
        {QStringLiteral("node2"), QStringLiteral("0b3a5b6e-4c1f-4e8a-9d2e-7f6a1c2b3d4e"), false},
    };
    const QString expected = joinLines({
        u"+-----------+--------------------------------------+--------+",
        u"|    NODE   |               NODE ID                | STATUS |",
        u"+-----------+--------------------------------------+--------+",
        u"| localhost | 95cd599c-5d87-43c1-8fba-b12821fd41b6 |     UP |",
        u"| node2     | 0b3a5b6e-4c1f-4e8a-9d2e-7f6a1c2b3d4e |   DOWN |",
        u"+-----------+--------------------------------------+--------+",
    });
    QCOMPARE(poolTable(rows), expected);
}

void TestOutput::poolJsonHasOneObjectPerNode() {
    const QList<PoolRow> rows{
        {QStringLiteral("localhost"), QStringLiteral("95cd599c-5d87-43c1-8fba-b12821fd41b6"), true},
        {QStringLiteral("node2"), QString(), false},
    };
    const QJsonArray expected = array(R"([
        {"node": "localhost", "node_id": "95cd599c-5d87-43c1-8fba-b12821fd41b6", "status": "UP"},
        {"node": "node2", "node_id": "", "status": "DOWN"}
    ])");
    QVERIFY(!expected.isEmpty());
    QCOMPARE(poolJson(rows), expected);
}

void TestOutput::envelopeCarriesOutput() {
    const QJsonObject output{{QStringLiteral("log_level"), QStringLiteral("INFO")},
                             {QStringLiteral("port"), 24009}};
    const QByteArray expected = R"({"error":"","output":{"log_level":"INFO","port":24009}})"
                                "\n";
    QCOMPARE(jsonEnvelope(output, QString()), expected);

    const QByteArray rows = R"({"error":"","output":[]})"
                            "\n";
    QCOMPARE(jsonEnvelope(QJsonArray(), QString()), rows);
}

void TestOutput::envelopeOnFailureHasEmptyOutput() {
    const QByteArray expected = R"({"error":"unknown config name \"foo\"","output":""})"
                                "\n";
    QCOMPARE(jsonEnvelope(QJsonArray{1, 2}, QStringLiteral("unknown config name \"foo\"")),
             expected);
    QCOMPARE(jsonEnvelope(QJsonValue(), QStringLiteral("unknown config name \"foo\"")), expected);
}

void TestOutput::envelopeTurnsUndefinedOutputIntoEmptyString() {
    const QByteArray expected = R"({"error":"","output":""})"
                                "\n";
    QCOMPARE(jsonEnvelope(QJsonValue(QJsonValue::Undefined), QString()), expected);
}

QTEST_GUILESS_MAIN(TestOutput)
#include "tst_output.moc"

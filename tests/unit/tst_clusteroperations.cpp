// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// Cluster operations against nodes in this process: each a real ControlApi behind a real
// ControlServer (ControlNode) on its own 127.0.0.x address and the pool's one control port, the
// operation run as the CLI runs it on the first. What every node is sent, and the one row per
// node that comes back, for nodes that answer, one where nothing listens and one with another
// cluster key. tests/integration/tst_cluster drives the same with real daemons and the real CLI.
#include "clusteroperations.h"
#include "clusterstore.h"
#include "controlnode.h"
#include "exitcodes.h"

#include <QNetworkAccessManager>
#include <QTcpServer>
#include <QTest>

#include <memory>
#include <optional>

namespace {

const QByteArray kClusterKey = QByteArrayLiteral("tst-clusteroperations-key-0123456789abcdef01");
const QByteArray kOtherKey = QByteArrayLiteral("tst-clusteroperations-other-key-0123456789ab");
const QString kSelfId = QStringLiteral("aaaaaaaa-0000-4000-8000-000000000001");
const QString kPeerId = QStringLiteral("aaaaaaaa-0000-4000-8000-000000000002");
const QString kOtherId = QStringLiteral("aaaaaaaa-0000-4000-8000-000000000003");
const QString kSelfAddress = QStringLiteral("127.0.0.81");
const QString kPeerAddress = QStringLiteral("127.0.0.82");
const QString kOtherAddress = QStringLiteral("127.0.0.83");
// Nothing listens here.
const QString kSilentAddress = QStringLiteral("127.0.0.84");
const QString kUrl = QStringLiteral("http://receiver.test/listen");
// Local sockets answer at once; only an upper bound for a busy machine.
constexpr int kPatienceMs = 30'000;

// The value a node's webhooks.json holds for `url`; undefined when it has none.
QJsonValue webhookOn(const ControlNode &node, const QString &url) {
    const auto documents = ClusterStore(node.paths(), node.nodeId()).load();
    return documents && documents->webhooks.isLive(url)
               ? documents->webhooks.entries().value(url).value
               : QJsonValue(QJsonValue::Undefined);
}

// True when nothing listens on `address` and `port` now (it could be bound).
bool nothingListensOn(const QString &address, quint16 port) {
    QTcpServer probe;
    return probe.listen(QHostAddress(address), port);
}

} // namespace

class TestClusterOperations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void webhookAddReachesEveryMemberWithOneRowPerNode();
    void reloadAsksEveryMemberWithOneRowPerNode();
    void nodeWhereNothingListensIsANotOkRowAndTheOthersStillChange();
    void nodeWithAnotherClusterKeyIsTheKeyMismatchRow();

private:
    // Runs `operation` on the first node and waits (bounded) for its result.
    std::optional<ClusterResult>
    run(const std::function<void(ClusterOperations &, ClusterOperations::Done)> &operation);

    std::unique_ptr<ControlNode> m_self;
    std::unique_ptr<ControlNode> m_peer;
    std::unique_ptr<ControlNode> m_other; // holds another cluster key
    std::unique_ptr<QNetworkAccessManager> m_network;
};

void TestClusterOperations::init() {
    m_self = std::make_unique<ControlNode>(kSelfId, kClusterKey);
    m_peer = std::make_unique<ControlNode>(kPeerId, kClusterKey);
    m_other = std::make_unique<ControlNode>(kOtherId, kOtherKey);
    QVERIFY(m_self->workdir().isValid());
    QVERIFY(m_peer->workdir().isValid());
    QVERIFY(m_other->workdir().isValid());
    QVERIFY(ControlNode::listenTogether({m_self.get(), m_peer.get(), m_other.get()},
                                        {kSelfAddress, kPeerAddress, kOtherAddress}));
    m_network = std::make_unique<QNetworkAccessManager>();
}

void TestClusterOperations::cleanup() {
    m_network.reset();
    m_other.reset();
    m_peer.reset();
    m_self.reset();
}

std::optional<ClusterResult> TestClusterOperations::run(
    const std::function<void(ClusterOperations &, ClusterOperations::Done)> &operation) {
    ClusterOperations operations(m_self->context(), *m_network);
    std::optional<ClusterResult> result;
    operation(operations, [&result](const ClusterResult &done) { result = done; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, kPatienceMs))
        return std::nullopt;
    return result;
}

void TestClusterOperations::webhookAddReachesEveryMemberWithOneRowPerNode() {
    QVERIFY(m_self->workdir().addGlusterdPeer(kPeerId, kPeerAddress));
    WebhookSettings settings;
    settings.token = QStringLiteral("a-token");
    const auto result = run([&settings](ClusterOperations &operations, auto done) {
        operations.webhookAdd(kUrl, settings, std::move(done));
    });
    QVERIFY(result);
    QCOMPARE(result->refusal, Refusal::None);
    QCOMPARE(result->rows.column, StatusColumn::Sync);
    QCOMPARE(result->rows.rows.size(), 2);
    QCOMPARE(result->rows.rows[0].node, QStringLiteral("localhost"));
    QCOMPARE(result->rows.rows[1].node, kPeerAddress);
    for (const NodeRow &row : result->rows.rows) {
        QVERIFY2(row.ok, qPrintable(row.error));
        QVERIFY(row.nodeUp);
    }
    QCOMPARE(rowsExitCode(*result), 0);

    // Every member has it, with its token, and was told to reload.
    for (const ControlNode *node : {m_self.get(), m_peer.get()}) {
        QCOMPARE(webhookOn(*node, kUrl).toObject().value(QStringLiteral("token")).toString(),
                 QStringLiteral("a-token"));
        QCOMPARE(node->reloads(), 1);
    }
}

void TestClusterOperations::reloadAsksEveryMemberWithOneRowPerNode() {
    QVERIFY(m_self->workdir().addGlusterdPeer(kPeerId, kPeerAddress));
    const auto result =
        run([](ClusterOperations &operations, auto done) { operations.reload(std::move(done)); });
    QVERIFY(result);
    QCOMPARE(result->rows.column, StatusColumn::Reload);
    QCOMPARE(result->rows.rows.size(), 2);
    QVERIFY(result->allOk());
    QCOMPARE(m_self->reloads(), 1);
    QCOMPARE(m_peer->reloads(), 1);
}

void TestClusterOperations::nodeWhereNothingListensIsANotOkRowAndTheOthersStillChange() {
    const QString silentId = QStringLiteral("aaaaaaaa-0000-4000-8000-000000000004");
    QVERIFY(m_self->workdir().addGlusterdPeer(kPeerId, kPeerAddress));
    QVERIFY(m_self->workdir().addGlusterdPeer(silentId, kSilentAddress));
    QVERIFY(nothingListensOn(kSilentAddress, m_self->port()));
    const auto result = run([](ClusterOperations &operations, auto done) {
        operations.webhookAdd(kUrl, WebhookSettings{}, std::move(done));
    });
    QVERIFY(result);
    QCOMPARE(result->refusal, Refusal::None);
    QCOMPARE(result->rows.rows.size(), 3);
    QVERIFY(result->rows.rows[0].ok);
    QVERIFY(result->rows.rows[1].ok);
    const NodeRow &silent = result->rows.rows[2];
    QCOMPARE(silent.node, kSilentAddress);
    QVERIFY(!silent.ok);
    // The host answered (a refused connection): the node is up, its daemon is not.
    QVERIFY(silent.nodeUp);
    QCOMPARE(silent.error, QStringLiteral("glustereventsd is not running"));
    // Some OK, some not: the CLI exits 4.
    QVERIFY(!result->allOk());
    QVERIFY(!result->noneOk());
    QCOMPARE(rowsExitCode(*result), 4);
    QVERIFY(webhookOn(*m_peer, kUrl).isObject());
}

void TestClusterOperations::nodeWithAnotherClusterKeyIsTheKeyMismatchRow() {
    QVERIFY(m_self->workdir().addGlusterdPeer(kPeerId, kPeerAddress));
    QVERIFY(m_self->workdir().addGlusterdPeer(kOtherId, kOtherAddress));
    const auto result = run([](ClusterOperations &operations, auto done) {
        operations.webhookAdd(kUrl, WebhookSettings{}, std::move(done));
    });
    QVERIFY(result);
    QCOMPARE(result->rows.rows.size(), 3);
    QVERIFY(result->rows.rows[1].ok);
    const NodeRow &other = result->rows.rows[2];
    QCOMPARE(other.node, kOtherAddress);
    QVERIFY(!other.ok);
    QVERIFY(other.nodeUp);
    QCOMPARE(other.error, QStringLiteral("cluster key mismatch: copy %1 from this node to %2 and "
                                         "restart glustereventsd there")
                              .arg(m_self->paths().clusterKey, kOtherAddress));
    QCOMPARE(rowsExitCode(*result), 4);
    // It opened nothing, so it changed nothing.
    QVERIFY(webhookOn(*m_other, kUrl).isUndefined());
    QCOMPARE(m_other->reloads(), 0);
}

QTEST_GUILESS_MAIN(TestClusterOperations)
#include "tst_clusteroperations.moc"

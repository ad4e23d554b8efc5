// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// The questions about the cluster against nodes in this process (ControlNode: a real ControlApi
// behind a real ControlServer) and one hung node: a listener on the pool's port that takes
// connections and never answers, as a stopped daemon's kernel does. A question gives up on
// the hung node at the read deadline, not at the operation deadline, and says so in its row;
// the nodes that answer are unaffected. Times are checked only against wide bounds: at least
// the deadline, well under the operation's.
#include "clusteroperations.h"
#include "clusterqueries.h"
#include "controlnode.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QTcpServer>
#include <QTest>

#include <memory>
#include <optional>

namespace {

const QByteArray kClusterKey = QByteArrayLiteral("tst-clusterqueries-key-0123456789abcdef0123");
const QString kSelfId = QStringLiteral("bbbbbbbb-0000-4000-8000-000000000001");
const QString kPeerId = QStringLiteral("bbbbbbbb-0000-4000-8000-000000000002");
const QString kHungId = QStringLiteral("bbbbbbbb-0000-4000-8000-000000000003");
const QString kSelfAddress = QStringLiteral("127.0.0.87");
const QString kPeerAddress = QStringLiteral("127.0.0.88");
const QString kHungAddress = QStringLiteral("127.0.0.89");
constexpr int kPatienceMs = 30'000;
// A coarse timer may fire up to 5% early.
constexpr qint64 kReadDeadlineAtLeastMs = ControlClient::kQueryDeadlineMs * 95 / 100;
// Halfway to the operation deadline: a wide bound, still one that waiting as long as an
// operation would not meet.
constexpr qint64 kWellBeforeOperationDeadlineMs =
    (ControlClient::kQueryDeadlineMs + ControlClient::kOperationDeadlineMs) / 2;

// The hung node's row, and a wait that ended at the read deadline.
void verifyGaveUpAtTheReadDeadline(const NodeRow &hung, qint64 elapsedMs) {
    QCOMPARE(hung.node, kHungAddress);
    QVERIFY(!hung.ok);
    QVERIFY(!hung.nodeUp);
    QVERIFY2(elapsedMs >= kReadDeadlineAtLeastMs, qPrintable(QString::number(elapsedMs)));
    QVERIFY2(elapsedMs < kWellBeforeOperationDeadlineMs, qPrintable(QString::number(elapsedMs)));
}

} // namespace

class TestClusterQueries : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void statusGivesUpOnAHungNodeAtTheReadDeadline();
    void poolListGivesUpOnAHungNodeAtTheReadDeadline();
    void deliveriesGivesUpOnAHungNodeAtTheReadDeadline();
    void deliveriesAgainGivesUpOnANodeThatHungSinceAtTheReadDeadline();
    void operationsWaitForAHungNodeTheirOwnDeadline();

private:
    // Runs `question` on a new ClusterQueries, or on `queries`, and waits (bounded) for its
    // answer; how long it took.
    template <typename T>
    std::optional<T>
    ask(const std::function<void(ClusterQueries &, std::function<void(T)>)> &question,
        qint64 *elapsedMs, ClusterQueries *queries = nullptr);

    std::unique_ptr<ControlNode> m_self;
    std::unique_ptr<ControlNode> m_peer;
    std::unique_ptr<QTcpServer> m_hung;
    std::unique_ptr<QNetworkAccessManager> m_network;
};

void TestClusterQueries::init() {
    m_self = std::make_unique<ControlNode>(kSelfId, kClusterKey);
    m_peer = std::make_unique<ControlNode>(kPeerId, kClusterKey);
    QVERIFY(
        ControlNode::listenTogether({m_self.get(), m_peer.get()}, {kSelfAddress, kPeerAddress}));
    // Connections are taken (by the kernel, and by the server when the event loop runs) and
    // nothing is ever read or written.
    m_hung = std::make_unique<QTcpServer>();
    QVERIFY(m_hung->listen(QHostAddress(kHungAddress), m_self->port()));
    QVERIFY(m_self->workdir().addGlusterdPeer(kPeerId, kPeerAddress));
    QVERIFY(m_self->workdir().addGlusterdPeer(kHungId, kHungAddress));
    m_network = std::make_unique<QNetworkAccessManager>();
}

void TestClusterQueries::cleanup() {
    m_network.reset();
    m_hung.reset();
    m_peer.reset();
    m_self.reset();
}

template <typename T>
std::optional<T> TestClusterQueries::ask(
    const std::function<void(ClusterQueries &, std::function<void(T)>)> &question,
    qint64 *elapsedMs, ClusterQueries *queries) {
    std::optional<ClusterQueries> own;
    if (!queries)
        queries = &own.emplace(m_self->context(), *m_network);
    std::optional<T> answer;
    QElapsedTimer clock;
    clock.start();
    question(*queries, [&answer](T value) { answer.emplace(std::move(value)); });
    if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, kPatienceMs))
        return std::nullopt;
    *elapsedMs = clock.elapsed();
    return answer;
}

void TestClusterQueries::statusGivesUpOnAHungNodeAtTheReadDeadline() {
    qint64 elapsedMs = 0;
    const auto report = ask<Result<StatusReport>>(
        [](ClusterQueries &queries, auto done) { queries.status(std::move(done)); }, &elapsedMs);
    QVERIFY(report && report->ok());
    const NodeRows &rows = (*report)->rows;
    QCOMPARE(rows.rows.size(), 3);
    QVERIFY(rows.rows[0].ok);
    QVERIFY(rows.rows[1].ok);
    verifyGaveUpAtTheReadDeadline(rows.rows[2], elapsedMs);
    QCOMPARE(rows.rows[2].error, QStringLiteral("no answer in time"));
}

void TestClusterQueries::poolListGivesUpOnAHungNodeAtTheReadDeadline() {
    qint64 elapsedMs = 0;
    const auto entries = ask<Result<QList<PoolEntry>>>(
        [](ClusterQueries &queries, auto done) { queries.poolList(std::move(done)); }, &elapsedMs);
    QVERIFY(entries && entries->ok());
    QCOMPARE((*entries)->size(), 3);
    QVERIFY((*entries)->at(0).up);
    QVERIFY((*entries)->at(1).up);
    QCOMPARE((*entries)->at(2).node, kHungAddress);
    QVERIFY(!(*entries)->at(2).up);
    QVERIFY(elapsedMs >= kReadDeadlineAtLeastMs);
    QVERIFY(elapsedMs < kWellBeforeOperationDeadlineMs);
}

void TestClusterQueries::deliveriesGivesUpOnAHungNodeAtTheReadDeadline() {
    qint64 elapsedMs = 0;
    const auto report = ask<Result<DeliveriesReport>>(
        [](ClusterQueries &queries, auto done) {
            queries.deliveries(QString(), false, 100, std::move(done));
        },
        &elapsedMs);
    QVERIFY(report && report->ok());
    const NodeRows &nodes = (*report)->nodes;
    QCOMPARE(nodes.rows.size(), 3);
    // The others answered (these nodes keep no history: their rows say so, at once).
    QVERIFY(nodes.rows[0].nodeUp);
    QVERIFY(nodes.rows[1].nodeUp);
    // Its ping gave up, not the history's longer wait.
    verifyGaveUpAtTheReadDeadline(nodes.rows[2], elapsedMs);
}

// The GUI's daemon asks with one ClusterQueries all its life, which knows every node it has
// asked before: a node that answered once and hung since still costs the ping's deadline, not
// the history's.
void TestClusterQueries::deliveriesAgainGivesUpOnANodeThatHungSinceAtTheReadDeadline() {
    ClusterQueries queries(m_self->context(), *m_network);
    const auto askDeliveries = [](ClusterQueries &asked, auto done) {
        asked.deliveries(QString(), false, 100, std::move(done));
    };
    qint64 elapsedMs = 0;
    const auto first = ask<Result<DeliveriesReport>>(askDeliveries, &elapsedMs, &queries);
    QVERIFY(first && first->ok());
    QVERIFY((*first)->nodes.rows[1].nodeUp);

    // The peer hangs: its address still takes connections, nothing answers.
    const quint16 port = m_peer->port();
    m_peer.reset();
    QTcpServer hungPeer;
    QVERIFY(hungPeer.listen(QHostAddress(kPeerAddress), port));

    const auto again = ask<Result<DeliveriesReport>>(askDeliveries, &elapsedMs, &queries);
    QVERIFY(again && again->ok());
    const NodeRow &peer = (*again)->nodes.rows[1];
    QCOMPARE(peer.node, kPeerAddress);
    QVERIFY(!peer.ok);
    QVERIFY(!peer.nodeUp);
    QVERIFY2(elapsedMs >= kReadDeadlineAtLeastMs, qPrintable(QString::number(elapsedMs)));
    QVERIFY2(elapsedMs < kWellBeforeOperationDeadlineMs, qPrintable(QString::number(elapsedMs)));
}

void TestClusterQueries::operationsWaitForAHungNodeTheirOwnDeadline() {
    ClusterOperations operations(m_self->context(), *m_network);
    std::optional<ClusterResult> result;
    QElapsedTimer clock;
    clock.start();
    operations.configSet(QStringLiteral("log_level"), QStringLiteral("DEBUG"),
                         [&result](const ClusterResult &done) { result = done; });
    QVERIFY(QTest::qWaitFor([&result] { return result.has_value(); }, kPatienceMs));
    const qint64 elapsedMs = clock.elapsed();
    QCOMPARE(result->rows.rows.size(), 3);
    QVERIFY(result->rows.rows[0].ok);
    QVERIFY(result->rows.rows[1].ok);
    QVERIFY(!result->rows.rows[2].ok);
    QVERIFY2(elapsedMs >= ControlClient::kOperationDeadlineMs * 95 / 100,
             qPrintable(QString::number(elapsedMs)));
}

QTEST_GUILESS_MAIN(TestClusterQueries)
#include "tst_clusterqueries.moc"

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// Catch-up between nodes in this process: PeerSync on one node, the other node's real
// ControlApi behind a real ControlServer (ControlNode) on its own 127.0.0.x address. Which
// entries a pull adopts (the newer ones, deletions too) and which it leaves (older ones), and
// that a push reaches the peers. tests/integration/tst_cluster checks catch-up between daemons.
#include "clusterstore.h"
#include "controlnode.h"
#include "peersync.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

#include <memory>

namespace {

const QByteArray kClusterKey = QByteArrayLiteral("tst-peersync-key-0123456789abcdef0123456789ab");
const QString kSelfId = QStringLiteral("bbbbbbbb-0000-4000-8000-000000000001");
const QString kPeerId = QStringLiteral("bbbbbbbb-0000-4000-8000-000000000002");
const QString kSelfAddress = QStringLiteral("127.0.0.85");
const QString kPeerAddress = QStringLiteral("127.0.0.86");
const QString kFirstUrl = QStringLiteral("http://first.test/listen");
const QString kSecondUrl = QStringLiteral("http://second.test/listen");
const QString kThirdUrl = QStringLiteral("http://third.test/listen");
// Local sockets answer at once; only an upper bound for a busy machine.
constexpr int kPatienceMs = 30'000;

QJsonObject tokenValue(const QString &token) {
    return {{QStringLiteral("token"), token}, {QStringLiteral("secret"), QString()}};
}

// Writes `change` into the node's documents as a node's own edit would.
bool edit(const ControlNode &node, const std::function<void(ClusterDocuments &)> &change) {
    return ClusterStore(node.paths(), node.nodeId())
        .edit([&change](ClusterStore::Editor &editor) {
            change(editor.documents);
            return Status::success();
        })
        .ok();
}

ClusterDocuments documentsOf(const ControlNode &node) {
    const auto documents = ClusterStore(node.paths(), node.nodeId()).load();
    return documents ? *documents : ClusterDocuments();
}

QString tokenOn(const ControlNode &node, const QString &url) {
    return documentsOf(node)
        .webhooks.entries()
        .value(url)
        .value.toObject()
        .value(QStringLiteral("token"))
        .toString();
}

} // namespace

class TestPeerSync : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void pullAdoptsNewerEntriesFromAPeerAndKeepsItsOwnNewerOnes();
    void pushSendsThisNodesDocumentsToEveryPeer();

private:
    std::unique_ptr<ControlNode> m_self;
    std::unique_ptr<ControlNode> m_peer;
    std::unique_ptr<QNetworkAccessManager> m_network;
};

void TestPeerSync::init() {
    m_self = std::make_unique<ControlNode>(kSelfId, kClusterKey);
    m_peer = std::make_unique<ControlNode>(kPeerId, kClusterKey);
    QVERIFY(m_self->workdir().isValid());
    QVERIFY(m_peer->workdir().isValid());
    QVERIFY(
        ControlNode::listenTogether({m_self.get(), m_peer.get()}, {kSelfAddress, kPeerAddress}));
    QVERIFY(m_self->workdir().addGlusterdPeer(kPeerId, kPeerAddress));
    m_network = std::make_unique<QNetworkAccessManager>();
}

void TestPeerSync::cleanup() {
    m_network.reset();
    m_peer.reset();
    m_self.reset();
}

void TestPeerSync::pullAdoptsNewerEntriesFromAPeerAndKeepsItsOwnNewerOnes() {
    // The first webhook and the third's deletion are newer on the peer; the second is newer
    // here; a config entry only the peer has.
    QVERIFY(edit(*m_self, [](ClusterDocuments &documents) {
        documents.webhooks.set(kFirstUrl, tokenValue(QStringLiteral("old-here")), {5, kSelfId});
        documents.webhooks.set(kSecondUrl, tokenValue(QStringLiteral("new-here")), {20, kSelfId});
        documents.webhooks.set(kThirdUrl, tokenValue(QStringLiteral("here")), {4, kSelfId});
    }));
    QVERIFY(edit(*m_peer, [](ClusterDocuments &documents) {
        documents.webhooks.set(kFirstUrl, tokenValue(QStringLiteral("new-there")), {10, kPeerId});
        documents.webhooks.set(kSecondUrl, tokenValue(QStringLiteral("old-there")), {3, kPeerId});
        documents.webhooks.remove(kThirdUrl, {9, kPeerId});
        documents.config.set(QStringLiteral("retry_max_interval"), 30, {8, kPeerId});
    }));

    PeerSync sync(m_self->context(), *m_network);
    QSignalSpy adopted(&sync, &PeerSync::adopted);
    sync.pullNow();
    QVERIFY(adopted.wait(kPatienceMs));
    QCOMPARE(adopted.first().at(0).toString(), QStringLiteral("caught up 3 entries from peers"));

    QCOMPARE(tokenOn(*m_self, kFirstUrl), QStringLiteral("new-there"));
    QCOMPARE(tokenOn(*m_self, kSecondUrl), QStringLiteral("new-here"));
    const ClusterDocuments after = documentsOf(*m_self);
    QVERIFY(!after.webhooks.isLive(kThirdUrl));
    QCOMPARE(after.config.entries().value(QStringLiteral("retry_max_interval")).value.toInt(), 30);
    // A pull takes; it changes nothing on the peer.
    QCOMPARE(tokenOn(*m_peer, kSecondUrl), QStringLiteral("old-there"));
}

void TestPeerSync::pushSendsThisNodesDocumentsToEveryPeer() {
    QVERIFY(edit(*m_self, [](ClusterDocuments &documents) {
        documents.webhooks.set(kFirstUrl, tokenValue(QStringLiteral("from-here")), {2, kSelfId});
    }));

    PeerSync sync(m_self->context(), *m_network);
    sync.pushNow();
    QTRY_COMPARE_WITH_TIMEOUT(m_peer->reloads(), 1, kPatienceMs);
    QCOMPARE(tokenOn(*m_peer, kFirstUrl), QStringLiteral("from-here"));
}

QTEST_GUILESS_MAIN(TestPeerSync)
#include "tst_peersync.moc"

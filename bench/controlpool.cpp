// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "controlpool.h"

#include "benchtools.h"
#include "clusterkey.h"
#include "testfiles.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QThread>

#include <csignal>

namespace {

QString uuidOf(int index) {
    return QStringLiteral("5ca1ab1e-0000-4000-8000-%1").arg(index, 12, 10, QLatin1Char('0'));
}

double cpuSecondsOf(const std::vector<std::unique_ptr<DaemonProcess>> &nodes) {
    double total = 0;
    for (const auto &node : nodes)
        total += readProcess(node->pid()).cpuSeconds;
    return total;
}

} // namespace

ControlPool::ControlPool(int nodes) {
    QStringList addresses;
    for (int i = 0; i < nodes && i < kMaxNodes; ++i)
        addresses.append(addressOf(i));
    const quint16 port = freePortOnAll(addresses);
    for (const QString &address : std::as_const(addresses))
        m_nodes.push_back(std::make_unique<DaemonProcess>(address, port));
}

ControlPool::~ControlPool() {
    for (const auto &node : m_nodes)
        node->sendSignal(SIGCONT);
    for (const auto &node : m_nodes)
        node->sendSignal(SIGTERM);
}

QString ControlPool::addressOf(int index) {
    return QStringLiteral("127.0.0.%1").arg(100 + index);
}

bool ControlPool::start(QString *why) {
    if (m_nodes.empty() || m_nodes.front()->port() == 0) {
        *why = QStringLiteral("no port free on every address");
        return false;
    }
    const QString key = m_nodes.front()->eventsDir() + QStringLiteral("/cluster.key");
    if (const auto made = ClusterKey::loadOrCreate(key); !made) {
        *why = made.error();
        return false;
    }
    const QJsonObject config{{QStringLiteral("port"), int(m_nodes.front()->port())},
                             {QStringLiteral("cluster_key_distribution"), false}};
    for (size_t i = 0; i < m_nodes.size(); ++i) {
        DaemonProcess &node = *m_nodes[i];
        bool written =
            writeFile(node.defaultConfigFile(), QJsonDocument(config).toJson()) &&
            writeFile(node.workdir() + QStringLiteral("/glusterd.info"),
                      "UUID=" + uuidOf(int(i)).toLatin1() + "\noperating-version=100000\n");
        const bool knowsThePool = i == 0 || i + 1 == m_nodes.size();
        for (size_t peer = 0; peer < m_nodes.size() && written && knowsThePool; ++peer) {
            if (peer == i)
                continue;
            written = writeFile(node.workdir() + QStringLiteral("/peers/") + uuidOf(int(peer)),
                                "uuid=" + uuidOf(int(peer)).toLatin1() + "\nstate=3\nhostname1=" +
                                    addressOf(int(peer)).toLatin1() + '\n');
        }
        if (i > 0)
            node.copyClusterKeyFrom(*m_nodes.front());
        // Should a decision to send the key be taken anyway, it fails here, not on a real pool.
        node.setEnvironmentVariable(QStringLiteral("GLUSTER_CLI"),
                                    QStringLiteral("/nonexistent/gluster"));
        if (!written) {
            *why = QStringLiteral("cannot write %1's files").arg(node.listenAddress());
            return false;
        }
    }
    for (const auto &node : m_nodes) {
        if (!node->start()) {
            *why = QStringLiteral("the daemon on %1 did not start: %2")
                       .arg(node->listenAddress(), QString::fromUtf8(node->log().right(300)));
            return false;
        }
    }
    return true;
}

void ControlPool::waitUntilQuiet(int limitMs) const {
    const QDeadlineTimer deadline(limitMs);
    double cpu = cpuSecondsOf(m_nodes);
    while (!deadline.hasExpired()) {
        QThread::msleep(500);
        const double now = cpuSecondsOf(m_nodes);
        if (now - cpu < 0.05)
            return;
        cpu = now;
    }
}

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "clicontext.h"

#include "clusterkey.h"
#include "config.h"
#include "jsonfile.h"
#include "nodeidentity.h"

#include <QFileInfo>
#include <QHostInfo>

CliPaths resolvePaths(const CliCommand &command) {
    const QString workdir =
        !command.workdir.isEmpty()
            ? command.workdir
            : qEnvironmentVariable("GLUSTERD_WORKDIR", QStringLiteral("/var/lib/glusterd"));
    const QString configFile =
        !command.configFile.isEmpty()
            ? command.configFile
            : qEnvironmentVariable("GLUSTER_EVENTS_DEFAULT_CONFIG",
                                   QStringLiteral("/etc/glusterfs/eventsconfig.json"));
    return CliPaths{EventsPaths(workdir), configFile};
}

Result<ClusterContext> resolveContext(const CliCommand &command, const CliPaths &where,
                                      KeyNeed keyNeed) {
    using R = Result<ClusterContext>;
    const EventsPaths &paths = where.paths;
    const auto nodeId = NodeIdentity::load(paths);
    if (!nodeId)
        return R::failure(nodeId.error());
    // A broken config file is reported by the operation that reads it (config-set: exit 9);
    // here it only costs the configured port.
    const auto config = Config::load(where.defaultConfigFile, paths.config);
    const quint16 configPort = config ? config->port() : Config::defaults().port();
    const bool distribution =
        config ? config->clusterKeyDistribution() : Config::defaults().clusterKeyDistribution();
    // On a glusterd pool the daemons bring the pool's key; one made here would differ from it.
    const bool waitingForPool =
        !QFileInfo::exists(paths.clusterKey) && ClusterKey::comesFromPool(paths, distribution);
    if (waitingForPool && keyNeed == KeyNeed::Required)
        return R::failure(
            QStringLiteral("%1 has not arrived yet: the glustereventsd of a node that has it sends "
                           "it through glusterd; check that glustereventsd runs here and on the "
                           "other nodes, and its log")
                .arg(paths.clusterKey));
    const auto key = waitingForPool ? Result<QByteArray>(QByteArray())
                                    : ClusterKey::loadOrCreate(paths.clusterKey);
    if (!key)
        return R::failure(key.error());

    // daemon.json says where this node's daemon really listens, even after `config-set port`
    // and before a restart; every node shares that port, so peers are asked there too.
    const auto runtime = JsonFile::readObject(paths.daemon, JsonFile::IfMissing::Empty);
    const QJsonObject daemon = runtime ? *runtime : QJsonObject();
    ClusterContext context;
    context.paths = paths;
    context.nodeId = *nodeId;
    context.clusterKey = *key;
    context.defaultConfigFile = where.defaultConfigFile;
    context.port = quint16(daemon.value(QStringLiteral("port")).toInt(configPort));
    if (!command.listen.isEmpty())
        context.self = NodeAddress{command.listen, context.port};
    else if (daemon.contains(QStringLiteral("address")))
        context.self =
            NodeAddress{daemon.value(QStringLiteral("address")).toString(), context.port};
    else
        context.self = NodeAddress{QStringLiteral("127.0.0.1"), context.port};
    context.self.nodeId = context.nodeId;
    context.selfHost = daemon.value(QStringLiteral("advertise")).toString();
    if (context.selfHost.isEmpty())
        context.selfHost = command.listen.isEmpty() ? QHostInfo::localHostName() : command.listen;
    return context;
}

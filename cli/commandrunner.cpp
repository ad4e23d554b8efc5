// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "commandrunner.h"

#include "clicontext.h"
#include "clusteroperations.h"
#include "clusterqueries.h"
#include "clusterstore.h"
#include "configschema.h"
#include "eventtail.h"
#include "eventtypes.h"
#include "exitcodes.h"
#include "output.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>
#include <QFile>
#include <QHostInfo>
#include <QUdpSocket>

namespace {

struct Printer {
    const CliCommand &command;
    const QString &program;
    CommandOutcome outcome;

    CommandOutcome fail(int code, const QString &error) {
        outcome.exitCode = code;
        if (command.json)
            outcome.standardOutput += jsonEnvelope(QString(), error);
        else
            outcome.standardError += (program + u": " + error + u'\n').toUtf8();
        return outcome;
    }
    CommandOutcome succeed(int code, const QString &table, const QJsonValue &json) {
        outcome.exitCode = code;
        if (command.json)
            outcome.standardOutput += jsonEnvelope(json, QString());
        else
            outcome.standardOutput += table.toUtf8();
        return outcome;
    }
    void note(const QString &line) { outcome.standardError += (line + u'\n').toUtf8(); }
};

template <typename T> T waitFor(const std::function<void(std::function<void(T)>)> &start) {
    std::optional<T> result;
    QEventLoop loop;
    start([&](T value) {
        result.emplace(std::move(value));
        loop.quit();
    });
    if (!result)
        loop.exec();
    return std::move(*result);
}

CommandOutcome runConfigGet(Printer &out, const CliPaths &where) {
    const ConfigValues config = ClusterQueries::configGet(
        where.defaultConfigFile, where.paths.config, out.command.configName);
    if (config.refusal != Refusal::None)
        return out.fail(refusalExitCode(config.refusal), config.error);
    QList<QPair<QString, QString>> rows;
    QJsonObject json;
    for (const auto &[name, value] : config.values) {
        rows.append({name, ConfigSchema::valueText(value)});
        json.insert(name, value);
    }
    return out.succeed(0, configTable(rows), json);
}

// emit: one datagram in the wire format gluster processes use, to this node's daemon.
CommandOutcome runEmit(Printer &out, const ClusterContext &context,
                       QNetworkAccessManager &network) {
    const CliCommand &command = out.command;
    QString type = command.eventType.trimmed().toUpper();
    bool isIndex = false;
    const int index = type.toInt(&isIndex);
    if (isIndex)
        type = EventTypes::nameOf(index).value_or(QLatin1StringView()).toString();
    else if (!EventTypes::indexOf(type.toLatin1()))
        type.clear();
    if (type.isEmpty())
        return out.fail(1, QCoreApplication::translate(
                               "cli", "unknown event type '%1'; the types are the names (or "
                                      "numbers) of common/protocol/event-types.tsv")
                               .arg(command.eventType));
    for (const QString &pair : command.pairs) {
        const qsizetype equals = pair.indexOf(u'=');
        if (equals <= 0)
            return out.fail(1,
                            QCoreApplication::translate("cli", "'%1' is not key=value").arg(pair));
        if (pair.contains(u';'))
            return out.fail(1, QCoreApplication::translate(
                                   "cli", "'%1' contains ';', which separates pairs on the wire")
                                   .arg(pair));
    }
    const QByteArray datagram = QByteArray::number(QDateTime::currentSecsSinceEpoch()) + ' ' +
                                type.toLatin1() + ' ' + command.pairs.join(u';').toUtf8();
    // UDP says nothing back: ask the daemon first, so a stopped one is an error, not silence.
    ControlClient pinger(network, std::nullopt, 5'000);
    const auto ping = waitFor<ControlReply>([&](auto done) {
        pinger.send(context.self, "GET", QStringLiteral("/v1/ping"), {},
                    [done](const ControlReply &reply) { done(reply); });
    });
    if (ping.outcome != ControlReply::Outcome::Ok)
        return out.fail(1, QCoreApplication::translate(
                               "cli", "glustereventsd does not answer on %1:%2 (%3); start it "
                                      "first")
                               .arg(context.self.host)
                               .arg(context.self.port)
                               .arg(ping.error));
    QHostAddress address(context.self.host);
    if (address.isNull()) {
        const QHostInfo info = QHostInfo::fromName(context.self.host);
        if (info.addresses().isEmpty())
            return out.fail(1, info.errorString());
        address = info.addresses().constFirst();
    }
    QUdpSocket socket;
    if (socket.writeDatagram(datagram, address, context.self.port) != datagram.size())
        return out.fail(1, socket.errorString());
    const QString where = QStringLiteral("%1:%2").arg(context.self.host).arg(context.self.port);
    return out.succeed(0, QStringLiteral("sent %1 to %2\n").arg(type, where),
                       QJsonObject{{QStringLiteral("event"), type},
                                   {QStringLiteral("node"), where},
                                   {QStringLiteral("datagram"), QString::fromUtf8(datagram)}});
}

// events: streams to stdout until interrupted; only a failure to start comes back here.
CommandOutcome runEvents(Printer &out, const ClusterContext &context,
                         QNetworkAccessManager &network) {
    QList<NodeAddress> nodes{context.self};
    if (out.command.allNodes) {
        const auto documents = ClusterStore(context.paths, context.nodeId).load();
        if (!documents)
            return out.fail(1, documents.error());
        nodes.clear();
        for (const PoolMember &member : context.members(documents->pool))
            nodes.append(context.addressOf(member));
    }
    EventTail tail(context, network, out.command.json, stdout, stderr);
    out.outcome.exitCode = tail.run(nodes);
    return out.outcome;
}

} // namespace

CommandOutcome runCommand(const CliCommand &command, const QString &programName,
                          QNetworkAccessManager &network) {
    Printer out{command, programName, {}};
    const CliPaths where = resolvePaths(command);
    const Operation operation = command.operation;
    if (operation == Operation::ConfigGet)
        return runConfigGet(out, where);

    const bool pingsOnly = operation == Operation::Status || operation == Operation::PoolList;
    const auto context =
        resolveContext(command, where, pingsOnly ? KeyNeed::Optional : KeyNeed::Required);
    if (!context)
        return out.fail(1, context.error());

    if (pingsOnly) {
        ClusterQueries queries(*context, network);
        if (operation == Operation::Status) {
            const auto report =
                waitFor<Result<StatusReport>>([&](auto done) { queries.status(std::move(done)); });
            if (!report)
                return out.fail(1, report.error());
            return out.succeed(0, statusText(report->webhookLines, report->rows),
                               statusJson(report->webhookUrls, report->rows));
        }
        const auto entries = waitFor<Result<QList<PoolEntry>>>(
            [&](auto done) { queries.poolList(std::move(done)); });
        if (!entries)
            return out.fail(1, entries.error());
        QList<PoolRow> rows;
        for (const PoolEntry &entry : *entries)
            rows.append(PoolRow{entry.node, entry.nodeId, entry.up});
        return out.succeed(0, poolTable(rows), poolJson(rows));
    }

    if (operation == Operation::Emit)
        return runEmit(out, *context, network);
    if (operation == Operation::Events)
        return runEvents(out, *context, network);

    if (operation == Operation::Deliveries) {
        ClusterQueries queries(*context, network);
        const auto report = waitFor<Result<DeliveriesReport>>([&](auto done) {
            queries.deliveries(command.url, command.failedOnly, command.limit, std::move(done));
        });
        if (!report)
            return out.fail(1, report.error());
        ClusterResult nodes;
        nodes.rows = report->nodes;
        for (const NodeRow &node : report->nodes.rows) {
            if (!node.ok)
                out.note(QCoreApplication::translate("cli", "%1: no history: %2")
                             .arg(node.node, node.error));
        }
        return out.succeed(rowsExitCode(nodes), deliveriesTable(report->rows),
                           deliveriesJson(report->rows));
    }

    WebhookSettings settings{command.token,         command.secret,   command.events,
                             command.signingSecret, command.parallel, std::nullopt,
                             command.insecure};
    if (command.caCertFile) {
        if (command.caCertFile->isEmpty()) {
            settings.caCert = QByteArray();
        } else {
            QFile file(*command.caCertFile);
            if (!file.open(QIODevice::ReadOnly) || file.size() > 1024 * 1024)
                return out.fail(
                    1, QCoreApplication::translate("cli", "cannot read the CA certificate %1: %2")
                           .arg(*command.caCertFile, file.isOpen()
                                                         ? QStringLiteral("larger than 1 MiB")
                                                         : file.errorString()));
            settings.caCert = file.readAll();
        }
    }

    ClusterOperations operations(*context, network);
    const QString token = command.token.value_or(QString());
    const QString secret = command.secret.value_or(QString());
    const auto result = waitFor<ClusterResult>([&](ClusterOperations::Done done) {
        switch (operation) {
        case Operation::WebhookAdd:
            return operations.webhookAdd(command.url, settings, std::move(done));
        case Operation::WebhookMod:
            return operations.webhookModify(command.url, settings, std::move(done));
        case Operation::WebhookDel:
            return operations.webhookDelete(command.url, std::move(done));
        case Operation::WebhookTest:
            return operations.webhookTest(command.url, token, secret, std::move(done));
        case Operation::ConfigSet:
            return operations.configSet(command.configName, command.configValue, std::move(done));
        case Operation::ConfigReset:
            return operations.configReset(command.configName, std::move(done));
        case Operation::PeerAdd:
            return operations.peerAdd(command.host, std::move(done));
        case Operation::PeerDel:
            return operations.peerDelete(command.host, std::move(done));
        case Operation::Sync:
            return operations.sync(std::move(done));
        case Operation::Reload:
            return operations.reload(std::move(done));
        case Operation::Replay:
            return operations.replay(command.url, command.sinceMs, command.dead, std::move(done));
        default:
            // The parser only gives commands of the table's command line, each handled above.
            return done(ClusterResult{
                Refusal::CannotRun,
                QStringLiteral("%1 is not a command").arg(Operations::name(operation)),
                {},
                {}});
        }
    });
    if (result.refusal != Refusal::None)
        return out.fail(refusalExitCode(result.refusal), result.error);
    for (const QString &note : result.notes)
        out.note(note);
    // reload exits 0 whatever the nodes said, as the original does.
    const int code = operation == Operation::Reload ? 0 : rowsExitCode(result);
    return out.succeed(code, nodeTable(result.rows), nodeRowsJson(result.rows));
}

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "configcheck.h"

#include "clusterkey.h"
#include "config.h"
#include "configschema.h"
#include "eventspaths.h"
#include "webhookstore.h"

#include <QFileInfo>

ConfigCheck ConfigCheck::run(const DaemonOptions &options) {
    ConfigCheck check;
    const EventsPaths paths(options.workdir);
    check.report.append(QStringLiteral("work dir: %1").arg(paths.eventsDir));

    const auto config = Config::load(options.defaultConfigFile, paths.config);
    if (!config) {
        check.errors.append(config.error());
    } else {
        check.report.append(QStringLiteral("default config: %1%2")
                                .arg(options.defaultConfigFile,
                                     QFileInfo::exists(options.defaultConfigFile)
                                         ? QString()
                                         : QStringLiteral(" (absent: built-in defaults)")));
        for (const ConfigSetting &setting : ConfigSchema::settings())
            check.report.append(QStringLiteral("  %1 = %2")
                                    .arg(setting.name, ConfigSchema::valueText(
                                                           config->values().value(setting.name))));
        for (const QString &warning : config->warnings())
            check.report.append(QStringLiteral("  warning: %1").arg(warning));
        // The daemon starts with these skipped, so they warn rather than fail the check.
        for (const SettingsProblem &problem : config->problems())
            check.report.append(QStringLiteral("  warning: %1").arg(problem.text));
    }

    const auto webhooks = WebhookStore::load(paths.webhooks);
    if (!webhooks) {
        check.errors.append(webhooks.error());
    } else {
        check.report.append(QStringLiteral("webhooks: %1").arg(webhooks->webhooks.size()));
        for (const Webhook &webhook : webhooks->webhooks) {
            const QString notes = webhook.notes();
            check.report.append(QStringLiteral("  %1%2").arg(
                webhook.url, notes.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(notes)));
        }
        for (const SettingsProblem &problem : webhooks->problems)
            check.report.append(QStringLiteral("  warning: %1").arg(problem.text));
    }

    const bool distribution =
        config ? config->clusterKeyDistribution() : Config::defaults().clusterKeyDistribution();
    if (!QFileInfo::exists(paths.clusterKey) && ClusterKey::comesFromPool(paths, distribution)) {
        check.report.append(
            QStringLiteral("cluster key: none yet (sent by the daemons of the glusterd pool)"));
    } else if (!QFileInfo::exists(paths.clusterKey)) {
        check.report.append(QStringLiteral("cluster key: none yet (created at first start)"));
    } else if (const auto key = ClusterKey::load(paths.clusterKey); !key) {
        check.errors.append(key.error());
    } else {
        check.report.append(
            QStringLiteral("cluster key: %1 (fingerprint)").arg(ClusterKey::fingerprint(*key)));
    }
    return check;
}

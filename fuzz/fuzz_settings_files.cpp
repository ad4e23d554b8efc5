// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// The loaders of the files under events/ and the default config file. The first input byte
// chooses the file the rest becomes; then the daemon's loaders read the work dir. Checks what
// docs/contract.md (files) promises of bad files: a load that fails changes no file, and a load
// that succeeds leaves files that load again to the same files (a hand edit is adopted once).
#include "clusterstore.h"
#include "config.h"
#include "fuzzsupport.h"
#include "webhookstore.h"

#include <QDir>
#include <QFile>

#include <cstdlib>

namespace {

using FuzzSupport::snapshot;

void write(const QString &path, const QByteArray &content) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(content) != content.size())
        std::abort(); // the harness itself failed
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    FuzzSupport::initialize();
    if (size == 0)
        return 0;
    const QString workdir = FuzzSupport::scratchDir() + QStringLiteral("/settings");
    QDir(workdir).removeRecursively();
    const EventsPaths paths(workdir);
    QDir().mkpath(paths.eventsDir);
    const QString defaultConfig = workdir + QStringLiteral("/eventsconfig.json");
    const QString targets[] = {paths.webhooks, paths.config, paths.state, paths.peers,
                               defaultConfig};
    write(targets[data[0] % 5], FuzzSupport::bytes(data + 1, size - 1));

    (void)WebhookStore::load(paths.webhooks);
    (void)Config::load(defaultConfig, paths.config);

    const ClusterStore store(paths, QStringLiteral("7f9d0c3e-5a1b-4c2d-9e8f-0a1b2c3d4e5f"));
    const auto before = snapshot(paths.eventsDir);
    const auto first = store.load();
    const auto afterFirst = snapshot(paths.eventsDir);
    if (!first) {
        if (afterFirst != before)
            std::abort(); // a failed load changed a file
        return 0;
    }
    const auto second = store.load();
    if (!second || snapshot(paths.eventsDir) != afterFirst)
        std::abort(); // what a successful load wrote does not load back to itself
    return 0;
}

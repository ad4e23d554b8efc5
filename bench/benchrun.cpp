// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "benchrun.h"

#include "daemonprocess.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QThread>

#include <cstdio>

namespace {

void printRow(const QString &label, const QString &value) {
    std::printf("  %-60s %s\n", qPrintable(label), qPrintable(value));
    std::fflush(stdout);
}

} // namespace

void BenchRun::record(const FigureKey &name, int round, double value) {
    m_figures.record(name, round, value);
    printRow(name.label, QString::number(value, 'f', name.decimals));
}

void BenchRun::recordSamples(const FigureKey &name, int round, double value,
                             QList<qint64> samples) {
    record(name, round, value);
    m_figures.addSamples(name, round, std::move(samples));
}

void BenchRun::fail(const QList<FigureKey> &names, int round, const QString &why) {
    for (const FigureKey &name : names) {
        m_figures.fail(name, round, why);
        printRow(name.label, QStringLiteral("FAILED: %1").arg(why));
    }
}

void BenchRun::note(const QString &text) {
    m_notes.append(text);
    std::printf("  %s\n", qPrintable(text));
    std::fflush(stdout);
}

std::unique_ptr<DaemonProcess> BenchRun::startDaemon(const QJsonObject &webhooks, QString *why,
                                                     const QJsonObject &config,
                                                     double *startSeconds) const {
    auto daemon = std::make_unique<DaemonProcess>(address(), freePort(address()));
    daemon->writeWebhooks(webhooks);
    QJsonObject settings = m_settings.extraConfig;
    settings.insert(QStringLiteral("retry_max_interval"), 1);
    for (auto it = config.begin(); it != config.end(); ++it)
        settings.insert(it.key(), it.value());
    daemon->writeConfig(settings);
    QElapsedTimer clock;
    clock.start();
    const bool started = daemon->start();
    if (startSeconds)
        *startSeconds = double(clock.nsecsElapsed()) / 1e9;
    if (!started || !daemon->waitForLog("receive buffer", 10'000)) {
        std::fprintf(stderr, "events_bench: the daemon did not start:\n%s\n",
                     daemon->log().constData());
        *why = QStringLiteral("the daemon did not start");
        return nullptr;
    }
    return daemon;
}

QJsonObject BenchRun::webhooksFor(quint16 firstPort, int count, int parallel) const {
    QJsonObject webhooks;
    for (int i = 0; i < count; ++i) {
        QJsonObject webhook{{QStringLiteral("token"), QString()},
                            {QStringLiteral("secret"), QString()}};
        if (parallel > 1)
            webhook.insert(QStringLiteral("parallel"), parallel);
        webhooks.insert(QStringLiteral("http://%1:%2/").arg(address()).arg(firstPort + i), webhook);
    }
    return webhooks;
}

std::optional<QString> BenchRun::startSink(Sink &sink, QString *why) const {
    const quint16 port = freePort(address());
    if (!sink.start(address(), port)) {
        *why = QStringLiteral("the receiver did not start");
        return std::nullopt;
    }
    return QStringLiteral("http://%1:%2/").arg(address()).arg(port);
}

std::optional<qint64> eventsTaken(const DaemonProcess &daemon) {
    const double taken =
        daemonMetric(daemon.listenAddress(), daemon.port(), "glustereventsd_events_received_total");
    if (taken < 0)
        return std::nullopt;
    return qint64(taken);
}

std::optional<qint64> waitForIngest(const DaemonProcess &daemon, qint64 count) {
    const QDeadlineTimer deadline(60'000);
    std::optional<qint64> taken = eventsTaken(daemon);
    while ((!taken || *taken < count) && !deadline.hasExpired()) {
        QThread::msleep(100);
        taken = eventsTaken(daemon);
    }
    return taken;
}

std::optional<DeliveryCount> countReceived(Sink &sink, const ExpectedIds &expected,
                                           QList<qint64> *latenciesUs, QString *why,
                                           QHash<int, QList<qint64>> *byWebhook) {
    const std::optional<QList<Receipt>> receipts = sink.receipts(why);
    if (!receipts)
        return std::nullopt;
    // Requests without an id are not in the list; each is one nobody expected.
    const Sink::Stats stats = sink.stats();
    if (latenciesUs)
        latenciesUs->clear();
    if (byWebhook)
        byWebhook->clear();
    for (const Receipt &receipt : *receipts) {
        if (receipt.latencyUs < 0)
            continue;
        if (latenciesUs)
            latenciesUs->append(receipt.latencyUs);
        if (byWebhook)
            (*byWebhook)[receipt.webhook].append(receipt.latencyUs);
    }
    DeliveryCount count = countDeliveries(*receipts, expected);
    count.unexpected += qint64(stats.anonymous);
    return count;
}

// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once
// One events_bench run: its settings, the figures it has taken so far (printed as they are
// taken) and the pieces every scenario starts from: a daemon, a receiver, the daemon's count
// of events taken in, the receiver's count of what arrived.
#include "benchfigures.h"
#include "benchtools.h"
#include "deliverycount.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

class DaemonProcess;

// How long a receiver may go without a request before a run stops waiting for the rest.
constexpr int kReceiveStallMs = 15'000;

struct BenchSettings {
    QString address;
    QJsonObject extraConfig; // merged into every daemon's config.json (--daemon-config)
    int loopSeconds = 5;     // each bare-loop run; a daemon run drains for 7-13 s
    QString ingestProfiler;  // --profile-ingest: attached to the daemon while it spools
    QString drainProfiler;   // --profile-drain: attached to the daemon while it drains
};

class BenchRun {
public:
    explicit BenchRun(BenchSettings settings)
        : m_settings(std::move(settings)) {}

    const BenchSettings &settings() const { return m_settings; }
    const QString &address() const { return m_settings.address; }
    const BenchFigures &figures() const { return m_figures; }
    const QStringList &notes() const { return m_notes; }

    void record(const FigureKey &name, int round, double value);
    void recordSamples(const FigureKey &name, int round, double value, QList<qint64> samples);
    // Every figure in `names` has no value in `round`, for `why`.
    void fail(const QList<FigureKey> &names, int round, const QString &why);
    void note(const QString &text);

    // A daemon on a fresh work dir with `webhooks`, retrying at least every second so that a
    // backlog starts draining as soon as its receiver comes up; `config` goes over that and the
    // settings' extraConfig. Null, with why, if it did not start. `startSeconds`, when given,
    // gets the time from exec until it listened (every webhook's sender made by then).
    std::unique_ptr<DaemonProcess> startDaemon(const QJsonObject &webhooks, QString *why,
                                               const QJsonObject &config = {},
                                               double *startSeconds = nullptr) const;
    // `count` webhooks on consecutive ports from `firstPort`, `parallel` in flight each.
    QJsonObject webhooksFor(quint16 firstPort, int count, int parallel) const;
    // Starts `sink` on a free port and gives its URL; empty, with why, when it does not start.
    std::optional<QString> startSink(Sink &sink, QString *why) const;

private:
    const BenchSettings m_settings;
    BenchFigures m_figures;
    QStringList m_notes;
};

// The events the daemon has taken from UDP so far (its received counter); empty if it did not
// answer. Its next event's id ends in this plus one.
std::optional<qint64> eventsTaken(const DaemonProcess &daemon);
// Waits until the daemon has taken `count` events; how many it took.
std::optional<qint64> waitForIngest(const DaemonProcess &daemon, qint64 count);

// What `sink` received checked against `expected`, or why it could not be read. The latencies
// of the first arrivals go to `latenciesUs`, and by webhook (receiver port) to `byWebhook`,
// when given.
std::optional<DeliveryCount> countReceived(Sink &sink, const ExpectedIds &expected,
                                           QList<qint64> *latenciesUs, QString *why,
                                           QHash<int, QList<qint64>> *byWebhook = nullptr);

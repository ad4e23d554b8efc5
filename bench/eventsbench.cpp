// events_bench: the whole benchmark in one run, so that our figures and the limits they are
// held to come from the same machine at the same moment. Prints a table and one JSON line.
//
//   limits    the receiver (wrk, 16 connections) and the bare QNetworkAccessManager loop with
//             1 and 16 requests in flight
//   delivery  a backlog of events drained to 1 and to 10 webhooks, strict and --parallel 16:
//             delivered events/s and the daemon's CPU per event (ingest + spool + delivery)
//   burst     100,000 datagrams as fast as one socket sends them: how many are lost
//   latency   1,000/s, 5,000/s and 20,000/s for 5 s: loss, and p50/p99 from send to receipt
//   memory    peak resident memory with 100,000 events queued for a dead receiver
//
// The daemon runs with its defaults (spool on, events log on). Addresses 127.0.0.9 by default.
#include "benchtools.h"
#include "daemonprocess.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>

#include <cstdio>

namespace {

constexpr int kReceiveStallMs = 15'000;

struct Bench {
    QString address;
    int loopSeconds = 3;
    QJsonObject json;
    QList<QPair<QString, QString>> rows; // figure, value

    void row(const QString &figure, const QString &value) {
        rows.append({figure, value});
        std::printf("%-58s %s\n", qPrintable(figure), qPrintable(value));
        std::fflush(stdout);
    }
};

QString number(double value, int decimals = 0) {
    return QString::number(value, 'f', decimals);
}

// A daemon on a fresh work dir with `webhooks`, retrying at least every second so that a
// backlog starts draining as soon as its receiver comes up.
// Extra config for every daemon (--daemon-config), e.g. to see what the events log costs.
QJsonObject g_extraConfig; // NOLINT: set once from the command line, read by startDaemon

std::unique_ptr<DaemonProcess> startDaemon(const QString &address, const QJsonObject &webhooks) {
    auto daemon = std::make_unique<DaemonProcess>(address, freePort(address));
    daemon->writeWebhooks(webhooks);
    QJsonObject config = g_extraConfig;
    config.insert(QStringLiteral("retry_max_interval"), 1);
    daemon->writeConfig(config);
    if (!daemon->start() || !daemon->waitForLog("receive buffer", 10'000)) {
        std::fprintf(stderr, "events_bench: the daemon did not start:\n%s\n",
                     daemon->log().constData());
        return nullptr;
    }
    return daemon;
}

QJsonObject webhooksFor(const QString &address, quint16 firstPort, int count, int parallel) {
    QJsonObject webhooks;
    for (int i = 0; i < count; ++i) {
        QJsonObject webhook{{QStringLiteral("token"), QString()},
                            {QStringLiteral("secret"), QString()}};
        if (parallel > 1)
            webhook.insert(QStringLiteral("parallel"), parallel);
        webhooks.insert(QStringLiteral("http://%1:%2/").arg(address).arg(firstPort + i), webhook);
    }
    return webhooks;
}

// Waits until the daemon has taken `count` events from UDP (its received counter).
bool waitForIngest(const DaemonProcess &daemon, double count) {
    const QDeadlineTimer deadline(60'000);
    while (!deadline.hasExpired()) {
        if (daemonMetric(daemon.listenAddress(), daemon.port(),
                         "glustereventsd_events_received_total") >= count)
            return true;
        QThread::msleep(100);
    }
    return false;
}

void limits(Bench &bench) {
    const quint16 port = freePort(bench.address);
    Sink sink;
    if (!sink.start(bench.address, port)) {
        bench.row(QStringLiteral("limits"), QStringLiteral("the receiver did not start"));
        return;
    }
    const QString url = QStringLiteral("http://%1:%2/").arg(bench.address).arg(port);
    if (const auto wrk = runWrk(url, 16, bench.loopSeconds)) {
        bench.row(QStringLiteral("receiver limit (wrk, 16 connections), requests/s"), number(*wrk));
        bench.json.insert(QStringLiteral("receiver_wrk_per_second"), *wrk);
    } else {
        bench.row(QStringLiteral("receiver limit (wrk)"), QStringLiteral("wrk not installed"));
    }
    for (const int inFlight : {1, 16}) {
        const auto loop = runQnamLoop(url, inFlight, bench.loopSeconds);
        if (!loop) {
            bench.row(QStringLiteral("bare loop, %1 in flight").arg(inFlight),
                      QStringLiteral("failed"));
            continue;
        }
        bench.row(QStringLiteral("bare QNAM loop, %1 in flight, requests/s").arg(inFlight),
                  number(loop->perSecond));
        bench.row(QStringLiteral("bare QNAM loop, %1 in flight, CPU us/request").arg(inFlight),
                  number(loop->cpuUsPerRequest, 1));
        bench.json.insert(QStringLiteral("bare_loop_%1_per_second").arg(inFlight), loop->perSecond);
        bench.json.insert(QStringLiteral("bare_loop_%1_cpu_us").arg(inFlight),
                          loop->cpuUsPerRequest);
    }
}

// A backlog of `events` is spooled while the receivers are down, then they come up and the
// drain is timed at the receiver, from its first request to its last.
void delivery(Bench &bench, int webhookCount, int parallel, qint64 events) {
    const QString name = QStringLiteral("%1 webhook%2, %3")
                             .arg(webhookCount)
                             .arg(webhookCount > 1 ? QStringLiteral("s") : QString())
                             .arg(parallel > 1 ? QStringLiteral("parallel %1").arg(parallel)
                                               : QStringLiteral("strict"));
    const QString key =
        QStringLiteral("delivery_%1_%2")
            .arg(webhookCount)
            .arg(parallel > 1 ? QStringLiteral("parallel") : QStringLiteral("strict"));
    const quint16 sinkPort = freePort(bench.address);
    auto daemon =
        startDaemon(bench.address, webhooksFor(bench.address, sinkPort, webhookCount, parallel));
    if (!daemon)
        return;
    const ProcessReading atStart = readProcess(daemon->pid());
    EventSender sender(bench.address, daemon->port());
    sender.send(events, 20'000);
    if (!waitForIngest(*daemon, double(events))) {
        bench.row(name, QStringLiteral("the daemon did not take every event"));
        return;
    }
    QThread::msleep(500); // the spool's last group commit
    const ProcessReading ingested = readProcess(daemon->pid());
    Sink sink;
    if (!sink.start(bench.address, sinkPort, webhookCount))
        return;
    const quint64 expected = quint64(events) * quint64(webhookCount);
    const Sink::Stats stats = sink.waitFor(expected, kReceiveStallMs);
    const ProcessReading drained = readProcess(daemon->pid());
    const double ingestUs = (ingested.cpuSeconds - atStart.cpuSeconds) * 1e6 / double(events);
    const double deliveryUs = (drained.cpuSeconds - ingested.cpuSeconds) * 1e6 /
                              double(std::max<quint64>(1, stats.count));
    bench.row(QStringLiteral("%1: delivered events/s").arg(name), number(stats.perSecond()));
    bench.row(QStringLiteral("%1: CPU us/event ingest+spool").arg(name), number(ingestUs, 1));
    bench.row(QStringLiteral("%1: CPU us/delivery").arg(name), number(deliveryUs, 1));
    if (stats.count != expected)
        bench.row(QStringLiteral("%1: NOT DELIVERED").arg(name),
                  number(double(expected - stats.count)));
    bench.json.insert(key + QStringLiteral("_per_second"), stats.perSecond());
    bench.json.insert(key + QStringLiteral("_ingest_cpu_us"), ingestUs);
    bench.json.insert(key + QStringLiteral("_delivery_cpu_us"), deliveryUs);
    bench.json.insert(key + QStringLiteral("_missing"), double(expected - stats.count));
    bench.json.insert(key + QStringLiteral("_connections"), stats.maxConnections);
    daemon->stop();
}

void burst(Bench &bench, qint64 events) {
    const quint16 sinkPort = freePort(bench.address);
    Sink sink;
    if (!sink.start(bench.address, sinkPort))
        return;
    auto daemon = startDaemon(bench.address, webhooksFor(bench.address, sinkPort, 1, 1));
    if (!daemon)
        return;
    EventSender sender(bench.address, daemon->port());
    const qint64 start = monotonicUs();
    const qint64 sent = sender.send(events, 0);
    const double sendSeconds = double(monotonicUs() - start) / 1e6;
    const Sink::Stats stats = sink.waitFor(quint64(sent), kReceiveStallMs);
    const double received = daemonMetric(daemon->listenAddress(), daemon->port(),
                                         "glustereventsd_events_received_total");
    bench.row(QStringLiteral("burst: datagrams sent (in %1 s)").arg(number(sendSeconds, 2)),
              number(double(sent)));
    bench.row(QStringLiteral("burst: lost"), number(double(sent) - double(stats.count)));
    bench.json.insert(QStringLiteral("burst_sent"), double(sent));
    bench.json.insert(QStringLiteral("burst_send_seconds"), sendSeconds);
    bench.json.insert(QStringLiteral("burst_received"), received);
    bench.json.insert(QStringLiteral("burst_lost"), double(sent) - double(stats.count));
    daemon->stop();
}

void latency(Bench &bench, const QList<int> &rates, int seconds) {
    const quint16 sinkPort = freePort(bench.address);
    Sink sink;
    if (!sink.start(bench.address, sinkPort))
        return;
    auto daemon = startDaemon(bench.address, webhooksFor(bench.address, sinkPort, 1, 1));
    if (!daemon)
        return;
    EventSender sender(bench.address, daemon->port());
    sender.send(100, 1'000); // connections open before the clock starts
    sink.waitFor(100, kReceiveStallMs);
    for (const int rate : rates) {
        sink.reset();
        const qint64 sent = sender.send(qint64(rate) * seconds, rate);
        const Sink::Stats stats = sink.waitFor(quint64(sent), kReceiveStallMs);
        const QString name = QStringLiteral("%1/s for %2 s").arg(rate).arg(seconds);
        bench.row(QStringLiteral("%1: lost").arg(name), number(double(sent - qint64(stats.count))));
        bench.row(QStringLiteral("%1: latency p50 / p99 ms").arg(name),
                  QStringLiteral("%1 / %2").arg(number(double(stats.p50Us) / 1e3, 2),
                                                number(double(stats.p99Us) / 1e3, 2)));
        const QString key = QStringLiteral("latency_%1").arg(rate);
        bench.json.insert(key + QStringLiteral("_lost"), double(sent - qint64(stats.count)));
        bench.json.insert(key + QStringLiteral("_p50_ms"), double(stats.p50Us) / 1e3);
        bench.json.insert(key + QStringLiteral("_p99_ms"), double(stats.p99Us) / 1e3);
    }
    daemon->stop();
}

void memory(Bench &bench, qint64 events) {
    // Nothing listens on this port: every delivery is refused and the events stay queued.
    const quint16 deadPort = freePort(bench.address);
    auto daemon = startDaemon(bench.address, webhooksFor(bench.address, deadPort, 1, 1));
    if (!daemon)
        return;
    const ProcessReading idle = readProcess(daemon->pid());
    EventSender sender(bench.address, daemon->port());
    sender.send(events, 20'000);
    const bool all = waitForIngest(*daemon, double(events));
    QThread::msleep(1'000);
    const ProcessReading loaded = readProcess(daemon->pid());
    bench.row(QStringLiteral("memory: resident at start, MB"),
              number(double(idle.rssKiB) / 1024, 1));
    bench.row(QStringLiteral("memory: peak resident with %1 queued, MB%2")
                  .arg(events)
                  .arg(all ? QString() : QStringLiteral(" (not all taken)")),
              number(double(loaded.peakRssKiB) / 1024, 1));
    bench.json.insert(QStringLiteral("memory_idle_mb"), double(idle.rssKiB) / 1024);
    bench.json.insert(QStringLiteral("memory_queued_peak_mb"), double(loaded.peakRssKiB) / 1024);
    daemon->stop();
}

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Benchmarks glustereventsd against the limits "
                                                    "of its receiver and of Qt's HTTP client."));
    parser.addHelpOption();
    const QCommandLineOption addressOption(QStringLiteral("address"),
                                           QStringLiteral("Loopback address to use."),
                                           QStringLiteral("ADDR"), QStringLiteral("127.0.0.9"));
    const QCommandLineOption onlyOption(
        QStringLiteral("only"),
        QStringLiteral("Comma-separated parts: limits,delivery,burst,latency,memory."),
        QStringLiteral("PARTS"), QStringLiteral("limits,delivery,burst,latency,memory"));
    const QCommandLineOption eventsOption(QStringLiteral("events"),
                                          QStringLiteral("Backlog per delivery run."),
                                          QStringLiteral("N"), QStringLiteral("40000"));
    const QCommandLineOption runsOption(
        QStringLiteral("delivery-runs"),
        QStringLiteral("Delivery runs as WEBHOOKSxPARALLEL, comma-separated."),
        QStringLiteral("RUNS"), QStringLiteral("1x1,10x1,1x16,10x16"));
    const QCommandLineOption configOption(
        QStringLiteral("daemon-config"),
        QStringLiteral("JSON object merged into every daemon's config.json."),
        QStringLiteral("JSON"), QStringLiteral("{}"));
    parser.addOptions({addressOption, onlyOption, eventsOption, runsOption, configOption});
    parser.process(app);
    g_extraConfig = QJsonDocument::fromJson(parser.value(configOption).toUtf8()).object();

    Bench bench;
    bench.address = parser.value(addressOption);
    const QStringList parts = parser.value(onlyOption).split(u',');
    const qint64 events = parser.value(eventsOption).toLongLong();
    std::printf("%-58s %s\n", "figure", "value");
    if (parts.contains(QStringLiteral("limits")))
        limits(bench);
    if (parts.contains(QStringLiteral("delivery"))) {
        for (const QString &run : parser.value(runsOption).split(u',')) {
            const int webhooks = run.section(u'x', 0, 0).toInt();
            const int parallel = run.section(u'x', 1, 1).toInt();
            if (webhooks < 1 || parallel < 1) {
                std::fprintf(stderr, "events_bench: a delivery run is WEBHOOKSxPARALLEL\n");
                return 1;
            }
            // Ten webhooks get an eighth of the backlog each: 1.25 times the deliveries.
            delivery(bench, webhooks, parallel, webhooks > 1 ? events / 8 : events);
        }
    }
    if (parts.contains(QStringLiteral("burst")))
        burst(bench, 100'000);
    if (parts.contains(QStringLiteral("latency")))
        latency(bench, {1'000, 5'000, 20'000}, 5);
    if (parts.contains(QStringLiteral("memory")))
        memory(bench, 100'000);
    bench.json.insert(QStringLiteral("cores"), QThread::idealThreadCount());
    std::printf("%s\n", QJsonDocument(bench.json).toJson(QJsonDocument::Compact).constData());
    return 0;
}

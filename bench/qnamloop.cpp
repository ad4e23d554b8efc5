// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// bench_qnam_loop: the library's own limit. POSTs one event-sized body over and over with a
// single QNetworkAccessManager, keeping N requests in flight (pipelining allowed), and prints
// one line: requests=N posted=P seconds=S per_second=R cpu_us=C threads=... The CPU is the
// whole process's, Qt's HTTP thread included; it is what the daemon's figure is held to.
// Each request carries a webhook-id, as the daemon's do: "loop-1", "loop-2", ... up to
// "loop-P" (warm-up included), so that bench_sink can tell whether each arrived once.
//
//   bench_qnam_loop --url http://127.0.0.9:P/ --in-flight 16 --seconds 3
//
// With --rate R it posts R requests a second instead, each due at its own time and carrying
// that time as sent_us (CLOCK_MONOTONIC microseconds, what bench_sink's latencies are taken
// from), still with at most --in-flight outstanding: the library's own latency at a rate, the
// floor under the daemon's (a datagram sent at a time, delivered with one in flight).
//
// For HTTP/2 (decision 014), against nghttpd:
//   --http2 1      HTTP/2 without TLS from the first byte (Qt's Http2DirectAttribute);
//   --ca FILE      trusts this CA for an https:// URL; Qt then offers h2 by ALPN, as it does
//                  by default;
//   --http2 0      does not offer h2 (Http2AllowedAttribute off), as glustereventsd does.
#include "monotonicclock.h"
#include "threadcpu.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSocketNotifier>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTimer>

#include <cstdio>
#include <cstring>
#include <deque>
#include <sys/resource.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

namespace {

double cpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// What glustereventsd posts for a typical event (see Payload::encode), so that both send the
// same bytes.
const QByteArray kBody = QByteArrayLiteral(
    "{\"event\":\"VOLUME_CREATE\",\"message\":{\"name\":\"gv0\",\"sent_us\":\"0\"},"
    "\"nodeid\":\"95cd599c-5d87-43c1-8fba-b12821fd41b6\",\"ts\":1468303352}");

const QByteArray kWebhookId = QByteArrayLiteral("webhook-id");

// kBody with sent_us set to `dueUs`.
QByteArray stampedBody(qint64 dueUs) {
    static const QByteArray kStamp = QByteArrayLiteral("\"sent_us\":\"0\"");
    QByteArray body = kBody;
    return body.replace(kStamp, "\"sent_us\":\"" + QByteArray::number(dueUs) + '"');
}

class Loop : public QObject {
public:
    Loop(const QUrl &url, int inFlight, int seconds, int rate, int http2, const QString &caPath)
        : m_inFlight(inFlight)
        , m_seconds(seconds)
        , m_rate(rate) {
        // A timerfd wakes the loop at each request's due time to the microsecond, as a datagram
        // wakes the daemon; a QTimer would round to milliseconds.
        connect(&m_pacer, &QSocketNotifier::activated, this, [this] {
            quint64 expirations = 0;
            if (::read(m_pacerFd, &expirations, sizeof expirations) < 0)
                return;
            pace();
        });
        m_request.setUrl(url);
        m_request.setHeader(QNetworkRequest::ContentTypeHeader,
                            QByteArrayLiteral("application/json"));
        m_request.setAttribute(QNetworkRequest::HttpPipeliningAllowedAttribute, true);
        if (http2 == 1)
            m_request.setAttribute(QNetworkRequest::Http2DirectAttribute, true);
        else if (http2 == 0)
            m_request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        if (!caPath.isEmpty()) {
            QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
            tls.setCaCertificates(QSslCertificate::fromPath(caPath));
            m_request.setSslConfiguration(tls);
        }
    }

    ~Loop() override {
        m_pacer.setEnabled(false);
        ::close(m_pacerFd);
    }

    void start() {
        // A paced loop warms up with one request out, so that none is left over when pacing
        // starts.
        for (int i = 0; i < (m_rate > 0 ? 1 : m_inFlight); ++i)
            post();
    }

private:
    void post() {
        QByteArray body = kBody;
        if (m_paceStartUs > 0) {
            if (m_due.empty())
                return;
            body = stampedBody(m_due.front());
            m_due.pop_front();
        }
        ++m_outstanding;
        QNetworkRequest request = m_request;
        request.setRawHeader(kWebhookId, "loop-" + QByteArray::number(++m_posted));
        QNetworkReply *reply = m_network.post(request, body);
        connect(reply, &QNetworkReply::finished, this, [this, reply] { finished(reply); });
    }

    // Paced mode: queues every request due by now, posts what the in-flight cap allows, and
    // sleeps until the next one is due.
    void pace() {
        const qint64 now = monotonicUs();
        const qint64 total = qint64(m_seconds) * m_rate;
        qint64 dueAt = m_paceStartUs + m_scheduled * 1'000'000 / m_rate;
        while (m_scheduled < total && dueAt <= now) {
            m_due.push_back(dueAt);
            ++m_scheduled;
            dueAt = m_paceStartUs + m_scheduled * 1'000'000 / m_rate;
        }
        while (m_outstanding < m_inFlight && !m_due.empty())
            post();
        if (m_scheduled < total) {
            itimerspec at{};
            at.it_value.tv_sec = time_t(dueAt / 1'000'000);
            at.it_value.tv_nsec = long(dueAt % 1'000'000) * 1'000;
            timerfd_settime(m_pacerFd, TFD_TIMER_ABSTIME, &at, nullptr);
        }
    }

    void startPacing() {
        m_paceStartUs = monotonicUs();
        pace();
    }

    void report() {
        m_stopping = true;
        const double wall = double(m_timer.nsecsElapsed()) / 1e9;
        const double cpu = cpuSeconds() - m_cpuAtStart;
        const quint64 requests = m_done - m_countAtStart;
        const QString threads = cpuPerThread(
            m_threadsAtStart, readThreadCpu(QCoreApplication::applicationPid()), double(requests));
        std::printf(
            "requests=%llu posted=%llu seconds=%.3f per_second=%.0f cpu_us=%.1f threads=%s\n",
            static_cast<unsigned long long>(requests), static_cast<unsigned long long>(m_posted),
            wall, double(requests) / wall, cpu * 1e6 / double(requests), qPrintable(threads));
        std::fflush(stdout);
        QCoreApplication::exit(0);
    }

    void finished(QNetworkReply *reply) {
        reply->deleteLater();
        --m_outstanding;
        if (reply->error() != QNetworkReply::NoError) {
            std::fprintf(stderr, "bench_qnam_loop: %s\n", qPrintable(reply->errorString()));
            QCoreApplication::exit(1);
            return;
        }
        ++m_done;
        // The first requests open the connections; the measurement starts after them.
        if (m_done == kWarmUp) {
            m_timer.start();
            m_cpuAtStart = cpuSeconds();
            m_threadsAtStart = readThreadCpu(QCoreApplication::applicationPid());
            m_countAtStart = m_done;
            if (m_rate > 0) {
                // The warm-up's requests are all back: from here on, requests go at the rate.
                startPacing();
                return;
            }
        }
        if (m_rate > 0 && m_done > kWarmUp) {
            if (m_done - m_countAtStart == quint64(m_seconds) * quint64(m_rate))
                report();
            else
                post();
            return;
        }
        if (m_done > kWarmUp && m_timer.elapsed() >= m_seconds * 1000) {
            if (!m_stopping)
                report();
            return;
        }
        if (!m_stopping)
            post();
    }

    static constexpr quint64 kWarmUp = 500;
    QNetworkAccessManager m_network;
    QNetworkRequest m_request;
    QElapsedTimer m_timer;
    int m_inFlight;
    int m_seconds;
    int m_rate;
    int m_outstanding = 0;
    int m_pacerFd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    QSocketNotifier m_pacer{m_pacerFd, QSocketNotifier::Read};
    qint64 m_paceStartUs = 0;
    qint64 m_scheduled = 0;
    std::deque<qint64> m_due; // due times of requests waiting for the in-flight cap
    quint64 m_posted = 0;
    quint64 m_done = 0;
    quint64 m_countAtStart = 0;
    double m_cpuAtStart = 0;
    QMap<QString, double> m_threadsAtStart;
    bool m_stopping = false;
};

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QString url;
    int inFlight = 1;
    int seconds = 3;
    int rate = 0;   // as fast as the in-flight cap allows
    int http2 = -1; // Qt's default
    QString caPath;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--url") == 0)
            url = QString::fromLocal8Bit(argv[i + 1]);
        else if (std::strcmp(argv[i], "--in-flight") == 0)
            inFlight = std::atoi(argv[i + 1]);
        else if (std::strcmp(argv[i], "--seconds") == 0)
            seconds = std::atoi(argv[i + 1]);
        else if (std::strcmp(argv[i], "--rate") == 0)
            rate = std::atoi(argv[i + 1]);
        else if (std::strcmp(argv[i], "--http2") == 0)
            http2 = std::atoi(argv[i + 1]) != 0 ? 1 : 0;
        else if (std::strcmp(argv[i], "--ca") == 0)
            caPath = QString::fromLocal8Bit(argv[i + 1]);
    }
    if (url.isEmpty() || inFlight < 1 || seconds < 1 || rate < 0) {
        std::fprintf(stderr,
                     "usage: bench_qnam_loop --url URL [--in-flight N] [--seconds S] [--rate R] "
                     "[--http2 0|1] [--ca FILE]\n");
        return 1;
    }
    Loop loop(QUrl(url), inFlight, seconds, rate, http2, caPath);
    QTimer::singleShot(0, &loop, [&loop] { loop.start(); });
    return app.exec();
}

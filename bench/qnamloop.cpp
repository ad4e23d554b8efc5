// bench_qnam_loop: the library's own limit. POSTs one event-sized body over and over with a
// single QNetworkAccessManager, keeping N requests in flight (pipelining allowed, as the issue
// measures it), and prints one line: requests=N seconds=S per_second=R cpu_us=C. The CPU is
// the whole process's, Qt's HTTP thread included; it is what the daemon's figure is held to.
//
//   bench_qnam_loop --url http://127.0.0.9:P/ --in-flight 16 --seconds 3
//
// For HTTP/2 (decision 014), against nghttpd:
//   --http2 1      HTTP/2 without TLS from the first byte (Qt's Http2DirectAttribute);
//   --ca FILE      trusts this CA for an https:// URL; Qt then offers h2 by ALPN, as it does
//                  by default;
//   --http2 0      does not offer h2 (Http2AllowedAttribute off), as glustereventsd does.
#include "threadcpu.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTimer>

#include <cstdio>
#include <cstring>
#include <sys/resource.h>

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

class Loop : public QObject {
public:
    Loop(const QUrl &url, int inFlight, int seconds, int http2, const QString &caPath)
        : m_inFlight(inFlight)
        , m_seconds(seconds) {
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

    void start() {
        for (int i = 0; i < m_inFlight; ++i)
            post();
    }

private:
    void post() {
        QNetworkReply *reply = m_network.post(m_request, kBody);
        connect(reply, &QNetworkReply::finished, this, [this, reply] { finished(reply); });
    }

    void finished(QNetworkReply *reply) {
        reply->deleteLater();
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
        }
        if (m_done > kWarmUp && m_timer.elapsed() >= m_seconds * 1000) {
            if (m_stopping)
                return;
            m_stopping = true;
            const double wall = double(m_timer.nsecsElapsed()) / 1e9;
            const double cpu = cpuSeconds() - m_cpuAtStart;
            const quint64 requests = m_done - m_countAtStart;
            const QString threads =
                cpuPerThread(m_threadsAtStart, readThreadCpu(QCoreApplication::applicationPid()),
                             double(requests));
            std::printf("requests=%llu seconds=%.3f per_second=%.0f cpu_us=%.1f threads=%s\n",
                        static_cast<unsigned long long>(requests), wall, double(requests) / wall,
                        cpu * 1e6 / double(requests), qPrintable(threads));
            std::fflush(stdout);
            QCoreApplication::exit(0);
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
    int http2 = -1; // Qt's default
    QString caPath;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--url") == 0)
            url = QString::fromLocal8Bit(argv[i + 1]);
        else if (std::strcmp(argv[i], "--in-flight") == 0)
            inFlight = std::atoi(argv[i + 1]);
        else if (std::strcmp(argv[i], "--seconds") == 0)
            seconds = std::atoi(argv[i + 1]);
        else if (std::strcmp(argv[i], "--http2") == 0)
            http2 = std::atoi(argv[i + 1]) != 0 ? 1 : 0;
        else if (std::strcmp(argv[i], "--ca") == 0)
            caPath = QString::fromLocal8Bit(argv[i + 1]);
    }
    if (url.isEmpty() || inFlight < 1 || seconds < 1) {
        std::fprintf(stderr,
                     "usage: bench_qnam_loop --url URL [--in-flight N] [--seconds S] [--http2 0|1] "
                     "[--ca FILE]\n");
        return 1;
    }
    Loop loop(QUrl(url), inFlight, seconds, http2, caPath);
    QTimer::singleShot(0, &loop, [&loop] { loop.start(); });
    return app.exec();
}

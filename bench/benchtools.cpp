// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "benchtools.h"

#include "threadcpu.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryFile>
#include <QThread>

#include <arpa/inet.h>
#include <ctime>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

// "key=value key=value" as written by the bench programs.
qint64 field(const QByteArray &line, const QByteArray &key) {
    for (const QByteArray &part : line.trimmed().split(' ')) {
        if (part.startsWith(QByteArray(key + '=')))
            return part.mid(key.size() + 1).toLongLong();
    }
    return 0;
}

double fieldDouble(const QByteArray &line, const QByteArray &key) {
    for (const QByteArray &part : line.trimmed().split(' ')) {
        if (part.startsWith(QByteArray(key + '=')))
            return part.mid(key.size() + 1).toDouble();
    }
    return 0;
}

} // namespace

Sink::~Sink() {
    stop();
}

bool Sink::start(const QString &address, quint16 port, int ports, const SinkFaults &faults) {
    QStringList arguments{QStringLiteral("--address"), address,
                          QStringLiteral("--port"),    QString::number(port),
                          QStringLiteral("--ports"),   QString::number(ports)};
    const auto indexes = [](const QList<int> &list) {
        QStringList texts;
        for (const int index : list)
            texts.append(QString::number(index));
        return texts.join(u',');
    };
    if (!faults.refuse.isEmpty())
        arguments << QStringLiteral("--refuse") << indexes(faults.refuse);
    if (!faults.hang.isEmpty())
        arguments << QStringLiteral("--hang") << indexes(faults.hang);
    m_process.start(QStringLiteral(BENCH_SINK_BINARY), arguments);
    if (!m_process.waitForStarted(5'000))
        return false;
    return m_process.waitForReadyRead(5'000) && m_process.readLine().trimmed() == "ready";
}

void Sink::stop() {
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.closeWriteChannel();
    if (!m_process.waitForFinished(5'000)) {
        m_process.kill();
        m_process.waitForFinished(5'000);
    }
}

QByteArray Sink::ask(const QByteArray &command) {
    m_process.write(command + '\n');
    m_process.waitForBytesWritten(5'000);
    const QDeadlineTimer deadline(10'000);
    while (!m_process.canReadLine() && !deadline.hasExpired())
        m_process.waitForReadyRead(int(deadline.remainingTime()));
    return m_process.readLine();
}

Sink::Stats Sink::stats() {
    const QByteArray line = ask("stats");
    Stats stats;
    stats.count = quint64(field(line, "count"));
    stats.unique = quint64(field(line, "unique"));
    stats.anonymous = quint64(field(line, "anonymous"));
    stats.firstUs = field(line, "first_us");
    stats.lastUs = field(line, "last_us");
    stats.maxConnections = int(field(line, "max_connections"));
    stats.held = quint64(field(line, "held"));
    return stats;
}

std::optional<QList<Receipt>> Sink::receipts(QString *error) {
    QTemporaryFile file(QDir::tempPath() + QStringLiteral("/bench-sink-ids-XXXXXX"));
    if (!file.open()) {
        *error = QStringLiteral("cannot create a file for the receiver's ids");
        return std::nullopt;
    }
    const QByteArray answer = ask("ids " + QFile::encodeName(file.fileName())).trimmed();
    if (!answer.startsWith("ok ")) {
        *error = QStringLiteral("the receiver did not give its ids: %1")
                     .arg(QString::fromUtf8(answer.isEmpty() ? "no answer" : answer));
        return std::nullopt;
    }
    QList<Receipt> receipts;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.isEmpty())
            continue;
        // "PORT TIMES LATENCY_US ID": the id last, as the only field that could hold a blank.
        const QList<QByteArray> fields = line.split(' ');
        if (fields.size() < 4) {
            *error = QStringLiteral("unreadable line from the receiver: %1")
                         .arg(QString::fromUtf8(line));
            return std::nullopt;
        }
        const qsizetype idStart =
            fields.at(0).size() + fields.at(1).size() + fields.at(2).size() + 3;
        receipts.append(Receipt{fields.at(0).toInt(), line.mid(idStart), fields.at(1).toLongLong(),
                                fields.at(2).toLongLong()});
    }
    if (quint64(receipts.size()) != quint64(field(answer, "ids"))) {
        *error = QStringLiteral("the receiver wrote %1 of its %2 ids")
                     .arg(receipts.size())
                     .arg(field(answer, "ids"));
        return std::nullopt;
    }
    return receipts;
}

void Sink::reset() {
    ask("reset");
}

Sink::Stats Sink::waitFor(quint64 unique, int stallMs) {
    Stats now = stats();
    quint64 seen = now.count;
    QDeadlineTimer stall(stallMs);
    while (now.unique < unique && !stall.hasExpired()) {
        QThread::msleep(100);
        QCoreApplication::processEvents();
        now = stats();
        // Any request, a retry too, shows the sender is still at it.
        if (now.count != seen) {
            seen = now.count;
            stall.setRemainingTime(stallMs);
        }
    }
    if (now.unique < unique)
        return now;
    // A duplicate sent after the last new id (a retry of a request that did arrive) would land
    // after this returned and go uncounted: the receiver must be quiet a moment first. The
    // figures are those of the moment every id had arrived.
    constexpr int kQuietMs = 500;
    constexpr int kQuietAtMostMs = 5'000;
    QDeadlineTimer quiet(kQuietMs);
    const QDeadlineTimer atMost(kQuietAtMostMs);
    while (!quiet.hasExpired() && !atMost.hasExpired()) {
        QThread::msleep(50);
        QCoreApplication::processEvents();
        if (const quint64 count = stats().count; count != seen) {
            seen = count;
            quiet.setRemainingTime(kQuietMs);
        }
    }
    return now;
}

std::optional<LoopFigures> runQnamLoop(const QString &url, int inFlight, int seconds,
                                       const QString &preload, int rate) {
    QProcess loop;
    if (!preload.isEmpty()) {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("LD_PRELOAD"), preload);
        loop.setProcessEnvironment(environment);
    }
    loop.start(QStringLiteral(BENCH_QNAM_LOOP_BINARY),
               {QStringLiteral("--url"), url, QStringLiteral("--in-flight"),
                QString::number(inFlight), QStringLiteral("--seconds"), QString::number(seconds),
                QStringLiteral("--rate"), QString::number(rate)});
    if (!loop.waitForFinished((seconds + 30) * 1000) || loop.exitCode() != 0) {
        loop.kill();
        return std::nullopt;
    }
    const QByteArray line = loop.readAllStandardOutput();
    const qsizetype threads = line.indexOf("threads=");
    return LoopFigures{
        fieldDouble(line, "per_second"), fieldDouble(line, "cpu_us"), field(line, "posted"),
        threads < 0 ? QString() : QString::fromUtf8(line.mid(threads + 8).trimmed())};
}

std::optional<double> runWrk(const QString &url, int connections, int seconds) {
    const QString wrk = QStandardPaths::findExecutable(QStringLiteral("wrk"));
    if (wrk.isEmpty())
        return std::nullopt;
    QTemporaryFile script(QStringLiteral("bench-wrk-XXXXXX.lua"));
    if (!script.open())
        return std::nullopt;
    script.write("wrk.method = \"POST\"\n"
                 "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
                 "wrk.body = '{\"event\":\"VOLUME_CREATE\",\"message\":{\"name\":\"gv0\"},"
                 "\"nodeid\":\"95cd599c-5d87-43c1-8fba-b12821fd41b6\",\"ts\":1468303352}'\n");
    script.flush();
    QProcess process;
    process.start(wrk, {QStringLiteral("-t1"), QStringLiteral("-c%1").arg(connections),
                        QStringLiteral("-d%1s").arg(seconds), QStringLiteral("-s"),
                        script.fileName(), url});
    if (!process.waitForFinished((seconds + 30) * 1000))
        return std::nullopt;
    const auto match = QRegularExpression(QStringLiteral("Requests/sec:\\s+([0-9.]+)"))
                           .match(QString::fromUtf8(process.readAllStandardOutput()));
    if (!match.hasMatch())
        return std::nullopt;
    return match.captured(1).toDouble();
}

EventSender::EventSender(const QString &address, quint16 port)
    : m_fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0))
    , m_address(address.toLatin1())
    , m_port(port) {
}

EventSender::~EventSender() {
    if (m_fd >= 0)
        ::close(m_fd);
}

qint64 EventSender::send(qint64 count, double perSecond) {
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(m_port);
    inet_pton(AF_INET, m_address.constData(), &to.sin_addr);
    const qint64 start = monotonicUs();
    qint64 accepted = 0;
    char datagram[128];
    for (qint64 i = 0; i < count; ++i) {
        qint64 due = 0;
        if (perSecond > 0) {
            // Paced from the start time, so a late wake-up catches up instead of drifting.
            due = start + qint64(double(i) * 1e6 / perSecond);
            const qint64 now = monotonicUs();
            // Sleeps rather than spins: a spinning sender would take a core from the daemon.
            if (due > now)
                ::usleep(useconds_t(due - now));
        } else {
            due = monotonicUs();
        }
        const int type = m_types.at(qsizetype(m_next % m_types.size()));
        const int size =
            std::snprintf(datagram, sizeof datagram, "1468303352 %d name=gv%lld;sent_us=%lld", type,
                          static_cast<long long>(m_next), static_cast<long long>(due));
        ++m_next;
        if (::sendto(m_fd, datagram, size_t(size), 0, reinterpret_cast<sockaddr *>(&to),
                     sizeof to) == size)
            ++accepted;
    }
    return accepted;
}

quint16 freePortRange(const QString &address, int count) {
    constexpr int kLowest = 20'000;
    constexpr int kEphemeral = 32'768;
    for (int attempt = 0; attempt < 50 && count > 0 && count < kEphemeral - kLowest; ++attempt) {
        const int first =
            kLowest + QRandomGenerator::global()->bounded(kEphemeral - kLowest - count);
        bool free = true;
        for (int port = first; port < first + count && free; ++port) {
            QTcpServer probe;
            free = probe.listen(QHostAddress(address), quint16(port));
        }
        if (free)
            return quint16(first);
    }
    return 0;
}

void EventSender::setTypes(const QList<int> &types) {
    m_types = types.isEmpty() ? QList<int>{2} : types;
}

ProcessReading readProcess(qint64 pid) {
    ProcessReading reading;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (stat.open(QIODevice::ReadOnly))
        reading.cpuSeconds = cpuSecondsOfStat(stat.readAll());
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (status.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("VmRSS:"))
                reading.rssKiB = line.mid(6).trimmed().split(' ').value(0).toLongLong();
            else if (line.startsWith("VmHWM:"))
                reading.peakRssKiB = line.mid(6).trimmed().split(' ').value(0).toLongLong();
        }
    }
    return reading;
}

QHash<QByteArray, double> daemonMetricSeries(const QString &address, quint16 port,
                                             const QByteArray &name) {
    QTcpSocket socket;
    socket.connectToHost(address, port);
    if (!socket.waitForConnected(5'000))
        return {};
    socket.write("GET /metrics HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n");
    QByteArray response;
    while (socket.waitForReadyRead(5'000))
        response += socket.readAll();
    response += socket.readAll();
    QHash<QByteArray, double> series;
    for (const QByteArray &line : response.split('\n')) {
        const double value = line.mid(line.lastIndexOf(' ') + 1).toDouble();
        if (line.startsWith(QByteArray(name + ' ')))
            series.insert(QByteArray(), value);
        else if (line.startsWith(QByteArray(name + '{')))
            series.insert(line.mid(name.size() + 1, line.indexOf('}') - name.size() - 1), value);
    }
    return series;
}

double daemonMetric(const QString &address, quint16 port, const QByteArray &name) {
    const QHash<QByteArray, double> series = daemonMetricSeries(address, port, name);
    if (series.isEmpty())
        return -1;
    double sum = 0;
    for (const double value : series)
        sum += value;
    return sum;
}

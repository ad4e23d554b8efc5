// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// Slots held: many peers keep the control server's connections busy, so that the admin's own
// CLI finds none free. A hostile peer reopens each connection the daemon closes.
#include "hostileattacks.h"
#include "monotonicclock.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace {

constexpr int kSources = 8; // 127.0.0.2 .. 127.0.0.9
constexpr int kPerSource = 16;
constexpr qint64 kReopenAfterUs = 200'000;
constexpr qint64 kDripEveryUs = 1'000'000;
constexpr qint64 kSettleUs = 2'000'000;
constexpr int kCliTimeoutMs = 60'000;
constexpr qint64 kCheckEveryUs = 100'000;
constexpr char kDripRequest[] = "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n";

class SlotHolders {
public:
    SlotHolders(const QString &address, quint16 port, bool drip)
        : m_address(address)
        , m_port(port)
        , m_drip(drip) {
        for (int source = 0; source < kSources; ++source) {
            for (int i = 0; i < kPerSource; ++i)
                m_slots.push_back(Slot{"127.0.0." + QByteArray::number(source + 2)});
        }
    }
    ~SlotHolders() {
        for (Slot &slot : m_slots)
            close(slot, 0);
    }
    SlotHolders(const SlotHolders &) = delete;
    SlotHolders &operator=(const SlotHolders &) = delete;

    // Opens every slot; the error of the first that could not be (a bind, a socket), if any.
    QString openAll() {
        for (Slot &slot : m_slots) {
            if (const QString error = open(slot); !error.isEmpty())
                return error;
        }
        return {};
    }
    // Completes connections, notices those the daemon closed, drips, reopens; waits at most
    // `pollMs` for something to happen. The error of a slot that could not be reopened, if any.
    QString service(int pollMs) {
        std::vector<pollfd> waiting;
        std::vector<Slot *> owners;
        for (Slot &slot : m_slots) {
            if (slot.fd >= 0) {
                waiting.push_back(pollfd{slot.fd, short(slot.connected ? POLLIN : POLLOUT), 0});
                owners.push_back(&slot);
            }
        }
        ::poll(waiting.data(), nfds_t(waiting.size()), pollMs);
        const qint64 now = monotonicUs();
        for (size_t i = 0; i < waiting.size(); ++i)
            handle(*owners[i], waiting[i].revents, now);
        for (Slot &slot : m_slots) {
            if (slot.fd < 0 && now >= slot.reopenAtUs) {
                if (const QString error = open(slot); !error.isEmpty())
                    return error;
            }
        }
        return {};
    }
    int held() const {
        return int(std::count_if(m_slots.begin(), m_slots.end(),
                                 [](const Slot &slot) { return slot.connected; }));
    }
    int slots() const { return int(m_slots.size()); }
    int closedByDaemon() const { return m_closedByDaemon; }

private:
    struct Slot {
        QByteArray source;
        int fd = -1;
        bool connected = false;
        qint64 reopenAtUs = 0;
        qint64 dripAtUs = 0;
        size_t dripped = 0;
    };

    QString open(Slot &slot) {
        slot.fd = Attack::openConnection(slot.source, m_address, m_port);
        if (slot.fd >= 0)
            return {};
        const int error = -slot.fd;
        slot.fd = -1;
        return QStringLiteral("could not open a connection from %1: %2")
            .arg(QString::fromLatin1(slot.source), QString::fromLocal8Bit(::strerror(error)));
    }

    void close(Slot &slot, qint64 now) {
        if (slot.fd >= 0)
            ::close(slot.fd);
        slot.fd = -1;
        slot.connected = false;
        slot.reopenAtUs = now + kReopenAfterUs;
    }

    void handle(Slot &slot, short events, qint64 now) {
        if (!slot.connected) {
            if (events == 0)
                return;
            int error = 0;
            socklen_t length = sizeof error;
            ::getsockopt(slot.fd, SOL_SOCKET, SO_ERROR, &error, &length);
            if (error != 0) {
                ++m_closedByDaemon;
                close(slot, now);
                return;
            }
            slot.connected = true;
            slot.dripAtUs = now + kDripEveryUs;
            return;
        }
        if (events != 0 && !drain(slot)) {
            ++m_closedByDaemon;
            close(slot, now);
            return;
        }
        if (m_drip && now >= slot.dripAtUs) {
            const char byte = kDripRequest[slot.dripped % (sizeof kDripRequest - 1)];
            if (::send(slot.fd, &byte, 1, MSG_NOSIGNAL | MSG_DONTWAIT) == 1) {
                ++slot.dripped;
                slot.dripAtUs += kDripEveryUs;
            } else if (errno != EAGAIN) {
                ++m_closedByDaemon;
                close(slot, now);
            }
        }
    }

    // Reads whatever the daemon sent (a refusal, a response); false once it closed.
    static bool drain(Slot &slot) {
        char buffer[4096];
        for (;;) {
            const ssize_t got = ::recv(slot.fd, buffer, sizeof buffer, MSG_DONTWAIT);
            if (got > 0)
                continue;
            return got < 0 && (errno == EAGAIN || errno == EINTR);
        }
    }

    QString m_address;
    quint16 m_port;
    bool m_drip;
    std::vector<Slot> m_slots;
    int m_closedByDaemon = 0;
};

// Text the CLI passed on from the daemon, cut short and with control characters shown as '?'.
QString printable(const QString &text) {
    QString shown = text.left(120);
    for (QChar &c : shown) {
        if (c.category() == QChar::Other_Control)
            c = u'?';
    }
    return shown;
}

// What `status --json` said of each node: empty when it said nothing readable, else whether
// every node's daemon answered, and the first error it gave.
std::optional<bool> daemonsUp(const QByteArray &output, QString *error) {
    const QJsonArray rows = QJsonDocument::fromJson(output)
                                .object()
                                .value(QStringLiteral("output"))
                                .toObject()
                                .value(QStringLiteral("data"))
                                .toArray();
    if (rows.isEmpty())
        return std::nullopt;
    bool up = true;
    for (const QJsonValue &row : rows) {
        const QJsonObject node = row.toObject();
        if (node.value(QStringLiteral("glustereventsd_status")).toString() != u"UP") {
            up = false;
            if (error->isEmpty())
                *error = printable(node.value(QStringLiteral("error")).toString());
        }
    }
    return up;
}

} // namespace

void holdSlots(AttackedDaemon &daemon, const AttackSettings &settings, bool drip,
               ScenarioRun *run) {
    SlotHolders holders(daemon.files().listenAddress(), daemon.files().port(), drip);
    run->mustSend = holders.slots();
    if (const QString error = holders.openAll(); !error.isEmpty()) {
        run->problem = error;
        return;
    }
    run->sent = holders.slots();
    run->completed = true;
    const qint64 settled = monotonicUs() + kSettleUs;
    while (monotonicUs() < settled) {
        if (const QString error = holders.service(20); !error.isEmpty()) {
            run->completed = false;
            run->problem = error;
            return;
        }
    }
    const int heldAtStart = holders.held();
    QProcess cli;
    cli.setProgram(settings.cliBinary);
    cli.setArguments({QStringLiteral("--workdir"), daemon.files().workdir(),
                      QStringLiteral("--config-file"), daemon.files().defaultConfigFile(),
                      QStringLiteral("status"), QStringLiteral("--json")});
    const qint64 startedUs = monotonicUs();
    cli.start();
    if (!cli.waitForStarted(10'000)) {
        run->completed = false;
        run->problem = QStringLiteral("the CLI did not start: %1").arg(cli.errorString());
        return;
    }
    const QDeadlineTimer deadline(kCliTimeoutMs);
    qint64 nextCheck = 0;
    while (cli.state() != QProcess::NotRunning && !deadline.hasExpired()) {
        cli.waitForFinished(20);
        if (const QString error = holders.service(0); !error.isEmpty()) {
            run->completed = false;
            run->problem = error;
            break;
        }
        if (monotonicUs() >= nextCheck) {
            if (Attack::mustStop(daemon, settings, run))
                break;
            nextCheck = monotonicUs() + kCheckEveryUs;
        }
    }
    if (cli.state() != QProcess::NotRunning) {
        cli.kill();
        cli.waitForFinished(5'000);
        if (run->completed) {
            run->completed = false;
            run->problem =
                QStringLiteral("the CLI did not finish within %1 s").arg(kCliTimeoutMs / 1000);
        }
    } else {
        run->cliSeconds = double(monotonicUs() - startedUs) / 1e6;
        run->cliExitCode = cli.exitStatus() == QProcess::NormalExit ? cli.exitCode() : -1;
    }
    QString error;
    run->cliSawDaemonUp = daemonsUp(cli.readAllStandardOutput(), &error);
    run->detail = QStringLiteral("%1 of %2 connections open when the CLI started, %3 closed by the "
                                 "daemon and reopened; the CLI saw the daemon %4")
                      .arg(heldAtStart)
                      .arg(holders.slots())
                      .arg(holders.closedByDaemon())
                      .arg(!run->cliSawDaemonUp   ? QStringLiteral("? (no status in its output)")
                           : *run->cliSawDaemonUp ? QStringLiteral("UP")
                                                  : QStringLiteral("DOWN: ") + error);
}

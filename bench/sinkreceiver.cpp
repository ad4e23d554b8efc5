// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// bench_sink: the fastest webhook receiver we can write, so that the benchmarks measure the
// sender and not the receiver. One thread, epoll, HTTP/1.1 keep-alive and pipelining; every
// request gets "200 OK". No Qt: its cost would be counted against the daemon on a 2-core
// machine.
//
//   bench_sink --address 127.0.0.9 --port P [--ports N] [--refuse I,J] [--hang I,J]
//
// Listens on N consecutive ports from P (one per webhook: real webhooks are distinct hosts, and
// Qt shares its 6 connections per host and port between requests to the same one). A receiver
// that is down stands at the ports given by index (from 0): --refuse leaves them closed, so
// every connection is refused at once; --hang accepts connections there and never reads from
// or answers them (each request runs into its sender's deadline), closing one only when its
// client does. Prints "ready" once listening. Commands on stdin, one per line, each answered
// with one line:
//   stats      count=N unique=U anonymous=A first_us=T last_us=T connections=C
//              max_connections=M accepted=K held=H (H: connections taken at --hang ports)
//   ids PATH   writes one line per id and port to PATH, "PORT TIMES LATENCY_US ID" (PORT
//              from 0, LATENCY_US -1 without sent_us), and answers "ok ids=U"
//   reset      forgets everything counted
// Requests are told apart by their webhook-id header: count is every request, unique the ids
// seen (per port), anonymous the requests without one. A second request with an id already
// seen is a duplicate (a retry), not a delivery, so it adds to count only. A request whose body
// holds "sent_us":"T" (CLOCK_MONOTONIC microseconds at the sender) gives its id's latency, from
// its first arrival. The receiver exits when stdin closes.
#include "monotonicclock.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <unordered_map>
#include <vector>

namespace {

struct Connection {
    int port = 0;      // which of the listening ports, from 0
    bool hung = false; // at a --hang port: never read, never answered
    std::string in;
    size_t consumed = 0;
    std::string out;
};

struct Arrival {
    uint64_t times = 0;
    int64_t latencyUs = -1;
};

struct Counters {
    uint64_t count = 0;
    uint64_t anonymous = 0;
    int64_t firstUs = 0;
    int64_t lastUs = 0;
    std::unordered_map<std::string, Arrival> ids; // keyed "PORT ID"
    size_t maxConnections = 0;
    uint64_t accepted = 0; // connections taken: a client that keeps its connection alive makes 1
    uint64_t held = 0;     // of those, taken at a --hang port
};

const char kResponse[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";

// Where the value of header `name` ("\ncontent-length:") starts in a header block, or null.
const char *headerValue(const char *headers, size_t size, const char *name, size_t nameSize) {
    for (size_t i = 0; i + nameSize <= size; ++i) {
        if (headers[i] == '\n' && strncasecmp(headers + i, name, nameSize) == 0)
            return headers + i + nameSize;
    }
    return nullptr;
}

// The value of Content-Length in a header block, or 0.
size_t contentLength(const char *headers, size_t size) {
    static const char kName[] = "\ncontent-length:";
    const char *value = headerValue(headers, size, kName, sizeof kName - 1);
    return value ? size_t(std::strtoull(value, nullptr, 10)) : 0;
}

// The webhook-id header's value, without surrounding blanks; empty when there is none.
std::string webhookId(const char *headers, size_t size) {
    static const char kName[] = "\nwebhook-id:";
    const char *value = headerValue(headers, size, kName, sizeof kName - 1);
    if (!value)
        return {};
    const char *end = headers + size;
    while (value < end && (*value == ' ' || *value == '\t'))
        ++value;
    const char *stop = value;
    while (stop < end && *stop != '\r' && *stop != '\n')
        ++stop;
    while (stop > value && (stop[-1] == ' ' || stop[-1] == '\t'))
        --stop;
    return std::string(value, size_t(stop - value));
}

void countRequest(Counters &counters, int port, const char *headers, size_t headerSize,
                  const char *body, size_t bodySize) {
    const int64_t now = monotonicUs();
    if (counters.count++ == 0)
        counters.firstUs = now;
    counters.lastUs = now;
    const std::string id = webhookId(headers, headerSize);
    if (id.empty()) {
        ++counters.anonymous;
        return;
    }
    Arrival &arrival = counters.ids[std::to_string(port) + ' ' + id];
    if (arrival.times++ > 0)
        return; // a duplicate: its latency is not a delivery's
    static const char kKey[] = "\"sent_us\":\"";
    const char *found = static_cast<const char *>(memmem(body, bodySize, kKey, sizeof kKey - 1));
    if (found) {
        const int64_t sent = std::strtoll(found + sizeof kKey - 1, nullptr, 10);
        if (sent > 0 && now >= sent)
            arrival.latencyUs = now - sent;
    }
}

// Handles every complete request in the buffer; false if the peer sent something unusable.
bool consume(Connection &connection, Counters &counters) {
    for (;;) {
        const char *start = connection.in.data() + connection.consumed;
        const size_t available = connection.in.size() - connection.consumed;
        const char *end = static_cast<const char *>(memmem(start, available, "\r\n\r\n", 4));
        if (!end)
            break;
        const size_t headerSize = size_t(end - start) + 4;
        const size_t bodySize = contentLength(start, headerSize);
        if (available < headerSize + bodySize)
            break;
        countRequest(counters, connection.port, start, headerSize, start + headerSize, bodySize);
        connection.out.append(kResponse, sizeof kResponse - 1);
        connection.consumed += headerSize + bodySize;
    }
    if (connection.consumed == connection.in.size()) {
        connection.in.clear();
        connection.consumed = 0;
    }
    return connection.in.size() < (64u << 20);
}

bool flush(int fd, Connection &connection) {
    while (!connection.out.empty()) {
        const ssize_t written =
            ::send(fd, connection.out.data(), connection.out.size(), MSG_NOSIGNAL);
        if (written < 0)
            return errno == EAGAIN || errno == EWOULDBLOCK;
        connection.out.erase(0, size_t(written));
    }
    return true;
}

std::string statsLine(const Counters &counters, size_t openConnections) {
    char line[352];
    std::snprintf(line, sizeof line,
                  "count=%llu unique=%zu anonymous=%llu first_us=%lld last_us=%lld "
                  "connections=%zu max_connections=%zu accepted=%llu held=%llu\n",
                  static_cast<unsigned long long>(counters.count), counters.ids.size(),
                  static_cast<unsigned long long>(counters.anonymous),
                  static_cast<long long>(counters.firstUs), static_cast<long long>(counters.lastUs),
                  openConnections, counters.maxConnections,
                  static_cast<unsigned long long>(counters.accepted),
                  static_cast<unsigned long long>(counters.held));
    return line;
}

// Writes every id seen to `path`; the answer line.
std::string writeIds(const Counters &counters, const std::string &path) {
    FILE *file = std::fopen(path.c_str(), "we");
    if (!file)
        return "error cannot write " + path + ": " + std::strerror(errno) + '\n';
    bool written = true;
    for (const auto &[key, arrival] : counters.ids) {
        const size_t space = key.find(' ');
        written = written && std::fprintf(file, "%s %llu %lld %s\n", key.substr(0, space).c_str(),
                                          static_cast<unsigned long long>(arrival.times),
                                          static_cast<long long>(arrival.latencyUs),
                                          key.c_str() + space + 1) > 0;
    }
    written = std::fclose(file) == 0 && written;
    if (!written)
        return "error cannot write " + path + '\n';
    return "ok ids=" + std::to_string(counters.ids.size()) + '\n';
}

int listenOn(const char *address, int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in where{};
    where.sin_family = AF_INET;
    where.sin_port = htons(uint16_t(port));
    if (inet_pton(AF_INET, address, &where.sin_addr) != 1 ||
        ::bind(fd, reinterpret_cast<sockaddr *>(&where), sizeof where) != 0 ||
        ::listen(fd, 1024) != 0) {
        std::fprintf(stderr, "bench_sink: cannot listen on %s:%d: %s\n", address, port,
                     std::strerror(errno));
        std::exit(1);
    }
    return fd;
}

// "3,17,42": port indexes.
std::vector<int> indexList(const char *text) {
    std::vector<int> indexes;
    for (const char *at = text; *at;) {
        char *end = nullptr;
        indexes.push_back(int(std::strtol(at, &end, 10)));
        at = *end == ',' ? end + 1 : end + std::strlen(end);
    }
    return indexes;
}

bool contains(const std::vector<int> &indexes, int index) {
    return std::find(indexes.begin(), indexes.end(), index) != indexes.end();
}

} // namespace

int main(int argc, char **argv) {
    const char *address = "127.0.0.1";
    int port = 0;
    int ports = 1;
    std::vector<int> refuse;
    std::vector<int> hang;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--address") == 0)
            address = argv[i + 1];
        else if (std::strcmp(argv[i], "--port") == 0)
            port = std::atoi(argv[i + 1]);
        else if (std::strcmp(argv[i], "--ports") == 0)
            ports = std::atoi(argv[i + 1]);
        else if (std::strcmp(argv[i], "--refuse") == 0)
            refuse = indexList(argv[i + 1]);
        else if (std::strcmp(argv[i], "--hang") == 0)
            hang = indexList(argv[i + 1]);
    }
    if (port <= 0 || ports <= 0) {
        std::fprintf(stderr, "usage: bench_sink --address A --port P [--ports N] [--refuse I,J] "
                             "[--hang I,J]\n");
        return 1;
    }
    const int epoll = epoll_create1(EPOLL_CLOEXEC);
    // By port index; -1 where a refusing receiver leaves its port closed.
    std::vector<int> listeners;
    for (int i = 0; i < ports; ++i) {
        if (contains(refuse, i)) {
            listeners.push_back(-1);
            continue;
        }
        listeners.push_back(listenOn(address, port + i));
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.fd = listeners.back();
        epoll_ctl(epoll, EPOLL_CTL_ADD, listeners.back(), &ev);
    }
    epoll_event input{};
    input.events = EPOLLIN;
    input.data.fd = STDIN_FILENO;
    epoll_ctl(epoll, EPOLL_CTL_ADD, STDIN_FILENO, &input);
    std::printf("ready\n");
    std::fflush(stdout);

    Counters counters;
    std::unordered_map<int, Connection> connections;
    std::string command;
    char buffer[65536];
    epoll_event events[256];
    for (;;) {
        const int ready = epoll_wait(epoll, events, 256, -1);
        if (ready < 0 && errno != EINTR)
            return 1;
        for (int i = 0; i < ready; ++i) {
            const int fd = events[i].data.fd;
            if (fd == STDIN_FILENO) {
                const ssize_t got = ::read(fd, buffer, sizeof buffer);
                if (got <= 0)
                    return 0;
                command.append(buffer, size_t(got));
                size_t newline;
                while ((newline = command.find('\n')) != std::string::npos) {
                    const std::string line = command.substr(0, newline);
                    command.erase(0, newline + 1);
                    if (line == "reset") {
                        counters = Counters{};
                        counters.maxConnections = connections.size();
                        std::printf("ok\n");
                    } else if (line == "stats") {
                        std::fputs(statsLine(counters, connections.size()).c_str(), stdout);
                    } else if (line.rfind("ids ", 0) == 0) {
                        std::fputs(writeIds(counters, line.substr(4)).c_str(), stdout);
                    } else {
                        std::printf("unknown command\n");
                    }
                    std::fflush(stdout);
                }
                continue;
            }
            const auto listener = std::find(listeners.begin(), listeners.end(), fd);
            if (listener != listeners.end()) {
                for (;;) {
                    const int client =
                        ::accept4(fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
                    if (client < 0)
                        break;
                    const int one = 1;
                    ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    epoll_event ev{};
                    ev.events = EPOLLIN | EPOLLOUT | EPOLLET | EPOLLRDHUP;
                    ev.data.fd = client;
                    epoll_ctl(epoll, EPOLL_CTL_ADD, client, &ev);
                    Connection &accepted = connections[client];
                    accepted.port = int(listener - listeners.begin());
                    accepted.hung = contains(hang, accepted.port);
                    ++counters.accepted;
                    if (accepted.hung)
                        ++counters.held;
                    counters.maxConnections = std::max(counters.maxConnections, connections.size());
                }
                continue;
            }
            Connection &connection = connections[fd];
            if (connection.hung) {
                // Nothing is read: the request stays in the socket until its sender gives up.
                if ((events[i].events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0) {
                    epoll_ctl(epoll, EPOLL_CTL_DEL, fd, nullptr);
                    ::close(fd);
                    connections.erase(fd);
                }
                continue;
            }
            bool open = true;
            // Edge-triggered: read until the socket is empty.
            for (;;) {
                const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
                if (got > 0) {
                    connection.in.append(buffer, size_t(got));
                    continue;
                }
                if (got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
                    open = false;
                break;
            }
            if (open)
                open = consume(connection, counters) && flush(fd, connection);
            if (!open) {
                epoll_ctl(epoll, EPOLL_CTL_DEL, fd, nullptr);
                ::close(fd);
                connections.erase(fd);
            }
        }
    }
}

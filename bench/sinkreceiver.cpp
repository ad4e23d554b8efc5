// bench_sink: the fastest webhook receiver we can write, so that the benchmarks measure the
// sender and not the receiver. One thread, epoll, HTTP/1.1 keep-alive and pipelining; every
// request gets "200 OK". No Qt: its cost would be counted against the daemon on a 2-core
// machine.
//
//   bench_sink --address 127.0.0.9 --port P [--ports N]
//
// Listens on N consecutive ports from P (one per webhook: real webhooks are distinct hosts, and
// Qt shares its 6 connections per host and port between requests to the same one). Prints
// "ready" once listening. Commands on stdin, one per line, each answered with one line:
//   stats   count=N first_us=T last_us=T p50_us=L p99_us=L max_us=L connections=C max_connections=M
//   reset   forgets everything counted
// A request whose body holds "sent_us":"T" (CLOCK_MONOTONIC microseconds at the sender) counts
// towards the latency figures. The receiver exits when stdin closes.
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
    std::string in;
    size_t consumed = 0;
    std::string out;
};

struct Counters {
    uint64_t count = 0;
    int64_t firstUs = 0;
    int64_t lastUs = 0;
    std::vector<uint32_t> latenciesUs;
    size_t maxConnections = 0;
    uint64_t accepted = 0; // connections taken: a client that keeps its connection alive makes 1
};

const char kResponse[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";

// The value of Content-Length in a header block, or 0.
size_t contentLength(const char *headers, size_t size) {
    static const char kName[] = "\ncontent-length:";
    const size_t nameSize = sizeof kName - 1;
    for (size_t i = 0; i + nameSize <= size; ++i) {
        if (headers[i] == '\n' && strncasecmp(headers + i, kName, nameSize) == 0)
            return size_t(std::strtoull(headers + i + nameSize, nullptr, 10));
    }
    return 0;
}

void countRequest(Counters &counters, const char *body, size_t size) {
    const int64_t now = monotonicUs();
    if (counters.count++ == 0)
        counters.firstUs = now;
    counters.lastUs = now;
    static const char kKey[] = "\"sent_us\":\"";
    const char *found = static_cast<const char *>(memmem(body, size, kKey, sizeof kKey - 1));
    if (found) {
        const int64_t sent = std::strtoll(found + sizeof kKey - 1, nullptr, 10);
        if (sent > 0 && now >= sent)
            counters.latenciesUs.push_back(uint32_t(std::min<int64_t>(now - sent, UINT32_MAX)));
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
        countRequest(counters, start + headerSize, bodySize);
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

std::string statsLine(Counters &counters, size_t openConnections) {
    std::vector<uint32_t> &l = counters.latenciesUs;
    auto percentile = [&l](double p) -> uint32_t {
        if (l.empty())
            return 0;
        const size_t index = std::min(l.size() - 1, size_t(p * double(l.size())));
        std::nth_element(l.begin(), l.begin() + long(index), l.end());
        return l[index];
    };
    const uint32_t p50 = percentile(0.50);
    const uint32_t p99 = percentile(0.99);
    const uint32_t max = l.empty() ? 0 : *std::max_element(l.begin(), l.end());
    char line[320];
    std::snprintf(line, sizeof line,
                  "count=%llu first_us=%lld last_us=%lld p50_us=%u p99_us=%u max_us=%u "
                  "latencies=%zu connections=%zu max_connections=%zu accepted=%llu\n",
                  static_cast<unsigned long long>(counters.count),
                  static_cast<long long>(counters.firstUs), static_cast<long long>(counters.lastUs),
                  p50, p99, max, l.size(), openConnections, counters.maxConnections,
                  static_cast<unsigned long long>(counters.accepted));
    return line;
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

} // namespace

int main(int argc, char **argv) {
    const char *address = "127.0.0.1";
    int port = 0;
    int ports = 1;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--address") == 0)
            address = argv[i + 1];
        else if (std::strcmp(argv[i], "--port") == 0)
            port = std::atoi(argv[i + 1]);
        else if (std::strcmp(argv[i], "--ports") == 0)
            ports = std::atoi(argv[i + 1]);
    }
    if (port <= 0 || ports <= 0) {
        std::fprintf(stderr, "usage: bench_sink --address A --port P [--ports N]\n");
        return 1;
    }
    const int epoll = epoll_create1(EPOLL_CLOEXEC);
    std::vector<int> listeners;
    for (int i = 0; i < ports; ++i) {
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
                    } else {
                        std::printf("unknown command\n");
                    }
                    std::fflush(stdout);
                }
                continue;
            }
            if (std::find(listeners.begin(), listeners.end(), fd) != listeners.end()) {
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
                    connections[client];
                    ++counters.accepted;
                    counters.maxConnections = std::max(counters.maxConnections, connections.size());
                }
                continue;
            }
            Connection &connection = connections[fd];
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

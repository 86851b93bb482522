// gateway-one-connection URL SECONDS: sends GET requests for the URL's path one after another
// on one keep-alive connection for SECONDS and prints one JSON line with the latency of every
// request as it came (write of the request to the response's last byte), and the p99 that wrk
// prints for the same samples.
//
// Why not wrk alone: wrk corrects its latencies for coordinated omission. Before printing, it
// adds to each sample L longer than twice the mean interval between requests (I = run time /
// requests per connection) the samples L - I, L - 2I, ... down to I: the requests a client
// sending every I would have had to wait for meanwhile. At one connection I is the mean latency
// itself (~100 µs), so one 3 ms stall becomes ~30 samples, and wrk's p99 is set by the rare
// stalls' total length, not by the slowest percent of the requests. This client prints both.
//
// Plain blocking sockets (write, then read until llhttp says the response is complete): the
// fewest steps between the two clock reads, so that the client adds as little as it can to
// what it measures. Only http://IPv4:PORT/path URLs: the benchmark's proxies listen on
// 127.0.0.1.
#include "wrklatency.h"

#include <llhttp.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

struct Target {
    sockaddr_in address{};
    std::string authority; // the Host header
    std::string path;
};

[[noreturn]] void fail(const std::string &message) {
    std::fprintf(stderr, "gateway-one-connection: %s\n", message.c_str());
    std::exit(2);
}

Target parseUrl(std::string_view url) {
    constexpr std::string_view scheme = "http://";
    if (!url.starts_with(scheme))
        fail("'" + std::string(url) + "' is not an http:// URL");
    url.remove_prefix(scheme.size());
    const size_t slash = std::min(url.find('/'), url.size());
    const std::string_view authority = url.substr(0, slash);
    const size_t colon = authority.rfind(':');
    if (colon == std::string_view::npos)
        fail("the URL names no port: expected http://IPv4:PORT/path");
    Target target;
    target.authority = std::string(authority);
    target.path = slash < url.size() ? std::string(url.substr(slash)) : std::string("/");
    target.address.sin_family = AF_INET;
    const std::string host(authority.substr(0, colon));
    unsigned port = 0;
    const std::string_view portText = authority.substr(colon + 1);
    const auto parsed = std::from_chars(portText.begin(), portText.end(), port);
    if (parsed.ec != std::errc() || parsed.ptr != portText.end() || port == 0 || port > 65535)
        fail("bad port '" + std::string(portText) + "'");
    target.address.sin_port = htons(uint16_t(port));
    if (inet_pton(AF_INET, host.c_str(), &target.address.sin_addr) != 1)
        fail("'" + host + "' is not an IPv4 address");
    return target;
}

int connectTo(const Target &target) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, reinterpret_cast<const sockaddr *>(&target.address),
                          sizeof target.address) != 0)
        fail(std::string("connect: ") + std::strerror(errno));
    const int on = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    return fd;
}

// Reads one response to its end; false with a message on a closed connection or a bad response.
class ResponseReader {
public:
    ResponseReader() {
        llhttp_settings_init(&m_settings);
        m_settings.on_message_complete = [](llhttp_t *parser) {
            static_cast<ResponseReader *>(parser->data)->m_complete = true;
            return int(HPE_PAUSED); // one response at a time: stop right after it
        };
        llhttp_init(&m_parser, HTTP_RESPONSE, &m_settings);
        m_parser.data = this;
    }

    void readOne(int fd) {
        m_complete = false;
        while (!m_complete) {
            const ssize_t got = read(fd, m_buffer, sizeof m_buffer);
            if (got <= 0)
                fail(got == 0 ? "the server closed the connection" : std::strerror(errno));
            const llhttp_errno_t error = llhttp_execute(&m_parser, m_buffer, size_t(got));
            if (error == HPE_PAUSED) {
                // Nothing may follow: one request is outstanding at a time.
                if (llhttp_get_error_pos(&m_parser) != m_buffer + got)
                    fail("bytes after the response");
                llhttp_resume(&m_parser);
            } else if (error != HPE_OK) {
                fail(std::string("bad response: ") + llhttp_errno_name(error));
            }
            if (m_complete && llhttp_get_status_code(&m_parser) != 200)
                fail("status " + std::to_string(llhttp_get_status_code(&m_parser)));
        }
    }

private:
    llhttp_settings_t m_settings;
    llhttp_t m_parser;
    bool m_complete = false;
    char m_buffer[65536];
};

} // namespace

int main(int argc, char **argv) {
    if (argc != 3)
        fail("usage: gateway-one-connection http://IPv4:PORT/path SECONDS");
    const Target target = parseUrl(argv[1]);
    const double seconds = std::atof(argv[2]);
    if (!(seconds > 0))
        fail(std::string("bad duration '") + argv[2] + "' (seconds, e.g. 8)");
    const std::string request =
        "GET " + target.path + " HTTP/1.1\r\nHost: " + target.authority + "\r\n\r\n";
    const int fd = connectTo(target);
    ResponseReader reader;
    std::vector<uint64_t> samplesUs;
    samplesUs.reserve(1 << 20);
    using Clock = std::chrono::steady_clock;
    const Clock::time_point start = Clock::now();
    const Clock::time_point end =
        start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    Clock::time_point now = start;
    while (now < end) {
        const Clock::time_point sent = now;
        if (write(fd, request.data(), request.size()) != ssize_t(request.size()))
            fail(std::string("write: ") + std::strerror(errno));
        reader.readOne(fd);
        now = Clock::now();
        samplesUs.push_back(
            uint64_t(std::chrono::duration_cast<std::chrono::microseconds>(now - sent).count()));
    }
    close(fd);
    const uint64_t runUs =
        uint64_t(std::chrono::duration_cast<std::chrono::microseconds>(now - start).count());
    const uint64_t intervalUs = runUs / samplesUs.size();
    const uint64_t wrkP99 = wrkCorrectedPercentile(samplesUs, intervalUs, 99);
    std::vector<uint64_t> sorted = samplesUs;
    std::sort(sorted.begin(), sorted.end());
    std::printf("{\"requests\": %zu, \"seconds\": %.3f, \"p50_us\": %llu, \"p90_us\": %llu, "
                "\"p99_us\": %llu, \"p999_us\": %llu, \"max_us\": %llu, "
                "\"wrk_corrected_p99_us\": %llu}\n",
                sorted.size(), double(runUs) / 1e6,
                (unsigned long long)nearestRankPercentile(sorted, 50),
                (unsigned long long)nearestRankPercentile(sorted, 90),
                (unsigned long long)nearestRankPercentile(sorted, 99),
                (unsigned long long)nearestRankPercentile(sorted, 99.9),
                (unsigned long long)sorted.back(), (unsigned long long)wrkP99);
    return 0;
}

// Baseline: Boost.Beast 1.74 (Debian 12 libboost-dev) HTTP server for the lmis HTTP-library choice.
// Beast is a protocol toolkit, not a server: accept loop, keep-alive loop, routing, timeouts,
// static files and shutdown are all written by hand (this file is the minimum of that).
//
//   GET /api/ping        -> {"ok":true,"n":<counter>}
//   GET /api/slow[?ms=N] -> sleeps N ms (default 2) on the I/O thread, then answers
//
// Usage: beast_server [--port P] [--addr A] [--threads N]   (N I/O threads, default 2)
// Graceful shutdown on SIGTERM/SIGINT: close the acceptor, answer with Connection: close,
// wait for in-flight requests (<= 10 s), then stop the io_context.
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <utility>  // Boost 1.74 asio/awaitable.hpp misses it under GCC 12 -std=c++20

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace {
std::atomic<std::uint64_t> g_counter{0};
std::atomic<int> g_in_flight{0};
std::atomic<bool> g_draining{false};

class Session : public std::enable_shared_from_this<Session> {
 public:
  explicit Session(tcp::socket&& s) : stream_(std::move(s)) {}
  void run() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read(); });
  }

 private:
  void read() {
    parser_.emplace();
    parser_->header_limit(16 * 1024);  // whole header block
    parser_->body_limit(1024 * 1024);
    stream_.expires_after(std::chrono::seconds(30));  // idle keep-alive + request read deadline
    http::async_read(
        stream_, buf_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }
  void on_read(beast::error_code ec) {
    if (ec) {
      stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
      return;
    }
    g_in_flight.fetch_add(1);
    auto req = parser_->release();
    res_ = {};
    res_.version(req.version());
    res_.set(http::field::server, "lmis-bench-beast");
    res_.set(http::field::content_type, "application/json");
    std::string target(req.target());
    std::string path = target.substr(0, target.find('?'));
    if (req.method() == http::verb::get && path == "/api/ping") {
      res_.result(http::status::ok);
      res_.body() = "{\"ok\":true,\"n\":" + std::to_string(g_counter.fetch_add(1) + 1) + "}";
    } else if (req.method() == http::verb::get && path == "/api/slow") {
      int ms = 2;
      auto q = target.find("ms=");
      if (q != std::string::npos) ms = std::atoi(target.c_str() + q + 3);
      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
      res_.result(http::status::ok);
      res_.body() = "{\"ok\":true,\"slept_ms\":" + std::to_string(ms) +
                    ",\"n\":" + std::to_string(g_counter.fetch_add(1) + 1) + "}";
    } else {
      res_.result(http::status::not_found);
      res_.body() = "{\"error\":\"not found\"}";
    }
    res_.keep_alive(req.keep_alive() && !g_draining.load());
    res_.prepare_payload();
    stream_.expires_after(std::chrono::seconds(10));
    http::async_write(stream_, res_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        g_in_flight.fetch_sub(1);
                        if (ec) return;
                        if (!self->res_.keep_alive()) {
                          self->stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
                          return;
                        }
                        self->read();
                      });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buf_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> res_;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& ioc, tcp::endpoint ep) : ioc_(ioc), acc_(net::make_strand(ioc)) {
    acc_.open(ep.protocol());
    acc_.set_option(net::socket_base::reuse_address(true));
    acc_.bind(ep);
    acc_.listen(net::socket_base::max_listen_connections);
  }
  void accept() {
    acc_.async_accept(net::make_strand(ioc_),
                      [self = shared_from_this()](beast::error_code ec, tcp::socket s) {
                        if (ec) return;  // acceptor closed
                        s.set_option(tcp::no_delay(true));
                        std::make_shared<Session>(std::move(s))->run();
                        self->accept();
                      });
  }
  void close() {
    net::post(acc_.get_executor(), [self = shared_from_this()] {
      beast::error_code ec;
      self->acc_.close(ec);
    });
  }

 private:
  net::io_context& ioc_;
  tcp::acceptor acc_;
};
}  // namespace

int main(int argc, char** argv) {
  std::string addr = "127.0.0.1";
  unsigned short port = 8083;
  int threads = 2;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i];
    if (k == "--port")
      port = static_cast<unsigned short>(std::atoi(argv[i + 1]));
    else if (k == "--addr")
      addr = argv[i + 1];
    else if (k == "--threads")
      threads = std::atoi(argv[i + 1]);
    else {
      std::fprintf(stderr, "unknown option %s\n", argv[i]);
      return 2;
    }
  }
  net::io_context ioc(threads);
  auto listener = std::make_shared<Listener>(ioc, tcp::endpoint{net::ip::make_address(addr), port});
  listener->accept();
  std::fprintf(stderr, "beast_server listening on %s:%u threads=%d\n", addr.c_str(), port, threads);

  net::signal_set signals(ioc, SIGTERM, SIGINT);
  net::steady_timer drain_timer(ioc);
  auto deadline = std::chrono::steady_clock::now();
  std::function<void()> poll_drain = [&] {
    if (g_in_flight.load() == 0 || std::chrono::steady_clock::now() > deadline) {
      ioc.stop();
      return;
    }
    drain_timer.expires_after(std::chrono::milliseconds(5));
    drain_timer.async_wait([&](beast::error_code) { poll_drain(); });
  };
  signals.async_wait([&](beast::error_code ec, int sig) {
    if (ec) return;
    std::fprintf(stderr, "signal %d: closing acceptor, draining %d in-flight request(s)\n", sig,
                 g_in_flight.load());
    g_draining = true;
    deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    listener->close();
    poll_drain();
  });

  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) pool.emplace_back([&] { ioc.run(); });
  for (auto& t : pool) t.join();
  std::fprintf(stderr, "beast_server exited cleanly, served n=%llu\n",
               static_cast<unsigned long long>(g_counter.load()));
  return 0;
}

// Minimal RESTinio 0.6.16 (Debian 12 librestinio-dev) server for the lmis HTTP-library choice.
//
//   GET /api/ping        -> {"ok":true,"n":<counter>}
//   GET /api/slow[?ms=N] -> sleeps N ms (default 2, imitating a DB lookup), then answers
//
// Usage: restinio_server [--port P] [--addr A] [--io-threads N] [--handler-threads M]
//                        [--cert FILE --key FILE]   (HTTPS via asio::ssl / OpenSSL)
//   --io-threads N       threads running the asio io_context (default 2)
//   --handler-threads M  0 (default): handlers run on the I/O threads;
//                        M>0: handlers run on a separate pool of M threads and answer
//                        asynchronously (RESTinio's "request_accepted now, done() later").
//
// Graceful shutdown on SIGTERM/SIGINT: stop accepting, answer requests that arrive on
// existing keep-alive connections with "Connection: close", wait until every in-flight
// response has been written (or 10 s pass), then stop the io_context. RESTinio 0.6 has no
// built-in drain: its own restinio::run() stops the io_context right after closing the
// acceptor, which drops in-flight requests, and it only listens to SIGINT.
#include <restinio/all.hpp>
#include <restinio/tls.hpp>

#include <asio/thread_pool.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

using router_t = restinio::router::express_router_t<>;
// default_traits_t is the thread-safe variant (asio strands per connection), needed with >1 I/O
// thread.
struct traits_t : public restinio::default_traits_t {
  using request_handler_t = router_t;
};
// Same with a TLS socket: the server type is chosen at compile time by the traits.
struct tls_traits_t : public restinio::default_tls_traits_t {
  using request_handler_t = router_t;
};

struct options_t {
  std::string addr = "127.0.0.1";
  std::uint16_t port = 8081;
  int io_threads = 2;
  int handler_threads = 0;
  std::string cert, key;
};

std::atomic<std::uint64_t> g_counter{0};
std::atomic<int> g_in_flight{0};
std::atomic<bool> g_draining{false};

// Finishes a request: JSON body, keep-alive unless draining; in_flight drops only once the
// bytes are written (the write-status callback).
restinio::request_handling_status_t reply_json(const restinio::request_handle_t& req,
                                               std::string body) {
  auto resp = req->create_response();
  resp.append_header(restinio::http_field::content_type, "application/json");
  resp.append_header(restinio::http_field::server, "lmis-bench-restinio");
  if (g_draining.load()) resp.connection_close();
  resp.set_body(std::move(body));
  return resp.done([](const asio::error_code&) { g_in_flight.fetch_sub(1); });
}

std::string ping_body() {
  return "{\"ok\":true,\"n\":" + std::to_string(g_counter.fetch_add(1) + 1) + "}";
}

int slow_ms(const restinio::request_handle_t& req) {
  const auto qp = restinio::parse_query(req->header().query());
  if (qp.has("ms")) return std::atoi(std::string(qp["ms"]).c_str());
  return 2;
}

}  // namespace

template <typename Traits, typename Settings_Hook>
int serve(const options_t& o, Settings_Hook&& hook) {
  const std::string& addr = o.addr;
  const std::uint16_t port = o.port;
  const int io_threads = o.io_threads;
  const int handler_threads = o.handler_threads;

  std::unique_ptr<asio::thread_pool> handler_pool;
  if (handler_threads > 0) handler_pool = std::make_unique<asio::thread_pool>(handler_threads);

  auto router = std::make_unique<router_t>();
  router->http_get("/api/ping", [&](auto req, auto) {
    g_in_flight.fetch_add(1);
    if (!handler_pool) return reply_json(req, ping_body());
    asio::post(*handler_pool, [req] { reply_json(req, ping_body()); });
    return restinio::request_accepted();
  });
  router->http_get("/api/slow", [&](auto req, auto) {
    g_in_flight.fetch_add(1);
    const int ms = slow_ms(req);
    auto work = [req, ms] {
      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
      reply_json(req, "{\"ok\":true,\"slept_ms\":" + std::to_string(ms) +
                          ",\"n\":" + std::to_string(g_counter.fetch_add(1) + 1) + "}");
    };
    if (!handler_pool) {
      work();
      return restinio::request_accepted();
    }
    asio::post(*handler_pool, std::move(work));
    return restinio::request_accepted();
  });
  router->non_matched_request_handler([](auto req) {
    g_in_flight.fetch_add(1);
    auto resp = req->create_response(restinio::status_not_found());
    resp.append_header(restinio::http_field::content_type, "application/json");
    resp.set_body("{\"error\":\"not found\"}");
    return resp.done([](const asio::error_code&) { g_in_flight.fetch_sub(1); });
  });

  asio::io_context ioctx;
  restinio::server_settings_t<Traits> settings;
  hook(settings);
  restinio::http_server_t<Traits> server{
      restinio::external_io_context(ioctx),
      std::move(settings)
          .address(addr)
          .port(port)
          .request_handler(std::move(router))
          // Limits (all unlimited by default in RESTinio 0.6!):
          .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}
                                        .max_url_size(8 * 1024)
                                        .max_field_name_size(1024)
                                        .max_field_value_size(8 * 1024)
                                        .max_field_count(100)
                                        .max_body_size(1024 * 1024))
          .read_next_http_message_timelimit(
              std::chrono::seconds(30))  // idle keep-alive / slow header
          .write_http_response_timelimit(std::chrono::seconds(10))
          .handle_request_timeout(std::chrono::seconds(10))
          .max_pipelined_requests(16)
          .socket_options_setter([](auto& so) { so.set_option(asio::ip::tcp::no_delay{true}); })};

  server.open_sync();
  std::fprintf(stderr,
               "restinio_server listening on %s:%u io_threads=%d handler_threads=%d tls=%d\n",
               addr.c_str(), port, io_threads, handler_threads, int(!o.cert.empty()));

  // Graceful drain on SIGTERM/SIGINT.
  asio::signal_set signals(ioctx, SIGTERM, SIGINT);
  asio::steady_timer drain_timer(ioctx);
  std::chrono::steady_clock::time_point drain_deadline;
  std::function<void()> poll_drain = [&] {
    if (g_in_flight.load() == 0 || std::chrono::steady_clock::now() > drain_deadline) {
      std::fprintf(stderr, "drained (in_flight=%d), stopping\n", g_in_flight.load());
      ioctx.stop();
      return;
    }
    drain_timer.expires_after(std::chrono::milliseconds(5));
    drain_timer.async_wait([&](const asio::error_code&) { poll_drain(); });
  };
  signals.async_wait([&](const asio::error_code& ec, int sig) {
    if (ec) return;
    std::fprintf(stderr, "signal %d: closing acceptor, draining %d in-flight request(s)\n", sig,
                 g_in_flight.load());
    g_draining = true;
    drain_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    server.close_async([&] { poll_drain(); }, [&](std::exception_ptr) { ioctx.stop(); });
  });

  std::vector<std::thread> threads;
  for (int i = 0; i < io_threads; ++i) threads.emplace_back([&] { ioctx.run(); });
  for (auto& t : threads) t.join();
  if (handler_pool) handler_pool->join();
  std::fprintf(stderr, "restinio_server exited cleanly, served n=%llu\n",
               static_cast<unsigned long long>(g_counter.load()));
  return 0;
}

int main(int argc, char** argv) {
  options_t o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i];
    if (k == "--port")
      o.port = static_cast<std::uint16_t>(std::atoi(argv[i + 1]));
    else if (k == "--addr")
      o.addr = argv[i + 1];
    else if (k == "--io-threads")
      o.io_threads = std::atoi(argv[i + 1]);
    else if (k == "--handler-threads")
      o.handler_threads = std::atoi(argv[i + 1]);
    else if (k == "--cert")
      o.cert = argv[i + 1];
    else if (k == "--key")
      o.key = argv[i + 1];
    else {
      std::fprintf(stderr, "unknown option %s\n", argv[i]);
      return 2;
    }
  }
  try {
    if (o.cert.empty()) return serve<traits_t>(o, [](auto&) {});
    return serve<tls_traits_t>(o, [&o](auto& settings) {
      asio::ssl::context tls{asio::ssl::context::tls_server};
      tls.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                      asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                      asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
      tls.use_certificate_chain_file(o.cert);
      tls.use_private_key_file(o.key, asio::ssl::context::pem);
      settings.tls_context(std::move(tls));
    });
  } catch (const std::exception& e) {
    std::fprintf(stderr, "restinio_server: %s\n", e.what());
    return 1;
  }
}

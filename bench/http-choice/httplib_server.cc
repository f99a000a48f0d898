// Minimal cpp-httplib 0.11.4 (Debian 12 libcpp-httplib-dev, shared library) server for the
// lmis HTTP-library choice.
//
//   GET /api/ping        -> {"ok":true,"n":<counter>}
//   GET /api/slow[?ms=N] -> sleeps N ms (default 2, imitating a DB lookup), then answers
//
// Usage: httplib_server [--port P] [--addr A] [--threads N] [--keepalive-max K]
//                       [--cert FILE --key FILE]   (HTTPS: httplib::SSLServer, OpenSSL)
//   --threads N        size of httplib's ThreadPool (default 2). httplib is blocking and
//                      thread-per-connection: a pool thread owns one connection for its whole
//                      keep-alive life, so N caps the number of connections served at once.
//   --keepalive-max K  requests per keep-alive connection before the server closes it
//                      (library default 5).
//
// Graceful shutdown on SIGTERM/SIGINT: a dedicated thread waits for the signal (sigwait) and
// calls Server::stop(), which closes the listening socket; requests in progress finish, each
// keep-alive loop ends after its current request, and listen() returns once the pool's
// threads have joined.
#include <httplib.h>

#include <pthread.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>

namespace {
std::atomic<std::uint64_t> g_counter{0};
}

int main(int argc, char** argv) {
  std::string addr = "127.0.0.1";
  int port = 8082;
  int threads = 2;
  int keepalive_max = 5;
  std::string cert, key;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i];
    if (k == "--port")
      port = std::atoi(argv[i + 1]);
    else if (k == "--addr")
      addr = argv[i + 1];
    else if (k == "--threads")
      threads = std::atoi(argv[i + 1]);
    else if (k == "--keepalive-max")
      keepalive_max = std::atoi(argv[i + 1]);
    else if (k == "--cert")
      cert = argv[i + 1];
    else if (k == "--key")
      key = argv[i + 1];
    else {
      std::fprintf(stderr, "unknown option %s\n", argv[i]);
      return 2;
    }
  }

  // Block SIGTERM/SIGINT in every thread (the pool threads inherit this mask); one thread
  // takes them with sigwait, so stop() is never called from a signal handler.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);

  std::unique_ptr<httplib::Server> svr_ptr;
  if (cert.empty())
    svr_ptr = std::make_unique<httplib::Server>();
  else
    svr_ptr = std::make_unique<httplib::SSLServer>(cert.c_str(), key.c_str());
  if (!svr_ptr->is_valid()) {
    std::fprintf(stderr, "cannot load cert/key\n");
    return 1;
  }
  httplib::Server& svr = *svr_ptr;
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  svr.set_keep_alive_max_count(static_cast<size_t>(keepalive_max));
  svr.set_keep_alive_timeout(5);
  svr.set_read_timeout(5, 0);               // per recv(), not a whole-request deadline
  svr.set_write_timeout(5, 0);              // per send()
  svr.set_payload_max_length(1024 * 1024);  // body limit -> 413
  svr.set_tcp_nodelay(true);

  svr.Get("/api/ping", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("{\"ok\":true,\"n\":" + std::to_string(g_counter.fetch_add(1) + 1) + "}",
                    "application/json");
  });
  svr.Get("/api/slow", [](const httplib::Request& req, httplib::Response& res) {
    int ms = req.has_param("ms") ? std::atoi(req.get_param_value("ms").c_str()) : 2;
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    res.set_content("{\"ok\":true,\"slept_ms\":" + std::to_string(ms) +
                        ",\"n\":" + std::to_string(g_counter.fetch_add(1) + 1) + "}",
                    "application/json");
  });

  std::atomic<bool> got_signal{false};
  std::thread signal_thread([&] {
    int sig = 0;
    sigwait(&set, &sig);
    got_signal = true;
    std::fprintf(stderr, "signal %d: stopping listener, finishing in-flight requests\n", sig);
    svr.stop();
  });

  std::fprintf(stderr, "httplib_server listening on %s:%d threads=%d keepalive_max=%d\n",
               addr.c_str(), port, threads, keepalive_max);
  svr.listen(addr, port);
  // listen() returned: either stop() was called or binding failed.
  if (!got_signal) {
    std::fprintf(stderr, "listen on %s:%d failed\n", addr.c_str(), port);
    pthread_kill(signal_thread.native_handle(), SIGTERM);  // wake the sigwait thread
    signal_thread.join();
    return 1;
  }
  signal_thread.join();
  std::fprintf(stderr, "httplib_server exited cleanly, served n=%llu\n",
               static_cast<unsigned long long>(g_counter.load()));
  return 0;
}

// The HTTP server of `lmis serve`: API requests go to one handler on a thread pool, other paths
// are static files, with the limits, timeouts, security headers, CORS, TLS and graceful shutdown
// every response needs. RESTinio (src/http/server.cc) stays out of this header.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lmis::http {

// One HTTP request, fully read, independent of RESTinio.
struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // percent-decoded path without the query, e.g. "/api/workers/001"
  std::vector<std::pair<std::string, std::string>> query;    // decoded query parameters in order
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string remote_address;  // client IP as text, e.g. "127.0.0.1" or "::1"
  bool tls = false;

  // The value of the first header named `lower_name` (lower case), or nullptr if absent.
  const std::string* Header(std::string_view lower_name) const;
  // The value of the first query parameter named `name`, or nullptr if absent.
  const std::string* Query(std::string_view name) const;
};

// What a handler answers. The server adds Content-Length, Date, Connection, the security headers
// and CORS; a header of the same name in `headers` replaces the server's default (e.g.
// Cache-Control). Headers whose name or value holds CR, LF or NUL are dropped and logged.
struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";  // "" = no Content-Type
  std::vector<std::pair<std::string, std::string>> headers;      // extra headers (e.g. Set-Cookie)
  std::string body;
};

// Answers one API request. Runs on the handler thread pool, several at once; an exception it
// throws becomes a 500 whose text goes to the log only.
using Handler = std::function<Response(const Request&)>;

// How a Server listens, what it accepts and how long it waits.
struct ServerOptions {
  std::string host = "127.0.0.1";  // an IP address to listen on ("0.0.0.0", "::"), or "localhost"
  uint16_t port = 8080;            // 0 = pick a free port (see Server::port())
  int io_threads = 2;              // threads reading and writing sockets; they never run handlers
  int handler_threads = 16;        // threads running the API handler (size it to the DB pool)
  std::string tls_cert_file, tls_key_file;  // PEM; both set = HTTPS only
  std::string static_dir;                   // "" = no static files
  size_t max_body_bytes = 1 << 20;          // for every path except upload paths
  size_t max_upload_bytes = 256 << 20;      // for paths under upload_prefix
  std::string upload_prefix = "/api/imports";
  size_t max_header_bytes = 16 << 10;  // total of all header lines
  size_t max_url_bytes = 8 << 10;
  // read_timeout: from the end of the previous response (or the connection, or the TLS handshake
  // start) until the whole request, body included, is read; an idle keep-alive connection is
  // closed after it too. write_timeout: writing one response. handle_timeout: the handler's time
  // (queueing included) before the client gets 503.
  std::chrono::milliseconds read_timeout{15000}, write_timeout{15000}, handle_timeout{30000};
  std::vector<std::string> cors_origins;  // empty = CORS off (no ACAO headers, preflight 405)
  // One line per notable event (errors, start, stop); may be null. Calls are serialised, so it
  // need not be thread-safe, but it must not call back into the Server.
  std::function<void(const std::string&)> log;
};

// An HTTP/1.1 server with keep-alive:
//  - "/api" and "/api/..." go to the API handler on the handler pool. A body over the limit gets
//    413, headers over max_header_bytes 431, a URL over max_url_bytes 414, a handler slower than
//    handle_timeout 503 (its late answer is discarded), a handler exception 500. Errors are JSON:
//    {"error":{"code":"…","message_vi":"…","message_en":"…"}}.
//  - CORS preflights (OPTIONS with Origin and Access-Control-Request-Method) are answered by the
//    server: 405 when CORS is off, 403 for an origin not listed, 204 otherwise.
//  - Other paths are files under static_dir (GET and HEAD only), with the single-page app
//    fallback to index.html for paths without a file extension.
// Every response carries nosniff, DENY framing, no-referrer, a same-origin CSP and COOP;
// /api/ responses are Cache-Control: no-store; HTTPS responses carry HSTS.
class Server {
 public:
  // Keeps the options and the handler; nothing is bound until Start().
  Server(ServerOptions options, Handler api_handler);
  // Stops (with the default drain) if running.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts serving on background threads, then returns. Throws std::runtime_error
  // naming the address or the file when the address is invalid or taken, the static directory
  // is missing, or the TLS certificate or key cannot be loaded (or do not match); throws
  // std::logic_error when called twice.
  void Start();

  // The bound port (the one picked when options.port was 0); 0 before Start().
  uint16_t port() const;

  // Stops accepting connections, lets requests in flight finish and their responses be written
  // (each with Connection: close) for up to `drain`, then closes every connection and returns
  // once the handler threads are idle. Handlers still queued after `drain` never run. Safe to
  // call more than once and from several threads, but not from a handler or the log (it waits
  // for them); a no-op when not running.
  void Stop(std::chrono::milliseconds drain = std::chrono::seconds(10));

  // Start() already done: blocks until SIGTERM or SIGINT arrives (or Stop() is called from
  // another thread), then Stop()s. SIGTERM and SIGINT have their default action again on return.
  void RunUntilSignal();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lmis::http

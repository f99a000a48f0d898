// lmis::http::Server on RESTinio 0.6 (Debian's librestinio-dev, standalone asio, OpenSSL); the
// only translation unit that includes RESTinio, because each one costs ~30 s to compile.
//
// Threads: `io_threads` run one asio::io_context (RESTinio's connections and our timers); API
// handlers run on a separate asio::thread_pool and answer through RESTinio's thread-safe response
// builder, so a slow handler never stalls socket I/O.
//
// What RESTinio 0.6 does not do, and is done here (bench/http-choice/README.md has the details):
//  - it closes the connection silently when one of its limits is crossed: its limits sit above
//    ours, and OnRequest answers 413/414/431 itself;
//  - its handle-request timeout closes the connection: our own timer answers 503 first;
//  - restinio::run() stops on SIGINT only and drops requests in flight: Stop() drains instead;
//  - it starts a connection's timeouts only after the TLS handshake: the handshake gets a
//    deadline of its own (prepare_connection_and_start_read below).
#include "http/server.h"

// GCC 12 with -std=c++20 fails inside asio's awaitable.hpp unless <utility> comes first.
#include <utility>

#include <restinio/all.hpp>
#include <restinio/tls.hpp>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <asio/signal_set.hpp>
#include <asio/steady_timer.hpp>
#include <asio/strand.hpp>
#include <asio/thread_pool.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

namespace lmis::http {

const std::string* Request::Header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers)
    if (name == lower_name) return &value;
  return nullptr;
}

const std::string* Request::Query(std::string_view name) const {
  for (const auto& [key, value] : query)
    if (key == name) return &value;
  return nullptr;
}

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Headers = std::vector<std::pair<std::string, std::string>>;

// ---------------------------------------------------------------------------------------------
// Text

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string ToLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return AsciiLower(x) == AsciiLower(y);
         });
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes %XX escapes, and '+' as a space in query strings. nullopt for a broken escape or a
// NUL, which no path or parameter may hold (it would cut file names and C strings short).
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      int high = HexDigit(text[i + 1]), low = HexDigit(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      c = static_cast<char>(high * 16 + low);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    if (c == '\0') return std::nullopt;
    out += c;
  }
  return out;
}

// "a=1&b=x+y&c" → {a,1},{b,x y},{c,""}, in order; nullopt when an escape is broken.
std::optional<Headers> ParseQuery(std::string_view query) {
  Headers params;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view item = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (item.empty()) continue;
    size_t eq = item.find('=');
    auto name = PercentDecode(item.substr(0, eq), true);
    auto value = PercentDecode(
        eq == std::string_view::npos ? std::string_view{} : item.substr(eq + 1), true);
    if (!name || !value) return std::nullopt;
    params.emplace_back(std::move(*name), std::move(*value));
  }
  return params;
}

// True for `prefix` itself and paths below it: "/api" matches "/api" and "/api/x", not "/apis".
bool IsUnder(std::string_view path, std::string_view prefix) {
  if (prefix.empty() || !path.starts_with(prefix)) return false;
  return path.size() == prefix.size() || prefix.back() == '/' || path[prefix.size()] == '/';
}

// A header a handler may set: a token name, and a value that cannot end the header early.
bool IsSafeHeader(std::string_view name, std::string_view value) {
  if (name.empty()) return false;
  for (char c : name)
    if (c <= ' ' || c >= 127 || std::strchr("()<>@,;:\\\"/[]?={}", c)) return false;
  return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

// The headers the server frames itself; a handler's copy would contradict it.
bool IsFramingHeader(std::string_view name) {
  for (std::string_view own : {"content-length", "transfer-encoding", "connection", "date"})
    if (EqualsIgnoreCase(name, own)) return true;
  return false;
}

const char* ReasonPhrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 206:
      return "Partial Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 307:
      return "Temporary Redirect";
    case 308:
      return "Permanent Redirect";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 406:
      return "Not Acceptable";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 411:
      return "Length Required";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Payload Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 416:
      return "Range Not Satisfiable";
    case 422:
      return "Unprocessable Content";
    case 423:
      return "Locked";
    case 428:
      return "Precondition Required";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "";  // the reason phrase is optional (RFC 9112 §4)
  }
}

// The MIME type of a static file, by extension.
std::string MimeType(const fs::path& file) {
  static const std::map<std::string, std::string, std::less<>> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".map", "application/json; charset=utf-8"},
      {".txt", "text/plain; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".pdf", "application/pdf"},
      {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
  };
  auto found = kTypes.find(ToLower(file.extension().string()));
  return found != kTypes.end() ? found->second : "application/octet-stream";
}

// ---------------------------------------------------------------------------------------------
// Errors the server answers by itself, in the API's error format.

struct ServerError {
  int status;
  const char* code;
  const char* vi;
  const char* en;
};
constexpr ServerError kBadRequest{400, "bad_request", "Yêu cầu không hợp lệ", "Malformed request"};
constexpr ServerError kOriginNotAllowed{403, "origin_not_allowed",
                                        "Nguồn gốc (Origin) của yêu cầu không được phép",
                                        "The request's origin is not allowed"};
constexpr ServerError kNotFound{404, "not_found", "Không tìm thấy", "Not found"};
constexpr ServerError kMethodNotAllowed{405, "method_not_allowed", "Phương thức không được phép",
                                        "Method not allowed"};
constexpr ServerError kBodyTooLarge{413, "body_too_large", "Dữ liệu gửi lên quá lớn",
                                    "Request body too large"};
constexpr ServerError kUriTooLong{414, "uri_too_long", "Địa chỉ (URL) của yêu cầu quá dài",
                                  "Request URL too long"};
constexpr ServerError kHeadersTooLarge{431, "headers_too_large",
                                       "Phần tiêu đề (header) của yêu cầu quá lớn",
                                       "Request headers too large"};
constexpr ServerError kInternal{500, "internal", "Lỗi máy chủ nội bộ", "Internal server error"};
constexpr ServerError kTimeout{503, "timeout", "Máy chủ xử lý quá lâu, vui lòng thử lại",
                               "The server took too long to answer; please try again"};

// The messages are constants without quotes or backslashes, so no JSON escaping is needed.
Response ErrorResponse(const ServerError& error) {
  Response response;
  response.status = error.status;
  response.body = std::string("{\"error\":{\"code\":\"") + error.code + "\",\"message_vi\":\"" +
                  error.vi + "\",\"message_en\":\"" + error.en + "\"}}";
  return response;
}

// ---------------------------------------------------------------------------------------------
// Static files

// Where a request for a static path leads.
struct StaticTarget {
  enum Kind { kFile, kNotFound, kBadPath } kind;
  fs::path file;  // kFile: the canonical path, inside the root
};

// `candidate` resolved through symlinks, when it is a regular file really inside `root`
// (canonical): a symlink may point anywhere, so the check is on the resolved path.
std::optional<fs::path> FileInside(const fs::path& root, const fs::path& candidate) {
  std::error_code ec;
  fs::path real = fs::canonical(candidate, ec);
  if (ec) return std::nullopt;
  auto [r, c] = std::mismatch(root.begin(), root.end(), real.begin(), real.end());
  if (r != root.end() || !fs::is_regular_file(real, ec)) return std::nullopt;
  return real;
}

// Maps a decoded request path to a file under `root`: "/" and ".../" to index.html; a path
// without a file extension that names no file to /index.html (the single-page app's routes);
// "." and ".." segments and backslashes are refused; hidden files (".env", ".git/") are never
// served.
StaticTarget ResolveStatic(const fs::path& root, std::string_view path) {
  fs::path relative;
  std::string_view last;
  bool hidden = false;
  for (size_t start = 1; start <= path.size();) {
    size_t slash = std::min(path.find('/', start), path.size());
    std::string_view segment = path.substr(start, slash - start);
    start = slash + 1;
    if (segment.empty()) continue;
    if (segment == "." || segment == ".." || segment.find('\\') != std::string_view::npos)
      return {StaticTarget::kBadPath, {}};
    hidden = hidden || segment.front() == '.';
    relative /= std::string(segment);
    last = segment;
  }
  bool directory = relative.empty() || path.ends_with('/');
  if (directory) relative /= "index.html";
  if (!hidden)
    if (auto file = FileInside(root, root / relative)) return {StaticTarget::kFile, *file};
  if (!directory && last.find('.') != std::string_view::npos) return {StaticTarget::kNotFound, {}};
  if (auto index = FileInside(root, root / "index.html")) return {StaticTarget::kFile, *index};
  return {StaticTarget::kNotFound, {}};
}

// ---------------------------------------------------------------------------------------------
// Logging and bookkeeping

// ServerOptions::log, serialised so it need not be thread-safe; a null log is silence.
class LogSink {
 public:
  explicit LogSink(std::function<void(const std::string&)> log) : log_(std::move(log)) {}
  void Write(const std::string& line) noexcept {
    if (!log_) return;
    std::lock_guard lock(mu_);
    try {
      log_(line);
    } catch (...) {
      // A failing log must not take a request or the server down with it.
    }
  }

 private:
  std::function<void(const std::string&)> log_;
  std::mutex mu_;
};

// RESTinio's logger interface. Its errors (parse errors, broken connections, failed TLS
// handshakes) go to the log; its trace, info and warn chatter does not.
class RestinioLog {
 public:
  RestinioLog() = default;
  explicit RestinioLog(std::shared_ptr<LogSink> sink) : sink_(std::move(sink)) {}
  template <typename Builder>
  void trace(Builder&&) const noexcept {}
  template <typename Builder>
  void info(Builder&&) const noexcept {}
  template <typename Builder>
  void warn(Builder&&) const noexcept {}
  template <typename Builder>
  void error(Builder&& build) const {
    if (sink_) sink_->Write("http: " + build());
  }

 private:
  std::shared_ptr<LogSink> sink_;
};

// Counts requests from their arrival until their response is written or abandoned, for Stop().
// A request's Ticket is shared by whatever may still answer it; the last copy ends it.
class InFlight {
 public:
  using Ticket = std::shared_ptr<void>;
  Ticket Begin() {
    std::lock_guard lock(mu_);
    ++count_;
    return Ticket(nullptr, [this](void*) { End(); });
  }
  size_t count() {
    std::lock_guard lock(mu_);
    return count_;
  }
  // True once no request is in flight; false when `deadline` passes first.
  bool WaitIdle(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mu_);
    return idle_.wait_until(lock, deadline, [&] { return count_ == 0; });
  }

 private:
  void End() {
    {
      std::lock_guard lock(mu_);
      --count_;
    }
    idle_.notify_all();
  }
  std::mutex mu_;
  std::condition_variable idle_;
  size_t count_ = 0;
};
using Ticket = InFlight::Ticket;

// ---------------------------------------------------------------------------------------------
// RESTinio configuration

// Thread-safe traits (a strand per connection), as more than one I/O thread runs the context.
struct PlainTraits : restinio::traits_t<restinio::asio_timer_manager_t, RestinioLog> {};
struct TlsTraits : restinio::tls_traits_t<restinio::asio_timer_manager_t, RestinioLog> {};

// The SSL_CTX slot where a TLS server keeps a pointer to its handshake deadline.
int HandshakeTimeoutSlot() {
  static const int slot = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return slot;
}

std::chrono::milliseconds HandshakeTimeout(restinio::impl::tls_socket_t& socket) {
  SSL_CTX* context = SSL_get_SSL_CTX(socket.asio_ssl_stream().native_handle());
  const void* timeout = context ? SSL_CTX_get_ex_data(context, HandshakeTimeoutSlot()) : nullptr;
  return timeout ? *static_cast<const std::chrono::milliseconds*>(timeout) : 15000ms;
}

// RESTinio 0.6 arms a connection's timeouts only once the TLS handshake is over, so a client that
// connects and never finishes a handshake would hold its connection forever. RESTinio calls
// prepare_connection_and_start_read(socket, connection, start_read, failed) unqualified; this
// overload is found through TlsTraits by argument-dependent lookup and, being more specialised
// than RESTinio's, replaces it: the same handshake, cancelled when the server's read_timeout
// passes first. Both completions run on one strand, so they never race on the socket.
template <typename StartRead, typename Failed>
void prepare_connection_and_start_read(restinio::impl::tls_socket_t& socket,
                                       restinio::impl::connection_t<TlsTraits>& connection,
                                       StartRead start_read, Failed failed) {
  auto strand = asio::make_strand(socket.get_executor());
  auto deadline = std::make_shared<asio::steady_timer>(strand, HandshakeTimeout(socket));
  auto finished = std::make_shared<bool>(false);  // only touched on the strand
  socket.async_handshake(
      asio::ssl::stream_base::server,
      asio::bind_executor(strand, [deadline, finished, keep = connection.shared_from_this(),
                                   start_read = std::move(start_read),
                                   failed = std::move(failed)](const asio::error_code& ec) mutable {
        *finished = true;
        deadline->cancel();
        if (!ec)
          start_read();
        else
          failed(ec);
      }));
  deadline->async_wait([&socket, deadline, finished,
                        keep = connection.shared_from_this()](const asio::error_code& ec) {
    if (ec || *finished) return;
    asio::error_code ignored;
    socket.lowest_layer().cancel(ignored);  // the handshake then fails with operation_aborted
  });
}

// RESTinio's server object, whose type depends on TLS at compile time.
class Listener {
 public:
  virtual ~Listener() = default;
  virtual void Open() = 0;   // binds and listens; throws on failure
  virtual void Close() = 0;  // stops accepting; returns when the socket is closed
};

template <typename Traits>
class RestinioListener final : public Listener {
 public:
  RestinioListener(asio::io_context& io, restinio::server_settings_t<Traits> settings)
      : server_(restinio::external_io_context(io), std::move(settings)) {}
  void Open() override { server_.open_sync(); }
  void Close() override {
    std::promise<void> closed;
    server_.close_async([&] { closed.set_value(); },
                        [&](std::exception_ptr error) { closed.set_exception(error); });
    closed.get_future().get();
  }

 private:
  restinio::http_server_t<Traits> server_;
};

// One API request between the I/O thread that read it, the handler pool and the timeout timer.
// Whoever flips `answered` first sends the response.
struct ApiCall {
  ApiCall(asio::io_context& io, restinio::request_handle_t handle, Request req, Ticket t)
      : restinio_request(std::move(handle)),
        request(std::move(req)),
        ticket(std::move(t)),
        deadline(io) {}
  restinio::request_handle_t restinio_request;
  Request request;
  Ticket ticket;
  std::atomic<bool> answered{false};
  asio::steady_timer deadline;
};

// Throws naming `what` and `path` unless the file can be opened for reading.
void RequireReadable(const std::string& path, const std::string& what) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file)
    throw std::runtime_error(what + " " + path + " cannot be read: " + std::strerror(errno));
  std::fclose(file);
}

// `text` with control characters as \xNN: a decoded path may hold "%0a", which must not start a
// forged line in the log.
std::string Printable(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (c >= 0x20 && c != 0x7f) {
      out += static_cast<char>(c);
    } else {
      char escaped[5];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
      out += escaped;
    }
  }
  return out;
}

// "GET /api/workers/001", for log lines.
std::string Describe(const Request& request) {
  return request.method + " " + Printable(request.path);
}

std::string ClientAddress(const asio::ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped())
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).to_string();
  return address.to_string();
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The server

class Server::Impl {
 public:
  Impl(ServerOptions options, Handler handler)
      : options_(std::move(options)),
        handler_(std::move(handler)),
        log_(std::make_shared<LogSink>(options_.log)) {}
  ~Impl() { Stop(10s); }

  void Start();
  uint16_t port() const { return port_.load(); }
  void Stop(std::chrono::milliseconds drain);
  void RunUntilSignal();

 private:
  enum class State { kIdle, kRunning, kStopping, kStopped };
  // Which Cache-Control a response gets by default.
  enum class Caching { kNoStore, kRevalidate, kImmutable };

  // Start()
  void CheckOptions() const;
  asio::ip::address ListenAddress() const;
  asio::ssl::context TlsContext();
  template <typename Traits>
  restinio::server_settings_t<Traits> Settings(const asio::ip::address& address);
  restinio::incoming_http_msg_limits_t RestinioLimits() const;
  void RunIo();

  // Requests, on an I/O thread.
  restinio::request_handling_status_t OnRequest(const restinio::request_handle_t& handle);
  void Route(const restinio::request_handle_t& handle, Request& request, Ticket&& ticket);
  const ServerError* CheckLimits(const restinio::request_handle_t& handle,
                                 const Request& request) const;
  Response Preflight(const Request& request) const;
  void ServeStatic(const restinio::request_handle_t& handle, const Request& request,
                   Ticket&& ticket);

  // API requests: the handler pool and the timeout timer.
  void DispatchApi(const restinio::request_handle_t& handle, Request&& request, Ticket&& ticket);
  void RunHandler(ApiCall& call);
  void TimeOut(ApiCall& call);
  Response CallHandler(const Request& request);

  // Responses, from any thread. None of them throws.
  Headers StandardHeaders(const Request& request, Caching caching) const;
  void Send(const restinio::request_handle_t& handle, const Request& request, Response response,
            Caching caching, Ticket ticket) noexcept;
  void SendFile(const restinio::request_handle_t& handle, const Request& request,
                const fs::path& file, Ticket ticket) noexcept;
  void Write(const restinio::request_handle_t& handle, const Request& request, int status,
             const Headers& headers, restinio::writable_item_t body, Ticket ticket);
  bool OriginAllowed(const Request& request) const;
  void Log(const std::string& line) { log_->Write(line); }

  // Declared first, destroyed last: pending asio handlers hold tickets and read the options.
  const ServerOptions options_;
  const Handler handler_;
  std::shared_ptr<LogSink> log_;
  InFlight in_flight_;
  fs::path static_root_;  // canonical; empty = no static files
  bool tls_ = false;
  std::atomic<uint16_t> port_{0};
  std::atomic<bool> draining_{false};

  // Reset by Stop(): destroying the context closes the connections still open.
  std::unique_ptr<asio::io_context> io_ = std::make_unique<asio::io_context>();
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> keep_running_;
  std::unique_ptr<asio::thread_pool> pool_;
  std::unique_ptr<Listener> listener_;
  std::vector<std::thread> io_threads_;

  std::mutex stop_mu_;  // one Stop() at a time
  std::mutex state_mu_;
  std::condition_variable state_changed_;
  State state_ = State::kIdle;
  std::optional<asio::signal_set> signals_;  // while RunUntilSignal() waits; reset by Stop()
  int signal_ = 0;                           // the signal it received
};

// ----- Start

void Server::Impl::CheckOptions() const {
  if (!handler_) throw std::invalid_argument("lmis::http::Server: no API handler");
  if (options_.io_threads < 1 || options_.handler_threads < 1)
    throw std::invalid_argument("lmis::http::Server: io_threads and handler_threads must be >= 1");
  if (options_.tls_cert_file.empty() != options_.tls_key_file.empty())
    throw std::runtime_error("HTTPS needs both a certificate file and a key file");
}

asio::ip::address Server::Impl::ListenAddress() const {
  std::string host = options_.host == "localhost" ? "127.0.0.1" : options_.host;
  asio::error_code ec;
  asio::ip::address address = asio::ip::make_address(host, ec);
  if (ec) throw std::runtime_error("invalid listen address \"" + options_.host + "\"");
  return address;
}

asio::ssl::context Server::Impl::TlsContext() {
  const std::string& cert = options_.tls_cert_file;
  const std::string& key = options_.tls_key_file;
  RequireReadable(cert, "the TLS certificate file");
  RequireReadable(key, "the TLS key file");
  asio::ssl::context tls(asio::ssl::context::tls_server);
  tls.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                  asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                  asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
  try {
    tls.use_certificate_chain_file(cert);
  } catch (const std::exception& e) {
    throw std::runtime_error("the TLS certificate file " + cert +
                             " is not a PEM certificate: " + e.what());
  }
  try {
    tls.use_private_key_file(key, asio::ssl::context::pem);
  } catch (const asio::system_error& e) {
    // OpenSSL 3 compares the key with the certificate while loading it.
    if (ERR_GET_REASON(static_cast<unsigned long>(e.code().value())) == X509_R_KEY_VALUES_MISMATCH)
      throw std::runtime_error("the TLS key file " + key + " does not match the certificate " +
                               cert);
    throw std::runtime_error("the TLS key file " + key + " is not a PEM private key: " + e.what());
  }
  if (SSL_CTX_check_private_key(tls.native_handle()) != 1)
    throw std::runtime_error("the TLS key file " + key + " does not match the certificate " + cert);
  // Read by prepare_connection_and_start_read; options_ outlives every connection.
  SSL_CTX_set_ex_data(tls.native_handle(), HandshakeTimeoutSlot(),
                      const_cast<std::chrono::milliseconds*>(&options_.read_timeout));
  return tls;
}

// RESTinio closes the connection without a response when one of its limits is crossed, so its
// limits sit above ours and OnRequest answers 413/414/431; only requests far beyond ours (or
// beyond http_parser's fixed 80 KiB for request line and headers) are simply cut off. The body
// limit is the upload limit plus one byte, so the first byte too many still gets its 413.
restinio::incoming_http_msg_limits_t Server::Impl::RestinioLimits() const {
  const size_t header_limit = 2 * options_.max_header_bytes;
  return restinio::incoming_http_msg_limits_t{}
      .max_url_size(2 * options_.max_url_bytes)
      .max_field_name_size(header_limit)
      .max_field_value_size(header_limit)
      .max_field_count(header_limit / 4 + 16)  // a header line takes at least 4 bytes
      .max_body_size(std::max(options_.max_body_bytes, options_.max_upload_bytes) + 1);
}

template <typename Traits>
restinio::server_settings_t<Traits> Server::Impl::Settings(const asio::ip::address& address) {
  // RESTinio checks each connection's deadlines on a timer with this period.
  auto shortest =
      std::min({options_.read_timeout, options_.write_timeout, options_.handle_timeout});
  auto check_period = std::clamp<std::chrono::milliseconds>(shortest / 4, 50ms, 1000ms);
  restinio::server_settings_t<Traits> settings;
  settings.address(address)
      .port(options_.port)
      .request_handler([this](restinio::request_handle_t handle) { return OnRequest(handle); })
      .logger(log_)
      .incoming_http_msg_limits(RestinioLimits())
      .read_next_http_message_timelimit(options_.read_timeout)
      .write_http_response_timelimit(options_.write_timeout)
      // RESTinio's own handling timeout closes the connection: ours answers 503 well before.
      .handle_request_timeout(options_.handle_timeout + 5s)
      .timer_manager(check_period)
      .acceptor_post_bind_hook(
          [this](asio::ip::tcp::acceptor& acceptor) { port_ = acceptor.local_endpoint().port(); })
      .socket_options_setter([](restinio::socket_options_t& socket) {
        socket.set_option(asio::ip::tcp::no_delay{true});
      });
  return settings;
}

void Server::Impl::Start() {
  {
    std::lock_guard lock(state_mu_);
    if (state_ != State::kIdle) throw std::logic_error("lmis::http::Server::Start called twice");
  }
  CheckOptions();
  const asio::ip::address address = ListenAddress();
  if (!options_.static_dir.empty()) {
    std::error_code ec;
    static_root_ = fs::canonical(options_.static_dir, ec);
    if (ec || !fs::is_directory(static_root_))
      throw std::runtime_error("the static file directory " + options_.static_dir +
                               " does not exist");
  }
  tls_ = !options_.tls_cert_file.empty();
  if (tls_) {
    auto settings = Settings<TlsTraits>(address);
    settings.tls_context(TlsContext());
    listener_ = std::make_unique<RestinioListener<TlsTraits>>(*io_, std::move(settings));
  } else {
    listener_ =
        std::make_unique<RestinioListener<PlainTraits>>(*io_, Settings<PlainTraits>(address));
  }
  const std::string where =
      (address.is_v6() ? "[" + address.to_string() + "]" : address.to_string()) + ":";
  try {
    listener_->Open();
  } catch (const std::exception& e) {
    listener_.reset();
    throw std::runtime_error("cannot listen on " + where + std::to_string(options_.port) + ": " +
                             e.what());
  }
  pool_ = std::make_unique<asio::thread_pool>(options_.handler_threads);
  keep_running_.emplace(io_->get_executor());
  for (int i = 0; i < options_.io_threads; ++i) io_threads_.emplace_back([this] { RunIo(); });
  {
    std::lock_guard lock(state_mu_);
    state_ = State::kRunning;
  }
  Log("http: listening on " + std::string(tls_ ? "https://" : "http://") + where +
      std::to_string(port()) + " (" + std::to_string(options_.io_threads) + " I/O threads, " +
      std::to_string(options_.handler_threads) + " handler threads)");
}

void Server::Impl::RunIo() {
  for (;;) {
    try {
      io_->run();
      return;
    } catch (const std::exception& e) {
      Log(std::string("http: I/O thread error: ") + e.what());
    }
  }
}

// ----- Stop

void Server::Impl::Stop(std::chrono::milliseconds drain) {
  std::lock_guard stop_lock(stop_mu_);
  {
    std::lock_guard lock(state_mu_);
    if (state_ != State::kRunning) return;
    state_ = State::kStopping;
  }
  state_changed_.notify_all();
  const auto deadline = std::chrono::steady_clock::now() + drain;
  draining_ = true;  // responses from now on close their connection
  Log("http: stopping, " + std::to_string(in_flight_.count()) + " request(s) in flight");
  try {
    listener_->Close();
  } catch (const std::exception& e) {
    Log(std::string("http: closing the listening socket failed: ") + e.what());
  }
  if (!in_flight_.WaitIdle(deadline))
    Log("http: " + std::to_string(in_flight_.count()) + " request(s) still in flight after " +
        std::to_string(drain.count()) + " ms; closing their connections");
  keep_running_.reset();
  io_->stop();
  for (auto& thread : io_threads_) thread.join();
  io_threads_.clear();
  // Handlers still queued never run; running ones finish (their answers go nowhere).
  pool_->stop();
  pool_->join();
  pool_.reset();  // before the context: queued calls hold timers on it
  {
    std::lock_guard lock(state_mu_);
    signals_.reset();  // SIGTERM and SIGINT get their default action back
    state_ = State::kStopped;
  }
  listener_.reset();
  io_.reset();  // closes idle keep-alive connections and any left after the drain
  state_changed_.notify_all();
  Log("http: stopped");
}

void Server::Impl::RunUntilSignal() {
  int signal = 0;
  {
    std::unique_lock lock(state_mu_);
    if (state_ != State::kRunning) return;
    if (!signals_) {
      // restinio::run() only knows SIGINT; a service manager stops us with SIGTERM.
      signals_.emplace(*io_, SIGTERM, SIGINT);
      signals_->async_wait([this](const asio::error_code& ec, int number) {
        if (ec) return;
        {
          std::lock_guard lock(state_mu_);
          signal_ = number;
        }
        state_changed_.notify_all();
      });
    }
    state_changed_.wait(lock, [&] { return signal_ != 0 || state_ != State::kRunning; });
    signal = signal_;
  }
  if (signal != 0)
    Log(std::string("http: ") + (signal == SIGTERM ? "SIGTERM" : "SIGINT") + " received");
  Stop(10s);
}

// ----- Requests

restinio::request_handling_status_t Server::Impl::OnRequest(
    const restinio::request_handle_t& handle) {
  Ticket ticket = in_flight_.Begin();
  Request request;
  try {
    const auto& header = handle->header();
    request.method = header.method().c_str();
    request.remote_address = ClientAddress(handle->remote_endpoint().address());
    request.tls = tls_;
    header.for_each_field([&](const restinio::http_header_field_t& field) {
      request.headers.emplace_back(ToLower(field.name()), field.value());
    });
    Route(handle, request, std::move(ticket));
  } catch (const std::exception& e) {
    Log("http: cannot handle a request: " + std::string(e.what()));
    if (ticket) Send(handle, request, ErrorResponse(kInternal), Caching::kNoStore, ticket);
  }
  return restinio::request_accepted();
}

// The ticket moves on only into the call that answers, so that OnRequest can still answer 500
// when something throws before.
void Server::Impl::Route(const restinio::request_handle_t& handle, Request& request,
                         Ticket&& ticket) {
  const auto& header = handle->header();
  if (const ServerError* error = CheckLimits(handle, request))
    return Send(handle, request, ErrorResponse(*error), Caching::kNoStore, std::move(ticket));
  auto path = PercentDecode(header.path(), false);
  auto query = ParseQuery(header.query());
  if (!path || !path->starts_with('/') || !query)
    return Send(handle, request, ErrorResponse(kBadRequest), Caching::kNoStore, std::move(ticket));
  request.path = std::move(*path);
  request.query = std::move(*query);
  size_t body_limit = IsUnder(request.path, options_.upload_prefix) ? options_.max_upload_bytes
                                                                    : options_.max_body_bytes;
  if (handle->body().size() > body_limit) {
    Log("http: 413 for a " + std::to_string(handle->body().size()) +
        "-byte body: " + Describe(request));
    return Send(handle, request, ErrorResponse(kBodyTooLarge), Caching::kNoStore,
                std::move(ticket));
  }
  if (request.method == "OPTIONS" && request.Header("origin") &&
      request.Header("access-control-request-method"))
    return Send(handle, request, Preflight(request), Caching::kNoStore, std::move(ticket));
  if (IsUnder(request.path, "/api")) {
    // RESTinio is done with the body: move it rather than copy up to max_upload_bytes. The
    // string is a non-const member behind RESTinio's const accessor.
    request.body = std::move(const_cast<std::string&>(handle->body()));
    return DispatchApi(handle, std::move(request), std::move(ticket));
  }
  ServeStatic(handle, request, std::move(ticket));
}

// 414, 431 or nullptr, from what RESTinio read within its (higher) limits.
const ServerError* Server::Impl::CheckLimits(const restinio::request_handle_t& handle,
                                             const Request& request) const {
  if (handle->header().request_target().size() > options_.max_url_bytes) return &kUriTooLong;
  size_t header_bytes = 0;
  for (const auto& [name, value] : request.headers)
    header_bytes += name.size() + 2 + value.size() + 2;  // "name: value\r\n"
  if (header_bytes > options_.max_header_bytes) return &kHeadersTooLarge;
  return nullptr;
}

bool Server::Impl::OriginAllowed(const Request& request) const {
  const std::string* origin = request.Header("origin");
  return origin && std::find(options_.cors_origins.begin(), options_.cors_origins.end(), *origin) !=
                       options_.cors_origins.end();
}

// The answer to a CORS preflight; the Access-Control-Allow-Origin and -Credentials headers are
// added as for every response (StandardHeaders).
Response Server::Impl::Preflight(const Request& request) const {
  if (options_.cors_origins.empty()) {
    Response response = ErrorResponse(kMethodNotAllowed);
    response.headers.emplace_back("Allow", "GET, HEAD, POST, PUT, DELETE");
    return response;
  }
  if (!OriginAllowed(request)) return ErrorResponse(kOriginNotAllowed);
  Response response;
  response.status = 204;
  response.content_type.clear();
  response.headers = {{"Access-Control-Allow-Methods", "GET, POST, PUT, DELETE"},
                      {"Access-Control-Allow-Headers", "Authorization, Content-Type"},
                      {"Access-Control-Max-Age", "600"}};
  return response;
}

// Static files are served on the I/O thread: resolving a path is a few system calls, and the
// bytes go out asynchronously through sendfile(2) (read and write under TLS).
void Server::Impl::ServeStatic(const restinio::request_handle_t& handle, const Request& request,
                               Ticket&& ticket) {
  if (static_root_.empty())
    return Send(handle, request, ErrorResponse(kNotFound), Caching::kNoStore, std::move(ticket));
  if (request.method != "GET" && request.method != "HEAD") {
    Response response = ErrorResponse(kMethodNotAllowed);
    response.headers.emplace_back("Allow", "GET, HEAD");
    return Send(handle, request, std::move(response), Caching::kNoStore, std::move(ticket));
  }
  StaticTarget target = ResolveStatic(static_root_, request.path);
  switch (target.kind) {
    case StaticTarget::kFile:
      return SendFile(handle, request, target.file, std::move(ticket));
    case StaticTarget::kBadPath:
      Log("http: refused static path " + Printable(request.path) + " from " +
          request.remote_address);
      return Send(handle, request, ErrorResponse(kBadRequest), Caching::kNoStore,
                  std::move(ticket));
    case StaticTarget::kNotFound:
      return Send(handle, request, ErrorResponse(kNotFound), Caching::kNoStore, std::move(ticket));
  }
}

// ----- API requests

void Server::Impl::DispatchApi(const restinio::request_handle_t& handle, Request&& request,
                               Ticket&& ticket) {
  auto call = std::make_shared<ApiCall>(*io_, handle, std::move(request), std::move(ticket));
  // The timer holds the call weakly: once the handler has answered and the call is gone, a
  // late expiry finds nothing to do (and destroying the call cancels the timer anyway).
  call->deadline.expires_after(options_.handle_timeout);
  call->deadline.async_wait(
      [this, weak = std::weak_ptr<ApiCall>(call)](const asio::error_code& ec) {
        if (ec) return;
        if (auto live = weak.lock()) TimeOut(*live);
      });
  asio::post(*pool_, [this, call] { RunHandler(*call); });
}

void Server::Impl::RunHandler(ApiCall& call) {
  if (call.answered.load()) return;  // timed out while queued: its 503 is already sent
  Response response = CallHandler(call.request);
  if (call.answered.exchange(true)) {
    Log("http: late answer " + std::to_string(response.status) +
        " discarded: " + Describe(call.request));
    return;
  }
  Send(call.restinio_request, call.request, std::move(response), Caching::kNoStore, call.ticket);
}

void Server::Impl::TimeOut(ApiCall& call) {
  if (call.answered.exchange(true)) return;
  Log("http: 503, no answer within " + std::to_string(options_.handle_timeout.count()) +
      " ms: " + Describe(call.request));
  Send(call.restinio_request, call.request, ErrorResponse(kTimeout), Caching::kNoStore,
       call.ticket);
}

// The handler's response, or a 500 whose cause goes to the log and never to the client (an
// exception's text may name tables, files or personal data).
Response Server::Impl::CallHandler(const Request& request) {
  try {
    return handler_(request);
  } catch (const std::exception& e) {
    Log("http: 500, the handler failed on " + Describe(request) + ": " + e.what());
  } catch (...) {
    Log("http: 500, the handler failed on " + Describe(request) + ": unknown exception");
  }
  return ErrorResponse(kInternal);
}

// ----- Responses

Headers Server::Impl::StandardHeaders(const Request& request, Caching caching) const {
  Headers headers = {
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"Content-Security-Policy",
       "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
       "frame-ancestors 'none'"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
      // Static files may change with a deployment and carry no validators: always re-fetch,
      // except the UI build's content-hashed files (a new build gives new names).
      {"Cache-Control", caching == Caching::kNoStore     ? "no-store"
                        : caching == Caching::kImmutable ? "public, max-age=31536000, immutable"
                                                         : "no-cache"},
  };
  if (request.tls) headers.emplace_back("Strict-Transport-Security", "max-age=31536000");
  if (!options_.cors_origins.empty()) {
    headers.emplace_back("Vary", "Origin");  // the answer depends on the Origin header
    if (OriginAllowed(request)) {
      headers.emplace_back("Access-Control-Allow-Origin", *request.Header("origin"));
      headers.emplace_back("Access-Control-Allow-Credentials", "true");
    }
  }
  return headers;
}

void Server::Impl::Send(const restinio::request_handle_t& handle, const Request& request,
                        Response response, Caching caching, Ticket ticket) noexcept {
  try {
    if (response.status < 100 || response.status > 599) {
      Log("http: 500, the handler answered status " + std::to_string(response.status) + ": " +
          Describe(request));
      response = ErrorResponse(kInternal);
    }
    Headers headers = StandardHeaders(request, caching);
    bool bodiless = response.status == 204 || response.status == 304;
    if (!response.content_type.empty() && !bodiless)
      headers.emplace_back("Content-Type", response.content_type);
    // The handler's headers replace the defaults of the same name.
    for (auto& [name, value] : response.headers) {
      if (!IsSafeHeader(name, value) || IsFramingHeader(name)) {
        Log("http: dropped the handler's header \"" + Printable(name) + "\": " + Describe(request));
        continue;
      }
      std::erase_if(headers, [&](const auto& h) { return EqualsIgnoreCase(h.first, name); });
      headers.emplace_back(std::move(name), std::move(value));
    }
    if (bodiless) response.body.clear();
    Write(handle, request, response.status, headers, std::move(response.body), std::move(ticket));
  } catch (const std::exception& e) {
    Log("http: cannot send a response to " + Describe(request) + ": " + e.what());
  }
}

// True when the client takes gzip (RFC 9110 §12.5.3: "gzip;q=0" refuses it).
static bool AcceptsGzip(const Request& request) {
  const std::string* accept = request.Header("accept-encoding");
  if (!accept) return false;
  std::string_view a = *accept;
  size_t at = a.find("gzip");
  if (at == std::string_view::npos) return false;
  std::string_view params = a.substr(at + 4);
  params = params.substr(0, params.find(','));
  size_t q = params.find("q=");
  return q == std::string_view::npos ||
         params.substr(q + 2).find_first_of("123456789") != std::string_view::npos;
}

void Server::Impl::SendFile(const restinio::request_handle_t& handle, const Request& request,
                            const fs::path& file, Ticket ticket) noexcept {
  try {
    // The UI build writes NAME.gz beside its larger files: sent as they are, to clients that
    // take gzip, nothing is compressed per request.
    fs::path sent = file;
    bool gzipped = false;
    if (AcceptsGzip(request)) {
      fs::path packed = file;
      packed += ".gz";
      std::error_code ec;
      if (fs::is_regular_file(packed, ec)) {
        sent = packed;
        gzipped = true;
      }
    }
    restinio::sendfile_t contents = restinio::sendfile(sent.string());
    contents.timelimit(options_.write_timeout);
    const bool hashed = request.path.starts_with("/assets/");
    Headers headers = StandardHeaders(request, hashed ? Caching::kImmutable : Caching::kRevalidate);
    headers.emplace_back("Content-Type", MimeType(file));
    headers.emplace_back("Vary", "Accept-Encoding");
    if (gzipped) headers.emplace_back("Content-Encoding", "gzip");
    Write(handle, request, 200, headers, std::move(contents), std::move(ticket));
  } catch (const std::exception& e) {
    // Gone or unreadable since it was resolved.
    Log("http: cannot send " + file.string() + ": " + e.what());
    Send(handle, request, ErrorResponse(kNotFound), Caching::kNoStore, std::move(ticket));
  }
}

// Hands one response to RESTinio. The ticket rides along with the write-completion callback,
// which RESTinio calls (or drops) once the bytes are written or the connection is gone.
void Server::Impl::Write(const restinio::request_handle_t& handle, const Request& request,
                         int status, const Headers& headers, restinio::writable_item_t body,
                         Ticket ticket) {
  auto response =
      handle->create_response<restinio::user_controlled_output_t>(restinio::http_status_line_t{
          restinio::http_status_code_t{static_cast<uint16_t>(status)}, ReasonPhrase(status)});
  for (const auto& [name, value] : headers) response.append_header(name, value);
  response.append_header_date_field();
  if (draining_) response.connection_close();
  response.set_content_length(body.size());  // for HEAD too: the size a GET would get
  if (request.method != "HEAD" && body.size() > 0) response.set_body(std::move(body));
  response.done([ticket = std::move(ticket)](const asio::error_code&) mutable { ticket.reset(); });
}

// ---------------------------------------------------------------------------------------------

Server::Server(ServerOptions options, Handler api_handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(api_handler))) {}
Server::~Server() = default;
void Server::Start() { impl_->Start(); }
uint16_t Server::port() const { return impl_->port(); }
void Server::Stop(std::chrono::milliseconds drain) { impl_->Stop(drain); }
void Server::RunUntilSignal() { impl_->RunUntilSignal(); }

}  // namespace lmis::http

#include "http/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "testing/http_client.h"
#include "testing/temp_dir.h"

namespace lmis::http {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using Pairs = std::vector<std::pair<std::string, std::string>>;

const char kInternalBody[] =
    R"({"error":{"code":"internal","message_vi":"Lỗi máy chủ nội bộ","message_en":"Internal server error"}})";

// The server's log lines, for assertions.
class LogCapture {
 public:
  std::function<void(const std::string&)> Sink() {
    return [this](const std::string& line) {
      std::lock_guard lock(mu_);
      lines_.push_back(line);
    };
  }
  bool Contains(std::string_view text) {
    std::lock_guard lock(mu_);
    for (const auto& line : lines_)
      if (line.find(text) != std::string::npos) return true;
    return false;
  }
  std::string All() {
    std::lock_guard lock(mu_);
    std::string all;
    for (const auto& line : lines_) all += line + "\n";
    return all;
  }

 private:
  std::mutex mu_;
  std::vector<std::string> lines_;
};

// Loopback, a port of the system's choosing, few threads, the log captured.
ServerOptions TestOptions(LogCapture& log) {
  ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.io_threads = 2;
  options.handler_threads = 4;
  options.log = log.Sink();
  return options;
}

std::string Url(const Server& server, const char* scheme = "http") {
  return std::string(scheme) + "://127.0.0.1:" + std::to_string(server.port());
}

// A handler answering {"ok":true} to everything.
Response Ok(const Request&) {
  return Response{200, "application/json; charset=utf-8", {}, R"({"ok":true})"};
}

std::string ErrorCode(const HttpResult& result) {
  size_t start = result.body.find(R"("code":")");
  if (start == std::string::npos) return "";
  start += 8;
  return result.body.substr(start, result.body.find('"', start) - start);
}

void WriteFile(const fs::path& path, const std::string& contents) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << contents;
}

// Waits up to 10 s for `flag`; false when it never came.
bool WaitFor(const std::atomic<bool>& flag) {
  for (auto end = Clock::now() + 10s; Clock::now() < end; std::this_thread::sleep_for(5ms))
    if (flag) return true;
  return false;
}

// A raw TCP connection to the loopback port, for clients no library would imitate.
int ConnectRaw(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
    throw std::runtime_error("cannot connect to the test server");
  return fd;
}

// How long until the server closes `fd` (reading and dropping what it sends), calling `tick`
// every 100 ms meanwhile; nullopt when it is still open after `limit`.
std::optional<Clock::duration> TimeUntilClosed(int fd, Clock::duration limit,
                                               const std::function<void()>& tick = {}) {
  auto start = Clock::now();
  while (Clock::now() - start < limit) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) > 0) {
      char buffer[4096];
      if (::recv(fd, buffer, sizeof buffer, 0) <= 0) return Clock::now() - start;
    } else if (tick) {
      tick();
    }
  }
  return std::nullopt;
}

// The openssl command line, for test certificates.
bool HaveOpenssl() { return std::system("command -v openssl >/dev/null 2>&1") == 0; }

// A self-signed certificate for 127.0.0.1 and its key, as PEM files in `dir`.
void MakeCertificate(const TempDir& dir, const std::string& name) {
  std::string command =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
      " -days 2 -subj /CN=localhost -addext subjectAltName=IP:127.0.0.1"
      " -keyout " +
      dir.Path(name + ".key") + " -out " + dir.Path(name + ".pem") + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

// ----- Routing

TEST(Server, GivesTheHandlerTheDecodedRequest) {
  LogCapture log;
  std::mutex mu;
  Request seen;
  Server server(TestOptions(log), [&](const Request& request) {
    std::lock_guard lock(mu);
    seen = request;
    return Response{201, "application/json; charset=utf-8", {{"X-Reply", "yes"}}, R"({"id":1})"};
  });
  server.Start();
  ASSERT_NE(server.port(), 0);
  HttpClient client(Url(server));
  HttpResult result =
      client.Post("/api/workers/Nguy%E1%BB%85n%20A/001?unit=79&name=V%C4%83n+B%26C&flag&unit=80",
                  "thân bài", {{"X-Test", "hello world"}, {"Content-Type", "text/plain"}});

  EXPECT_EQ(result.status, 201);
  EXPECT_EQ(result.body, R"({"id":1})");
  ASSERT_TRUE(result.Header("content-type"));
  EXPECT_EQ(*result.Header("content-type"), "application/json; charset=utf-8");
  ASSERT_TRUE(result.Header("x-reply"));
  EXPECT_EQ(*result.Header("x-reply"), "yes");
  std::lock_guard lock(mu);
  EXPECT_EQ(seen.method, "POST");
  EXPECT_EQ(seen.path, "/api/workers/Nguyễn A/001");
  EXPECT_EQ(seen.query, (Pairs{{"unit", "79"}, {"name", "Văn B&C"}, {"flag", ""}, {"unit", "80"}}));
  ASSERT_TRUE(seen.Query("unit"));
  EXPECT_EQ(*seen.Query("unit"), "79");  // the first one
  EXPECT_EQ(seen.Query("missing"), nullptr);
  ASSERT_TRUE(seen.Header("x-test"));
  EXPECT_EQ(*seen.Header("x-test"), "hello world");
  EXPECT_EQ(seen.Header("X-Test"), nullptr);  // names are lower-cased
  ASSERT_TRUE(seen.Header("content-type"));
  EXPECT_EQ(*seen.Header("content-type"), "text/plain");
  EXPECT_EQ(seen.body, "thân bài");
  EXPECT_EQ(seen.remote_address, "127.0.0.1");
  EXPECT_FALSE(seen.tls);
}

TEST(Server, LeavesOtherMethodsToTheHandler) {
  LogCapture log;
  Server server(TestOptions(log), [](const Request& request) {
    return Response{
        200, "application/json; charset=utf-8", {}, R"({"method":")" + request.method + R"("})"};
  });
  server.Start();
  HttpClient client(Url(server));
  for (std::string method : {"GET", "PUT", "DELETE", "PATCH", "OPTIONS"}) {
    HttpResult result = client.Request(method, "/api/anything", "", {});
    EXPECT_EQ(result.status, 200) << method;
    EXPECT_EQ(result.body, R"({"method":")" + method + R"("})");
  }
  HttpResult head = client.Head("/api/anything");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.body, "");  // the handler's body is not sent for HEAD...
  ASSERT_TRUE(head.Header("content-length"));
  EXPECT_EQ(*head.Header("content-length"), "17");  // ...but its size is: {"method":"HEAD"}
}

TEST(Server, RunsHandlersOffTheIoThreads) {
  LogCapture log;
  ServerOptions options = TestOptions(log);
  options.io_threads = 1;  // a handler on it would block every other request
  std::atomic<bool> slow_started = false;
  Server server(options, [&](const Request& request) {
    if (request.path == "/api/slow") {
      slow_started = true;
      std::this_thread::sleep_for(1500ms);
    }
    return Ok(request);
  });
  server.Start();
  auto slow =
      std::async(std::launch::async, [&] { return HttpClient(Url(server)).Get("/api/slow"); });
  ASSERT_TRUE(WaitFor(slow_started));
  auto start = Clock::now();
  HttpResult fast = HttpClient(Url(server)).Get("/api/fast");
  EXPECT_EQ(fast.status, 200);
  EXPECT_LT(Clock::now() - start, 1000ms);
  EXPECT_EQ(slow.get().status, 200);
}

TEST(Server, TurnsHandlerExceptionsInto500WithoutTheirText) {
  LogCapture log;
  Server server(TestOptions(log), [](const Request&) -> Response {
    throw std::runtime_error("secret: password=hunter2 in table users");
  });
  server.Start();
  HttpResult result = HttpClient(Url(server)).Get("/api/boom%0aforged-log-line");
  EXPECT_EQ(result.status, 500);
  EXPECT_EQ(result.body, kInternalBody);
  EXPECT_EQ(result.body.find("hunter2"), std::string::npos);
  EXPECT_TRUE(log.Contains("password=hunter2")) << log.All();
  // The decoded newline is escaped in the log, so it cannot forge a line of its own.
  EXPECT_TRUE(log.Contains("GET /api/boom\\x0aforged-log-line")) << log.All();
}

TEST(Server, AnswersMalformedEscapesWith400) {
  LogCapture log;
  std::atomic<int> calls = 0;
  Server server(TestOptions(log), [&](const Request& request) {
    ++calls;
    return Ok(request);
  });
  server.Start();
  HttpClient client(Url(server));
  for (std::string path : {"/api/x%zz", "/api/x%4", "/api/x?a=%G1", "/api/a%00b"}) {
    HttpResult result = client.Get(path);
    EXPECT_EQ(result.status, 400) << path;
    EXPECT_EQ(ErrorCode(result), "bad_request") << path;
  }
  EXPECT_EQ(calls, 0);
}

// ----- Limits and timeouts

TEST(Server, AnswersBodiesOverTheLimitWith413) {
  LogCapture log;
  ServerOptions options = TestOptions(log);
  options.max_body_bytes = 1024;
  options.max_upload_bytes = 64 << 10;
  std::atomic<int> calls = 0;
  Server server(options, [&](const Request& request) {
    ++calls;
    return Ok(request);
  });
  server.Start();
  HttpClient client(Url(server));
  EXPECT_EQ(client.Post("/api/workers", std::string(1024, 'a')).status, 200);
  HttpResult over = client.Post("/api/workers", std::string(1025, 'a'));
  EXPECT_EQ(over.status, 413);
  EXPECT_EQ(ErrorCode(over), "body_too_large");
  EXPECT_NE(over.body.find("message_vi"), std::string::npos);
  EXPECT_NE(over.body.find("message_en"), std::string::npos);
  // Chunked bodies count the same.
  HttpResult chunked =
      client.Post("/api/workers", std::string(2048, 'a'), {{"Transfer-Encoding", "chunked"}});
  EXPECT_EQ(chunked.status, 413);
  // Upload paths have their own limit; a look-alike prefix does not.
  EXPECT_EQ(client.Post("/api/imports/workers", std::string(10 << 10, 'a')).status, 200);
  EXPECT_EQ(client.Post("/api/importsx", std::string(10 << 10, 'a')).status, 413);
  EXPECT_EQ(client.Post("/api/imports", std::string((64 << 10) + 1, 'a')).status, 413);
  // Far beyond every limit RESTinio just closes the connection; the server lives on.
  EXPECT_NE(client.Post("/api/imports", std::string(1 << 20, 'a')).status, 200);
  EXPECT_EQ(client.Get("/api/workers").status, 200);
  EXPECT_EQ(calls, 3);
}

TEST(Server, AnswersLongUrlsWith414) {
  LogCapture log;
  ServerOptions options = TestOptions(log);
  options.max_url_bytes = 1024;
  Server server(options, Ok);
  server.Start();
  HttpClient client(Url(server));
  EXPECT_EQ(client.Get("/api/x?q=" + std::string(1000, 'a')).status, 200);
  HttpResult result = client.Get("/api/x?q=" + std::string(1100, 'a'));
  EXPECT_EQ(result.status, 414);
  EXPECT_EQ(ErrorCode(result), "uri_too_long");
  EXPECT_NE(client.Get("/api/x?q=" + std::string(50 << 10, 'a')).status, 200);
  EXPECT_EQ(client.Get("/api/x").status, 200);
}

TEST(Server, AnswersLargeHeadersWith431) {
  LogCapture log;
  ServerOptions options = TestOptions(log);
  options.max_header_bytes = 2048;
  Server server(options, Ok);
  server.Start();
  HttpClient client(Url(server));
  EXPECT_EQ(client.Get("/api/x", {{"X-Big", std::string(1500, 'b')}}).status, 200);
  HttpResult one = client.Get("/api/x", {{"X-Big", std::string(3000, 'b')}});
  EXPECT_EQ(one.status, 431);
  EXPECT_EQ(ErrorCode(one), "headers_too_large");
  HttpHeaders many;
  for (int i = 0; i < 40; ++i) many.emplace_back("X-H" + std::to_string(i), std::string(60, 'h'));
  EXPECT_EQ(client.Get("/api/x", many).status, 431);
  EXPECT_EQ(client.Get("/api/x").status, 200);
}

TEST(Server, Answers503WhenTheHandlerIsTooSlowAndDropsItsLateAnswer) {
  LogCapture log;
  ServerOptions options = TestOptions(log);
  options.handle_timeout = 300ms;
  std::atomic<bool> slow_done = false;
  Server server(options, [&](const Request& request) {
    if (request.path == "/api/slow") {
      std::this_thread::sleep_for(1200ms);
      slow_done = true;
    }
    return Ok(request);
  });
  server.Start();
  HttpClient client(Url(server));
  auto start = Clock::now();
  HttpResult result = client.Get("/api/slow");
  EXPECT_EQ(result.status, 503);
  EXPECT_EQ(ErrorCode(result), "timeout");
  EXPECT_LT(Clock::now() - start, 1100ms);
  ASSERT_TRUE(WaitFor(slow_done));
  std::this_thread::sleep_for(100ms);
  EXPECT_TRUE(log.Contains("discarded")) << log.All();
  EXPECT_EQ(client.Get("/api/fast").status, 200);  // same connection, still in order
}

TEST(Server, DropsClientsThatSendHeadersTooSlowly) {
  LogCapture log;
  ServerOptions options = TestOptions(log);
  options.read_timeout = 500ms;
  Server server(options, Ok);
  server.Start();
  int fd = ConnectRaw(server.port());
  std::string start = "GET /api/x HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  ASSERT_EQ(::send(fd, start.data(), start.size(), MSG_NOSIGNAL), ssize_t(start.size()));
  // One more header line every 100 ms: never finished, never idle.
  auto closed = TimeUntilClosed(fd, 10s, [fd] { ::send(fd, "X-A: b\r\n", 8, MSG_NOSIGNAL); });
  ::close(fd);
  ASSERT_TRUE(closed) << "a slow client was never dropped";
  EXPECT_GE(*closed, 400ms);
  EXPECT_LT(*closed, 3s);
}

// ----- Headers

void ExpectSecurityHeaders(const HttpResult& result, const std::string& what) {
  SCOPED_TRACE(what);
  const Pairs expected = {
      {"x-content-type-options", "nosniff"},
      {"x-frame-options", "DENY"},
      {"referrer-policy", "no-referrer"},
      {"content-security-policy",
       "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
       "frame-ancestors 'none'"},
      {"cross-origin-opener-policy", "same-origin"},
  };
  for (const auto& [name, value] : expected) {
    ASSERT_TRUE(result.Header(name)) << name;
    EXPECT_EQ(*result.Header(name), value);
  }
  EXPECT_TRUE(result.Header("date"));
  EXPECT_EQ(result.Header("strict-transport-security"), nullptr);  // plain HTTP
  const std::string* server = result.Header("server");
  EXPECT_TRUE(!server || *server == "lmis");
}

TEST(Server, PutsSecurityHeadersOnEveryResponse) {
  LogCapture log;
  TempDir dir;
  WriteFile(dir.Path("www/index.html"), "<!doctype html>");
  ServerOptions options = TestOptions(log);
  options.static_dir = dir.Path("www");
  options.max_body_bytes = 10;
  Server server(options, [](const Request& request) -> Response {
    if (request.path == "/api/boom") throw std::runtime_error("boom");
    return Ok(request);
  });
  server.Start();
  HttpClient client(Url(server));
  for (const auto& [path, status] : std::vector<std::pair<std::string, long>>{
           {"/api/x", 200}, {"/api/boom", 500}, {"/index.html", 200}, {"/missing.js", 404}}) {
    HttpResult result = client.Get(path);
    EXPECT_EQ(result.status, status) << path;
    ExpectSecurityHeaders(result, path);
    ASSERT_TRUE(result.Header("cache-control")) << path;
    EXPECT_EQ(*result.Header("cache-control"), path == "/index.html" ? "no-cache" : "no-store");
  }
  HttpResult too_large = client.Post("/api/x", std::string(11, 'a'));
  EXPECT_EQ(too_large.status, 413);
  ExpectSecurityHeaders(too_large, "413");
}

// The UI build's gzip files are sent to clients that take gzip, its content-hashed assets
// are cached for good, and everything else is revalidated.
TEST(Server, SendsPrecompressedStaticFilesAndCachesHashedAssets) {
  LogCapture log;
  TempDir dir;
  WriteFile(dir.Path("www/index.html"), "<!doctype html>");
  WriteFile(dir.Path("www/assets/app-1a2b.js"), "console.log(1)");
  WriteFile(dir.Path("www/assets/app-1a2b.js.gz"), "GZIPPED");
  ServerOptions options = TestOptions(log);
  options.static_dir = dir.Path("www");
  Server server(options, [](const Request& request) { return Ok(request); });
  server.Start();
  HttpClient client(Url(server));
  HttpResult plain = client.Get("/assets/app-1a2b.js");
  EXPECT_EQ(plain.body, "console.log(1)");
  EXPECT_EQ(plain.Header("content-encoding"), nullptr);
  EXPECT_EQ(*plain.Header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(*plain.Header("vary"), "Accept-Encoding");
  HttpResult packed = client.Get("/assets/app-1a2b.js", {{"Accept-Encoding", "br, gzip"}});
  EXPECT_EQ(packed.body, "GZIPPED");
  ASSERT_TRUE(packed.Header("content-encoding"));
  EXPECT_EQ(*packed.Header("content-encoding"), "gzip");
  EXPECT_EQ(*packed.Header("content-type"), "text/javascript; charset=utf-8");
  HttpResult refused = client.Get("/assets/app-1a2b.js", {{"Accept-Encoding", "gzip;q=0, br"}});
  EXPECT_EQ(refused.body, "console.log(1)");
  HttpResult weighted = client.Get("/assets/app-1a2b.js", {{"Accept-Encoding", "gzip;q=0.5"}});
  EXPECT_EQ(weighted.body, "GZIPPED");
  // No .gz beside it: the file itself, whatever the client takes.
  HttpResult page = client.Get("/index.html", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(page.body, "<!doctype html>");
  EXPECT_EQ(*page.Header("cache-control"), "no-cache");
}

TEST(Server, LetsTheHandlerReplaceDefaultHeadersButNotFraming) {
  LogCapture log;
  Server server(TestOptions(log), [](const Request&) {
    return Response{200,
                    "text/csv; charset=utf-8",
                    {{"Cache-Control", "private, max-age=60"},
                     {"Content-Length", "999"},
                     {"X-Injected", "a\r\nSet-Cookie: evil=1"},
                     {"Set-Cookie", "session=abc; HttpOnly; Secure; SameSite=Strict"}},
                    "a,b\n"};
  });
  server.Start();
  HttpResult result = HttpClient(Url(server)).Get("/api/export");
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, "a,b\n");
  EXPECT_EQ(*result.Header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(*result.Header("cache-control"), "private, max-age=60");
  EXPECT_EQ(*result.Header("content-length"), "4");
  EXPECT_EQ(result.Header("x-injected"), nullptr);
  ASSERT_TRUE(result.Header("set-cookie"));
  EXPECT_EQ(*result.Header("set-cookie"), "session=abc; HttpOnly; Secure; SameSite=Strict");
  EXPECT_TRUE(log.Contains("X-Injected")) << log.All();
}

// ----- CORS

TEST(Server, KeepsCorsOffByDefault) {
  LogCapture log;
  std::atomic<int> calls = 0;
  Server server(TestOptions(log), [&](const Request& request) {
    ++calls;
    return Ok(request);
  });
  server.Start();
  HttpClient client(Url(server));
  HttpResult get = client.Get("/api/x", {{"Origin", "https://evil.example"}});
  EXPECT_EQ(get.status, 200);
  HttpResult preflight = client.Request(
      "OPTIONS", "/api/x", "",
      {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(preflight.status, 405);
  for (const HttpResult* result : {&get, &preflight})
    for (const auto& [name, value] : result->headers)
      EXPECT_FALSE(name.starts_with("access-control-")) << name;
  EXPECT_EQ(calls, 1);
}

TEST(Server, AllowsOnlyListedCorsOrigins) {
  LogCapture log;
  ServerOptions options = TestOptions(log);
  options.cors_origins = {"https://app.lmis.example.vn"};
  std::atomic<int> calls = 0;
  Server server(options, [&](const Request& request) {
    ++calls;
    return Ok(request);
  });
  server.Start();
  HttpClient client(Url(server));
  const std::string app = "https://app.lmis.example.vn";

  HttpResult listed = client.Get("/api/x", {{"Origin", app}});
  EXPECT_EQ(listed.status, 200);
  ASSERT_TRUE(listed.Header("access-control-allow-origin"));
  EXPECT_EQ(*listed.Header("access-control-allow-origin"), app);
  ASSERT_TRUE(listed.Header("access-control-allow-credentials"));
  EXPECT_EQ(*listed.Header("access-control-allow-credentials"), "true");
  ASSERT_TRUE(listed.Header("vary"));
  EXPECT_EQ(*listed.Header("vary"), "Origin");

  HttpResult other = client.Get("/api/x", {{"Origin", "https://evil.example"}});
  EXPECT_EQ(other.status, 200);
  EXPECT_EQ(other.Header("access-control-allow-origin"), nullptr);
  EXPECT_TRUE(other.Header("vary"));

  HttpResult preflight =
      client.Request("OPTIONS", "/api/x", "",
                     {{"Origin", app},
                      {"Access-Control-Request-Method", "PUT"},
                      {"Access-Control-Request-Headers", "authorization,content-type"}});
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(preflight.body, "");
  ASSERT_TRUE(preflight.Header("access-control-allow-origin"));
  EXPECT_EQ(*preflight.Header("access-control-allow-origin"), app);
  ASSERT_TRUE(preflight.Header("access-control-allow-methods"));
  EXPECT_EQ(*preflight.Header("access-control-allow-methods"), "GET, POST, PUT, DELETE");
  ASSERT_TRUE(preflight.Header("access-control-allow-headers"));
  EXPECT_EQ(*preflight.Header("access-control-allow-headers"), "Authorization, Content-Type");
  EXPECT_EQ(*preflight.Header("access-control-allow-credentials"), "true");

  HttpResult refused = client.Request(
      "OPTIONS", "/api/x", "",
      {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "PUT"}});
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.Header("access-control-allow-origin"), nullptr);
  EXPECT_EQ(calls, 2);  // preflights never reach the handler
}

// ----- Static files

TEST(Server, ServesStaticFilesWithTheirTypes) {
  LogCapture log;
  TempDir dir;
  const std::vector<std::pair<std::string, std::string>> files = {
      {"index.html", "text/html; charset=utf-8"},
      {"assets/app.js", "text/javascript; charset=utf-8"},
      {"assets/worker.mjs", "text/javascript; charset=utf-8"},
      {"assets/app.css", "text/css; charset=utf-8"},
      {"data/units.json", "application/json; charset=utf-8"},
      {"assets/app.js.map", "application/json; charset=utf-8"},
      {"logo.svg", "image/svg+xml"},
      {"logo.png", "image/png"},
      {"favicon.ico", "image/x-icon"},
      {"fonts/be-vietnam.woff2", "font/woff2"},
      {"robots.txt", "text/plain; charset=utf-8"},
      {"templates/mau-03.xlsx",
       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      {"docs/huong-dan.pdf", "application/pdf"},
      {"LICENSE.unknownext", "application/octet-stream"},
  };
  for (const auto& [name, type] : files) WriteFile(dir.Path("www/" + name), "contents of " + name);
  ServerOptions options = TestOptions(log);
  options.static_dir = dir.Path("www");
  Server server(options, Ok);
  server.Start();
  HttpClient client(Url(server));
  for (const auto& [name, type] : files) {
    HttpResult result = client.Get("/" + name);
    EXPECT_EQ(result.status, 200) << name;
    EXPECT_EQ(result.body, "contents of " + name);
    ASSERT_TRUE(result.Header("content-type")) << name;
    EXPECT_EQ(*result.Header("content-type"), type) << name;
  }
  HttpResult head = client.Head("/assets/app.js");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(*head.Header("content-length"),
            std::to_string(std::string("contents of assets/app.js").size()));
  HttpResult post = client.Post("/index.html", "x");
  EXPECT_EQ(post.status, 405);
  ASSERT_TRUE(post.Header("allow"));
  EXPECT_EQ(*post.Header("allow"), "GET, HEAD");
}

TEST(Server, ServesIndexForTheRootAndForAppRoutes) {
  LogCapture log;
  TempDir dir;
  WriteFile(dir.Path("www/index.html"), "INDEX");
  WriteFile(dir.Path("www/help/index.html"), "HELP");
  ServerOptions options = TestOptions(log);
  options.static_dir = dir.Path("www");
  Server server(options, Ok);
  server.Start();
  HttpClient client(Url(server));
  for (std::string path :
       {"/", "/workers", "/workers/079123456789/history", "/help", "/help/", "/etc/passwd"}) {
    HttpResult result = client.Get(path);
    EXPECT_EQ(result.status, 200) << path;
    EXPECT_EQ(result.body, path == "/help/" ? "HELP" : "INDEX") << path;
    EXPECT_EQ(*result.Header("content-type"), "text/html; charset=utf-8") << path;
  }
  for (std::string path : {"/missing.js", "/assets/app.3f2a.css", "/help/missing.png"}) {
    HttpResult result = client.Get(path);
    EXPECT_EQ(result.status, 404) << path;
    EXPECT_EQ(ErrorCode(result), "not_found") << path;
  }
}

TEST(Server, RefusesPathsOutsideTheStaticDirectory) {
  LogCapture log;
  TempDir dir;
  WriteFile(dir.Path("secret.txt"), "TOP SECRET");
  WriteFile(dir.Path("www/index.html"), "INDEX");
  WriteFile(dir.Path("www/.env"), "TOP SECRET");
  WriteFile(dir.Path("www/.git/config"), "TOP SECRET");
  fs::create_symlink("../secret.txt", dir.Path("www/escape.txt"));
  fs::create_directory_symlink("..", dir.Path("www/up"));
  ServerOptions options = TestOptions(log);
  options.static_dir = dir.Path("www");
  Server server(options, Ok);
  server.Start();
  HttpClient client(Url(server));
  for (std::string path :
       {"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/..%2fsecret.txt",
        "/assets/../../secret.txt", "/..%5csecret.txt", "/../../../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/./index.html", "/escape.txt", "/up/secret.txt",
        "/.env", "/.git/config"}) {
    HttpResult result = client.Get(path);
    EXPECT_TRUE(result.status == 400 || result.status == 404 ||
                (result.status == 200 && result.body == "INDEX"))
        << path << " → " << result.status;
    EXPECT_EQ(result.body.find("TOP SECRET"), std::string::npos) << path;
    EXPECT_EQ(result.body.find("root:"), std::string::npos) << path;
  }
  EXPECT_EQ(client.Get("/../secret.txt").status, 400);
  EXPECT_EQ(client.Get("/escape.txt").status, 404);
}

TEST(Server, AnswersNonApiPathsWith404WithoutAStaticDirectory) {
  LogCapture log;
  Server server(TestOptions(log), Ok);
  server.Start();
  HttpResult result = HttpClient(Url(server)).Get("/index.html");
  EXPECT_EQ(result.status, 404);
  EXPECT_EQ(ErrorCode(result), "not_found");
}

// ----- Connections and shutdown

TEST(Server, KeepsConnectionsAlive) {
  LogCapture log;
  Server server(TestOptions(log), Ok);
  server.Start();
  HttpClient client(Url(server));
  HttpResult first = client.Get("/api/one");
  HttpResult second = client.Post("/api/two", "body");
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(client.connections_opened(), 1);
  ASSERT_TRUE(second.Header("connection"));
  EXPECT_EQ(*second.Header("connection"), "keep-alive");
}

TEST(Server, StopLetsARequestInFlightFinish) {
  LogCapture log;
  std::atomic<bool> started = false;
  Server server(TestOptions(log), [&](const Request& request) {
    started = true;
    std::this_thread::sleep_for(300ms);
    return Response{200, "application/json; charset=utf-8", {}, R"({"finished":true})"};
  });
  server.Start();
  const std::string url = Url(server);
  auto in_flight = std::async(std::launch::async, [&] { return HttpClient(url).Get("/api/slow"); });
  ASSERT_TRUE(WaitFor(started));
  auto start = Clock::now();
  server.Stop();
  EXPECT_GE(Clock::now() - start, 100ms);  // it waited for the handler
  HttpResult result = in_flight.get();
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, R"({"finished":true})");
  ASSERT_TRUE(result.Header("connection"));
  EXPECT_EQ(*result.Header("connection"), "close");
  EXPECT_EQ(HttpClient(url).Get("/api/x").status, 0);  // no longer listening
  EXPECT_TRUE(log.Contains("stopped")) << log.All();
  server.Stop();  // a second Stop() does nothing
}

TEST(Server, StopGivesUpOnRequestsAfterTheDrainTime) {
  LogCapture log;
  std::atomic<bool> started = false;
  Server server(TestOptions(log), [&](const Request& request) {
    started = true;
    std::this_thread::sleep_for(1000ms);
    return Ok(request);
  });
  server.Start();
  const std::string url = Url(server);
  auto in_flight = std::async(std::launch::async, [&] { return HttpClient(url).Get("/api/slow"); });
  ASSERT_TRUE(WaitFor(started));
  server.Stop(100ms);
  EXPECT_EQ(in_flight.get().status, 0);  // its connection was closed without an answer
  EXPECT_TRUE(log.Contains("still in flight")) << log.All();
}

// Waits until `signal` has a handler (RunUntilSignal's), so sending it cannot kill the test.
bool WaitForSignalHandler(int signal) {
  for (auto end = Clock::now() + 10s; Clock::now() < end; std::this_thread::sleep_for(5ms)) {
    struct sigaction action {};
    ::sigaction(signal, nullptr, &action);
    if (action.sa_handler != SIG_DFL && action.sa_handler != SIG_IGN) return true;
  }
  return false;
}

TEST(Server, RunUntilSignalDrainsAndStopsOnSigterm) {
  LogCapture log;
  std::atomic<bool> started = false;
  Server server(TestOptions(log), [&](const Request& request) {
    if (request.path == "/api/slow") {
      started = true;
      std::this_thread::sleep_for(300ms);
    }
    return Ok(request);
  });
  server.Start();
  const std::string url = Url(server);
  auto running = std::async(std::launch::async, [&] { server.RunUntilSignal(); });
  ASSERT_TRUE(WaitForSignalHandler(SIGTERM));
  auto in_flight = std::async(std::launch::async, [&] { return HttpClient(url).Get("/api/slow"); });
  ASSERT_TRUE(WaitFor(started));
  ASSERT_EQ(::kill(::getpid(), SIGTERM), 0);
  ASSERT_EQ(running.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(in_flight.get().status, 200);
  EXPECT_EQ(HttpClient(url).Get("/api/x").status, 0);
  EXPECT_TRUE(log.Contains("SIGTERM")) << log.All();
  struct sigaction action {};
  ::sigaction(SIGTERM, nullptr, &action);
  EXPECT_EQ(action.sa_handler, SIG_DFL);
}

TEST(Server, RunUntilSignalStopsOnSigint) {
  LogCapture log;
  Server server(TestOptions(log), Ok);
  server.Start();
  auto running = std::async(std::launch::async, [&] { server.RunUntilSignal(); });
  ASSERT_TRUE(WaitForSignalHandler(SIGINT));
  ASSERT_EQ(::kill(::getpid(), SIGINT), 0);
  ASSERT_EQ(running.wait_for(10s), std::future_status::ready);
  EXPECT_TRUE(log.Contains("SIGINT")) << log.All();
}

TEST(Server, RunUntilSignalReturnsWhenStoppedElsewhere) {
  LogCapture log;
  Server server(TestOptions(log), Ok);
  server.Start();
  auto running = std::async(std::launch::async, [&] { server.RunUntilSignal(); });
  ASSERT_TRUE(WaitForSignalHandler(SIGTERM));
  server.Stop();
  EXPECT_EQ(running.wait_for(10s), std::future_status::ready);
}

TEST(Server, StartFailsClearlyOnATakenPortOrABadAddress) {
  LogCapture log;
  Server first(TestOptions(log), Ok);
  first.Start();
  ServerOptions options = TestOptions(log);
  options.port = first.port();
  Server second(options, Ok);
  try {
    second.Start();
    FAIL() << "a second server started on the same port";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(std::to_string(first.port())), std::string::npos)
        << e.what();
  }
  options.host = "not-an-address";
  options.port = 0;
  Server third(options, Ok);
  EXPECT_THROW(third.Start(), std::runtime_error);
  EXPECT_THROW(first.Start(), std::logic_error);
}

// ----- TLS

TEST(Server, ServesHttpsOnly) {
  if (!HaveOpenssl()) GTEST_SKIP() << "the openssl command is not installed";
  LogCapture log;
  TempDir dir;
  MakeCertificate(dir, "server");
  WriteFile(dir.Path("www/index.html"), "INDEX OVER TLS");
  ServerOptions options = TestOptions(log);
  options.tls_cert_file = dir.Path("server.pem");
  options.tls_key_file = dir.Path("server.key");
  options.static_dir = dir.Path("www");
  std::atomic<bool> saw_tls = false;
  Server server(options, [&](const Request& request) {
    saw_tls = request.tls;
    return Ok(request);
  });
  server.Start();
  HttpClient client(Url(server, "https"));
  client.set_ca_file(dir.Path("server.pem"));  // verified, not merely accepted
  HttpResult api = client.Get("/api/x");
  EXPECT_EQ(api.status, 200) << api.error;
  EXPECT_TRUE(saw_tls);
  ASSERT_TRUE(api.Header("strict-transport-security"));
  EXPECT_EQ(*api.Header("strict-transport-security"), "max-age=31536000");
  HttpResult file = client.Get("/index.html");  // sendfile without sendfile(2)
  EXPECT_EQ(file.status, 200);
  EXPECT_EQ(file.body, "INDEX OVER TLS");
  EXPECT_EQ(client.connections_opened(), 1);  // keep-alive over TLS

  HttpClient insecure(Url(server, "https"));
  insecure.set_insecure_tls(true);
  EXPECT_EQ(insecure.Get("/api/x").status, 200);

  HttpResult plain = HttpClient(Url(server, "http")).Get("/api/x");
  EXPECT_NE(plain.status, 200);
}

TEST(Server, DropsTlsClientsThatNeverFinishTheHandshake) {
  if (!HaveOpenssl()) GTEST_SKIP() << "the openssl command is not installed";
  LogCapture log;
  TempDir dir;
  MakeCertificate(dir, "server");
  ServerOptions options = TestOptions(log);
  options.tls_cert_file = dir.Path("server.pem");
  options.tls_key_file = dir.Path("server.key");
  options.read_timeout = 500ms;
  Server server(options, Ok);
  server.Start();
  int fd = ConnectRaw(server.port());  // connects, then says nothing
  auto closed = TimeUntilClosed(fd, 10s);
  ::close(fd);
  ASSERT_TRUE(closed) << "a silent TLS client was never dropped";
  EXPECT_LT(*closed, 3s);
}

TEST(Server, StartNamesTheBadTlsFile) {
  if (!HaveOpenssl()) GTEST_SKIP() << "the openssl command is not installed";
  LogCapture log;
  TempDir dir;
  MakeCertificate(dir, "a");
  MakeCertificate(dir, "b");
  WriteFile(dir.Path("garbage.pem"), "not a certificate\n");
  auto start_error = [&](const std::string& cert, const std::string& key) -> std::string {
    ServerOptions options = TestOptions(log);
    options.tls_cert_file = cert;
    options.tls_key_file = key;
    Server server(options, Ok);
    try {
      server.Start();
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    return "";
  };
  std::string missing = start_error(dir.Path("missing.pem"), dir.Path("a.key"));
  EXPECT_NE(missing.find(dir.Path("missing.pem")), std::string::npos) << missing;
  std::string garbage = start_error(dir.Path("garbage.pem"), dir.Path("a.key"));
  EXPECT_NE(garbage.find(dir.Path("garbage.pem")), std::string::npos) << garbage;
  std::string bad_key = start_error(dir.Path("a.pem"), dir.Path("garbage.pem"));
  EXPECT_NE(bad_key.find(dir.Path("garbage.pem")), std::string::npos) << bad_key;
  std::string mismatch = start_error(dir.Path("a.pem"), dir.Path("b.key"));
  EXPECT_NE(mismatch.find("does not match"), std::string::npos) << mismatch;
  EXPECT_NE(start_error(dir.Path("a.pem"), ""), "");
}

// ----- The test client itself

TEST(HttpClient, ReportsAConnectionThatNeverHappened) {
  LogCapture log;
  uint16_t port;
  {
    Server server(TestOptions(log), Ok);
    server.Start();
    port = server.port();
  }
  HttpResult result = HttpClient("http://127.0.0.1:" + std::to_string(port)).Get("/api/x");
  EXPECT_EQ(result.status, 0);
  EXPECT_FALSE(result.error.empty());
}

}  // namespace
}  // namespace lmis::http

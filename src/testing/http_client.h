// A small blocking HTTP client for tests (libcurl): real requests against a real server.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lmis {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// What came back for one request.
struct HttpResult {
  long status = 0;      // 0: no response at all (refused, reset, closed, timed out); see error
  HttpHeaders headers;  // names lower-cased, in order; only the final response's
  std::string body;
  std::string error;  // libcurl's explanation when status is 0

  // The value of the first header named `lower_name`, or nullptr.
  const std::string* Header(std::string_view lower_name) const;
};

// Sends requests to one server. One libcurl handle serves every request, so consecutive
// requests reuse the connection (keep-alive) unless the server closes it. Paths are sent as
// given (no "/../" squashing, no escaping), so tests can send whatever a hostile client would.
// Not thread-safe: one client per thread.
class HttpClient {
 public:
  // `base_url` like "http://127.0.0.1:8080", without a trailing slash.
  explicit HttpClient(std::string base_url);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  HttpResult Get(const std::string& path, const HttpHeaders& headers = {});
  HttpResult Head(const std::string& path, const HttpHeaders& headers = {});
  HttpResult Post(const std::string& path, const std::string& body,
                  const HttpHeaders& headers = {});
  HttpResult Put(const std::string& path, const std::string& body, const HttpHeaders& headers = {});
  HttpResult Delete(const std::string& path, const HttpHeaders& headers = {});
  // Any method; a non-empty body is sent with a Content-Length (or chunked, when `headers`
  // holds "Transfer-Encoding: chunked"). Never throws for HTTP or network failures.
  HttpResult Request(const std::string& method, const std::string& path, const std::string& body,
                     const HttpHeaders& headers);

  // HTTPS: accept any certificate (self-signed test certificates).
  void set_insecure_tls(bool insecure) { insecure_tls_ = insecure; }
  // HTTPS: trust the PEM certificates in `path` (verifying the peer and its name).
  void set_ca_file(std::string path) { ca_file_ = std::move(path); }
  // Gives up on a request after `timeout` (30 s unless set).
  void set_timeout(std::chrono::milliseconds timeout) { timeout_ = timeout; }
  // How many connections this client has opened so far: unchanged across a request means the
  // request went over a kept-alive connection.
  long connections_opened() const { return connections_opened_; }

 private:
  std::string base_url_;
  void* curl_;  // CURL*, kept out of this header
  bool insecure_tls_ = false;
  std::string ca_file_;
  std::chrono::milliseconds timeout_{30000};
  long connections_opened_ = 0;
};

}  // namespace lmis

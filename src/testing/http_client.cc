#include "testing/http_client.h"

#include <curl/curl.h>

#include <mutex>
#include <stdexcept>

namespace lmis {
namespace {

CURL* Handle(void* curl) { return static_cast<CURL*>(curl); }

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() &&
         (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '\n'))
    text.remove_suffix(1);
  return text;
}

size_t AppendBody(char* data, size_t size, size_t count, void* result) {
  static_cast<HttpResult*>(result)->body.append(data, size * count);
  return size * count;
}

// libcurl hands over one header line at a time, the status line included; a new status line
// (after "100 Continue", say) starts the headers afresh.
size_t AppendHeader(char* data, size_t size, size_t count, void* result) {
  auto* out = static_cast<HttpResult*>(result);
  std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    out->headers.clear();
  } else if (size_t colon = line.find(':'); colon != std::string_view::npos) {
    out->headers.emplace_back(Lower(Trim(line.substr(0, colon))),
                              std::string(Trim(line.substr(colon + 1))));
  }
  return size * count;
}

// curl_slist owned for one request.
struct HeaderList {
  curl_slist* list = nullptr;
  ~HeaderList() { curl_slist_free_all(list); }
  void Add(const std::string& line) { list = curl_slist_append(list, line.c_str()); }
};

}  // namespace

const std::string* HttpResult::Header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers)
    if (name == lower_name) return &value;
  return nullptr;
}

HttpClient::HttpClient(std::string base_url) : base_url_(std::move(base_url)) {
  static std::once_flag init;
  std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  curl_ = curl_easy_init();
  if (!curl_) throw std::runtime_error("curl_easy_init failed");
}

HttpClient::~HttpClient() { curl_easy_cleanup(Handle(curl_)); }

HttpResult HttpClient::Get(const std::string& path, const HttpHeaders& headers) {
  return Request("GET", path, "", headers);
}
HttpResult HttpClient::Head(const std::string& path, const HttpHeaders& headers) {
  return Request("HEAD", path, "", headers);
}
HttpResult HttpClient::Post(const std::string& path, const std::string& body,
                            const HttpHeaders& headers) {
  return Request("POST", path, body, headers);
}
HttpResult HttpClient::Put(const std::string& path, const std::string& body,
                           const HttpHeaders& headers) {
  return Request("PUT", path, body, headers);
}
HttpResult HttpClient::Delete(const std::string& path, const HttpHeaders& headers) {
  return Request("DELETE", path, "", headers);
}

HttpResult HttpClient::Request(const std::string& method, const std::string& path,
                               const std::string& body, const HttpHeaders& headers) {
  CURL* curl = Handle(curl_);
  // Forgets the previous request's options but keeps the connection cache.
  curl_easy_reset(curl);
  HttpResult result;
  char error[CURL_ERROR_SIZE] = "";
  std::string url = base_url_ + path;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_.count()));
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, AppendBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &result);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, AppendHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &result);
  if (insecure_tls_) {
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (!ca_file_.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, ca_file_.c_str());

  if (method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    if (method != "POST") curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  } else {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    if (method != "GET") curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  }

  HeaderList list;
  list.Add("Expect:");  // no "100-continue" round trip: the server does not answer it
  bool has_content_type = false;
  for (const auto& [name, value] : headers) {
    has_content_type = has_content_type || Lower(name) == "content-type";
    list.Add(value.empty() ? name + ";" : name + ": " + value);  // "Name;" sends an empty value
  }
  // Without this libcurl labels every body a form post.
  if (!has_content_type && !body.empty()) list.Add("Content-Type: application/octet-stream");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list.list);

  CURLcode code = curl_easy_perform(curl);
  long connects = 0;
  curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &connects);
  connections_opened_ += connects;
  if (code != CURLE_OK) {
    result.status = 0;
    result.error =
        std::string(curl_easy_strerror(code)) + (*error ? std::string(": ") + error : "");
    return result;
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
  return result;
}

}  // namespace lmis

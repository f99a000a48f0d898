#include "http/api_support.h"

#include <charconv>

#include "http/render.h"

namespace lmis::http {

using nlohmann::json;

Response Json(int status, const json& body) {
  Response r;
  r.status = status;
  r.body = body.dump();
  return r;
}

Response Error(int status, std::string_view code, std::string_view vi, std::string_view en) {
  return Json(status, ErrorJson(code, vi, en));
}

Response Invalid(const Violations& violations) {
  json body = ErrorJson("validation", "Dữ liệu không hợp lệ", "The data is not valid");
  json list = json::array();
  for (const Violation& v : violations) list.push_back(ViolationJson(v));
  body["violations"] = std::move(list);
  return Json(422, body);
}

Response Unauthenticated() {
  Response r = Error(401, "unauthenticated", "Chưa đăng nhập hoặc phiên làm việc đã hết hạn",
                     "Not signed in, or the session has expired");
  r.headers.emplace_back("WWW-Authenticate", "Bearer");
  return r;
}

Response Denied(Decision decision) {
  if (decision == Decision::kDenyRole)
    return Error(403, "forbidden_role", "Vai trò của bạn không được phép làm việc này",
                 "Your role may not do this");
  return Error(403, "forbidden_jurisdiction", "Hồ sơ này nằm ngoài phạm vi quản lý của bạn",
               "This record lies outside your jurisdiction");
}

Response NotFound() { return Error(404, "not_found", "Không tìm thấy", "Not found"); }

Response MethodNotAllowed() {
  return Error(405, "method_not_allowed", "Phương thức không được hỗ trợ", "Method not allowed");
}

Response BadRequest(std::string_view en) {
  return Error(400, "bad_request", "Yêu cầu không hợp lệ", en);
}

// The path split at '/', without the leading "api".
std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) out.push_back(path.substr(i, j - i));
    i = j + 1;
  }
  if (!out.empty() && out[0] == "api") out.erase(out.begin());
  return out;
}

std::optional<int64_t> ParseInt(std::string_view text) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
  return v;
}

Response Conflict(std::string_view vi, std::string_view en) {
  return Error(409, "conflict", vi, en);
}

Response Download(std::string body, std::string content_type, const std::string& filename) {
  Response r;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return r;
}

std::optional<Response> Document(const TableDoc& doc, const std::string& format,
                                 const std::string& name, const std::string& sheet) {
  if (format == "csv") return Download(RenderCsv(doc), "text/csv; charset=utf-8", name + ".csv");
  if (format == "xlsx")
    return Download(RenderXlsx(doc, sheet),
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    name + ".xlsx");
  if (format == "pdf") return Download(RenderPdf(doc), "application/pdf", name + ".pdf");
  return std::nullopt;
}

Response ChartImage(const Chart& chart, const std::string& format) {
  Response r;
  r.content_type = format == "svg" ? "image/svg+xml" : "image/png";
  r.body = format == "svg" ? RenderChartSvg(chart) : RenderChartPng(chart);
  return r;
}

Response BadFormat(const std::string& format, const std::string& allowed) {
  return Invalid({{"format", ViolationCode::kCodeUnknown,
                   "Định dạng không hỗ trợ: " + QuoteValue(format) + " (" + allowed + ")",
                   "Unsupported format: " + QuoteValue(format) + " (" + allowed + ")"}});
}

std::string QueryText(const Request& r, const char* key) {
  const std::string* v = r.Query(key);
  return v ? *v : std::string();
}

std::optional<json> ObjectBody(const Request& r, Response* error) {
  json body;
  try {
    body = ParseBody(r.body);
  } catch (const BadJson& e) {
    *error = BadRequest(e.what());
    return std::nullopt;
  }
  if (!body.is_object()) {
    *error = BadRequest("expected a JSON object");
    return std::nullopt;
  }
  return body;
}

AuditEvent CallerEvent(const ApiContext& c, const Principal& who, const Request& r,
                       std::string_view action, std::string_view outcome) {
  AuditEvent e;
  e.at = c.clock.Now();
  e.username = who.username;
  e.role = std::string(RoleSlug(who.role));
  e.unit = who.unit;
  e.action = std::string(action);
  e.outcome = std::string(outcome);
  e.address = r.remote_address;
  return e;
}

}  // namespace lmis::http

// What the API's route modules share: building answers (JSON bodies, the error shapes of
// /api/openapi.json), reading paths, numbers and bodies of requests, and the services a
// route reaches (reference data, clock, database pool, audit writer).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/access.h"
#include "auth/audit_writer.h"
#include "core/clock.h"
#include "core/refdata.h"
#include "core/violation.h"
#include "exchange/table_doc.h"
#include "http/server.h"
#include "report/chart.h"
#include "store/store_pool.h"

namespace lmis::http {

Response Json(int status, const nlohmann::json& body);
// {"error": {"code", "message_vi", "message_en"}} with `status`.
Response Error(int status, std::string_view code, std::string_view vi, std::string_view en);
// 422 with every violation.
Response Invalid(const Violations& violations);
Response Unauthenticated();
// 403 forbidden_role or forbidden_jurisdiction.
Response Denied(Decision decision);
Response NotFound();
Response MethodNotAllowed();
Response BadRequest(std::string_view en);
// 409 with a message saying why.
Response Conflict(std::string_view vi, std::string_view en);
// A file to download: `body` of `content_type`, saved as `filename` (ASCII).
Response Download(std::string body, std::string content_type, const std::string& filename);

// A printable table (exchange/table_doc.h) as a download in `format` (csv, xlsx or pdf),
// saved as `name` + its extension; nullopt for another format.
std::optional<Response> Document(const TableDoc& doc, const std::string& format,
                                 const std::string& name, const std::string& sheet);
// A chart drawn as `format` ("svg" or "png"), shown inline.
Response ChartImage(const Chart& chart, const std::string& format);
// 422 for a `format` query parameter not among `allowed` ("json, csv, xlsx").
Response BadFormat(const std::string& format, const std::string& allowed);
// A query parameter, "" when absent.
std::string QueryText(const Request& r, const char* key);

// The path split at '/', without the leading "api".
std::vector<std::string_view> Segments(std::string_view path);
std::optional<int64_t> ParseInt(std::string_view text);
// The body as a JSON object; nullopt with `error` set (400) otherwise.
std::optional<nlohmann::json> ObjectBody(const Request& r, Response* error);

// The services every route module reaches. The pool's connections are leased per request.
struct ApiContext {
  const RefData& ref;
  const Clock& clock;
  StorePool& pool;
  AuditWriter& audit;
};

// An audit entry of `who`, from the request's address, at the clock's time.
AuditEvent CallerEvent(const ApiContext& c, const Principal& who, const Request& r,
                       std::string_view action, std::string_view outcome);

}  // namespace lmis::http

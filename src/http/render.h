// JSON in and out of the API: records, violations, errors, audit entries. The shapes here are
// the ones documented in /api/openapi.json.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/violation.h"
#include "core/worker.h"
#include "store/store.h"

namespace lmis::http {

// A request body that is not acceptable JSON (malformed, too deeply nested, wrong shape).
class BadJson : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses `body` as JSON nested at most `max_depth` levels. Throws BadJson.
nlohmann::json ParseBody(std::string_view body, int max_depth = 16);

// A record given as a JSON object of exchange-format columns, read as a JSON Lines row is
// (exchange/worker_file.h); the key "version" (metadata of a record read earlier) is ignored.
WorkerCells CellsFromJson(const nlohmann::json& object, Violations* problems);

// A stored version: every present field at the top level, provenance under "version".
nlohmann::json WorkerJson(const WorkerVersion& v);

nlohmann::json ViolationJson(const Violation& v);

// {"error": {"code", "message_vi", "message_en"}}.
nlohmann::json ErrorJson(std::string_view code, std::string_view vi, std::string_view en);

nlohmann::json AuditJson(const AuditEvent& e);

}  // namespace lmis::http

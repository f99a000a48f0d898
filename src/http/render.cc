#include "http/render.h"

#include "exchange/worker_file.h"

namespace lmis::http {
namespace {

// Stops the parser as soon as nesting passes the limit, before the deep value is built.
struct DepthExceeded {};

}  // namespace

nlohmann::json ParseBody(std::string_view body, int max_depth) {
  try {
    return nlohmann::json::parse(
        body.begin(), body.end(),
        [max_depth](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
          if (depth > max_depth) throw DepthExceeded{};
          return true;
        });
  } catch (const DepthExceeded&) {
    throw BadJson("JSON nested deeper than " + std::to_string(max_depth) + " levels");
  } catch (const nlohmann::json::exception& e) {
    throw BadJson(std::string("malformed JSON: ") + e.what());
  }
}

WorkerCells CellsFromJson(const nlohmann::json& object, Violations* problems) {
  WorkerCells cells;
  if (!object.is_object()) {
    problems->push_back({"", ViolationCode::kFormat, "Phiếu phải là một đối tượng JSON",
                         "A record is a JSON object"});
    return cells;
  }
  nlohmann::json record = object;
  record.erase("version");
  lmis::CellsFromJson(record, &cells, problems);
  return cells;
}

nlohmann::json WorkerJson(const WorkerVersion& v) {
  nlohmann::json out = nlohmann::json::object();
  for (size_t i = 0; i < kWorkerFieldCount; ++i)
    if (!v.cells[i].empty())
      out[std::string(InfoOf(static_cast<WorkerField>(i)).name)] = v.cells[i];
  out["version"] = {{"person", PersonIdText(v.person_id)},
                    {"seq", v.seq},
                    {"valid_from", v.meta.valid_from.ToString()},
                    {"recorded_at", v.meta.recorded_at},
                    {"source", std::string(Slug(v.meta.source))},
                    {"actor", v.meta.actor},
                    {"province_code", v.province_code},
                    {"residence_unit", v.residence_unit},
                    {"closed", v.closed.empty() ? nlohmann::json() : nlohmann::json(v.closed)}};
  return out;
}

nlohmann::json ViolationJson(const Violation& v) {
  return {{"field", v.field},
          {"code", std::string(SlugOf(v.code))},
          {"message_vi", v.message_vi},
          {"message_en", v.message_en}};
}

nlohmann::json ErrorJson(std::string_view code, std::string_view vi, std::string_view en) {
  return {{"error", {{"code", code}, {"message_vi", vi}, {"message_en", en}}}};
}

nlohmann::json AuditJson(const AuditEvent& e) {
  return {{"id", e.id},
          {"at", e.at},
          {"username", e.username},
          {"role", e.role},
          {"unit", e.unit},
          {"action", e.action},
          {"outcome", e.outcome},
          {"person", e.person_id ? nlohmann::json(PersonIdText(e.person_id)) : nlohmann::json()},
          {"residence_unit",
           e.residence_unit.empty() ? nlohmann::json() : nlohmann::json(e.residence_unit)},
          {"detail", e.detail},
          {"address", e.address}};
}

}  // namespace lmis::http

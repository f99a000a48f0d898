#include "http/register_api.h"

#include <algorithm>
#include <set>

#include "core/text.h"
#include "exchange/table_doc.h"
#include "http/render.h"
#include "reconcile/linkage_decision.h"
#include "registry/lookup.h"
#include "store/extract_tables.h"
#include "store/linkage_tables.h"

namespace lmis::http {
namespace {

using nlohmann::json;

constexpr int kDefaultPage = 100, kMaxPage = 1000;

// Roles that run reconciliations: the commune's labour officer and police, and supervisors.
bool MayReconcile(Role role) {
  return role == Role::kCommuneOfficer || role == Role::kCommunePolice ||
         role == Role::kDistrictOfficer || role == Role::kProvinceOfficer ||
         role == Role::kMinistry;
}

// Roles that decide linkage proposals: who may correct the record where it lives.
bool MayDecideLinks(Role role) {
  return role == Role::kCommuneOfficer || role == Role::kCommunePolice;
}

std::string Text(const json& body, const char* key) {
  return body.contains(key) && body[key].is_string() ? body[key].get<std::string>() : "";
}

std::string CodeOf(const std::string& key) {
  auto unit = ParseUnitKey(key);
  return unit ? std::string(unit->code) : key;
}

std::string UnitName(const RefData& ref, const std::string& key) {
  auto unit = ParseUnitKey(key);
  if (!unit) return "";
  const AdminUnit* u = ref.units.Find(unit->edition, unit->code);
  return u ? u->name : "";
}

// The communes `unit` of `tree` stands for; nullopt when it is no unit.
std::optional<std::vector<std::string>> UnitsOf(const RefData& ref, const std::string& unit,
                                                const std::string& tree) {
  Date day = tree == "pre2025" ? Date{2025, 6, 30} : Date{2025, 7, 1};
  return ResidenceUnitsFor(ref.units, unit, day);
}

bool Covers(const Principal& who, const std::vector<std::string>& units) {
  return std::all_of(units.begin(), units.end(),
                     [&](const std::string& u) { return who.jurisdiction.Covers(u); });
}

json ReasonsWithLabels(const std::string& stored) {
  json reasons = json::parse(stored, nullptr, false);
  if (!reasons.is_array()) return json::array();
  for (json& r : reasons)
    for (size_t f = 0; f < kLinkFields; ++f) {
      auto field = static_cast<LinkField>(f);
      if (r.value("field", "") != Slug(field)) continue;
      r["label_vi"] = std::string(LabelVi(field));
      for (int o = 0; o < kOutcomes[f]; ++o)
        if (r.value("outcome", "") == OutcomeSlug(field, o))
          r["outcome_vi"] = std::string(OutcomeLabelVi(field, o));
    }
  return reasons;
}

json ProposalJson(const LinkageProposalRecord& p) {
  return {{"id", p.id},
          {"state", p.state},
          {"score", p.score_centi / 100.0},
          {"worker_id", PersonIdText(p.worker_person_id)},
          {"register_cccd", PersonIdText(p.register_person_id)},
          {"unit", CodeOf(p.residence_unit)},
          {"register_unit", CodeOf(p.register_unit)},
          {"proposed_at", p.proposed_at},
          {"proposed_by", p.proposed_by},
          {"decided_at", p.decided_at.empty() ? json() : json(p.decided_at)},
          {"decided_by", p.decided_by.empty() ? json() : json(p.decided_by)},
          {"note", p.note.empty() ? json() : json(p.note)},
          {"reasons", ReasonsWithLabels(p.reasons)}};
}

json RegisterRowJson(const StoredExtractRow& row) {
  const ExtractFormat& f = FormatOf(ExtractKind::kPopulation);
  json person = json::object();
  for (size_t i = 0; i < f.columns.size(); ++i)
    if (!row.cells[i].empty()) person[std::string(f.columns[i].name)] = row.cells[i];
  return person;
}

json DiscrepancyJson(const Discrepancy& d) {
  return {{"unit", CodeOf(d.unit)},
          {"cccd", d.cccd},
          {"kind", std::string(Slug(d.kind))},
          {"kind_label_vi", std::string(LabelVi(d.kind))},
          {"field", d.field},
          {"worker_value", d.worker_value},
          {"register_value", d.register_value}};
}

// The person a discrepancy is about: by CCCD, else by the CMND it shows.
int64_t PersonOf(const Discrepancy& d) {
  if (!d.cccd.empty()) return CccdPersonId(d.cccd).value_or(0);
  return CmndPersonId(d.worker_value).value_or(0);
}

}  // namespace

Decision RegisterApi::MayImport(const Principal& who, ExtractKind kind) {
  if (kind == ExtractKind::kPopulation)
    return who.role == Role::kCommuneOfficer || who.role == Role::kCommunePolice
               ? Decision::kAllow
               : Decision::kDenyRole;
  // Insurance and enterprise extracts are not tied to a residence: province and nation.
  return who.role == Role::kProvinceOfficer || who.role == Role::kMinistry ? Decision::kAllow
                                                                           : Decision::kDenyRole;
}

std::optional<Response> RegisterApi::Handle(const Request& r,
                                            const std::vector<std::string_view>& s,
                                            const Caller& caller) {
  const std::string_view top = s[0];
  if (top == "registers") {
    if (s.size() != 3 || s[1] != "population") return NotFound();
    if (r.method != "GET") return MethodNotAllowed();
    return RegisterPerson(r, s[2], caller);
  }
  if (top == "reconciliations") {
    if (s.size() == 1) {
      if (r.method != "POST") return MethodNotAllowed();
      return StartReconciliation(r, caller);
    }
    auto id = ParseInt(s[1]);
    if (!id || s.size() > 3 || (s.size() == 3 && s[2] != "discrepancies")) return NotFound();
    if (r.method != "GET") return MethodNotAllowed();
    return s.size() == 2 ? Reconciliation(r, *id, caller) : Discrepancies(r, *id, caller);
  }
  if (top == "linkage") {
    if (s.size() < 2 || s[1] != "proposals") return NotFound();
    if (s.size() == 2) {
      if (r.method != "GET") return MethodNotAllowed();
      return Proposals(r, caller);
    }
    auto id = ParseInt(s[2]);
    if (!id || s.size() > 4 || (s.size() == 4 && s[3] != "decision")) return NotFound();
    if (s.size() == 3) {
      if (r.method != "GET") return MethodNotAllowed();
      return Proposal(r, *id, caller);
    }
    if (r.method != "POST") return MethodNotAllowed();
    return Decide(r, *id, caller);
  }
  return std::nullopt;
}

Response RegisterApi::RegisterPerson(const Request& r, std::string_view cccd,
                                     const Caller& caller) {
  auto person = CccdPersonId(cccd);
  if (!person)
    return Invalid({{"cccd", ViolationCode::kFormat, "Số định danh phải gồm 12 chữ số",
                     "A personal ID number has 12 digits"}});
  const ExtractFormat& f = FormatOf(ExtractKind::kPopulation);
  auto store = c_.pool.Acquire();
  ExtractTables tables(store->sql());
  std::optional<StoredExtractRow> row = tables.Find(f, std::string(cccd));
  AuditEvent e = CallerEvent(c_, caller.who, r, "register_read", "not_found");
  e.person_id = *person;
  if (!row) {
    c_.audit.Write({e});
    return NotFound();
  }
  e.province_code = row->province_code;
  e.residence_unit = row->residence_unit;
  lmis::Decision d = lmis::Decide(caller.who, Action::kRead, {*person, row->residence_unit});
  e.outcome = std::string(DecisionSlug(d));
  c_.audit.Write({e});
  if (d != lmis::Decision::kAllow) return Denied(d);
  json changes = json::array();
  for (const ExtractChange& ch : tables.Changes(f, row->key))
    changes.push_back({{"at", ch.at},
                       {"run", ch.run_id},
                       {"field", ch.field},
                       {"old_value", ch.old_value},
                       {"new_value", ch.new_value}});
  return Json(200, {{"person", RegisterRowJson(*row)},
                    {"unit", CodeOf(row->residence_unit)},
                    {"updated_at", row->updated_at},
                    {"changes", changes}});
}

Response RegisterApi::StartReconciliation(const Request& r, const Caller& caller) {
  AuditEvent denied = CallerEvent(c_, caller.who, r, "reconcile", "deny_role");
  if (!MayReconcile(caller.who.role)) {
    c_.audit.Write({denied});
    return Denied(lmis::Decision::kDenyRole);
  }
  Response error;
  std::optional<json> body = ObjectBody(r, &error);
  if (!body) return error;
  Violations problems;
  ReconcileJobStatus status;
  status.kind = Text(*body, "kind").empty() ? "population" : Text(*body, "kind");
  status.unit = Text(*body, "unit");
  status.tree = Text(*body, "tree").empty() ? "2025" : Text(*body, "tree");
  status.as_of = Text(*body, "as_of");
  auto kind = ParseExtractKind(status.kind);
  if (!kind)
    problems.push_back({"kind", ViolationCode::kCodeUnknown,
                        "kind phải là population, insurance hoặc enterprises",
                        "kind is population, insurance or enterprises"});
  if (status.tree != "2025" && status.tree != "pre2025")
    problems.push_back({"tree", ViolationCode::kCodeUnknown, "tree phải là 2025 hoặc pre2025",
                        "tree is 2025 or pre2025"});
  ReconcileRequest request;
  if (status.as_of.empty()) status.as_of = c_.clock.Today().ToString();
  if (auto day = Date::Parse(status.as_of))
    request.as_of = *day;
  else
    problems.push_back({"as_of", ViolationCode::kDateFormat, "Ngày phải có dạng YYYY-MM-DD",
                        "The date must be YYYY-MM-DD"});
  if (!status.unit.empty()) {
    request.units = UnitsOf(c_.ref, status.unit, status.tree);
    if (!request.units)
      problems.push_back({"unit", ViolationCode::kUnitUnknown, "Không có đơn vị hành chính này",
                          "No such administrative unit"});
  } else {
    request.units = caller.who.jurisdiction.Units();
  }
  if (!problems.empty()) return Invalid(problems);
  if (request.units && !Covers(caller.who, *request.units)) {
    denied.outcome = "deny_jurisdiction";
    c_.audit.Write({denied});
    return Denied(lmis::Decision::kDenyJurisdiction);
  }
  if (!request.units && caller.who.unit != "national") {  // only the nation sees everything
    denied.outcome = "deny_jurisdiction";
    c_.audit.Write({denied});
    return Denied(lmis::Decision::kDenyJurisdiction);
  }
  request.kind = *kind;
  request.actor = "api:" + caller.who.username;
  int64_t id = jobs_.Start(caller.who, caller.address, std::move(request), status);
  Response out = Json(202, {{"id", id}, {"state", "running"}});
  out.headers.emplace_back("Location", "/api/reconciliations/" + std::to_string(id));
  return out;
}

Response RegisterApi::Reconciliation(const Request& r, int64_t id, const Caller& caller) {
  std::optional<ReconcileJobStatus> job = jobs_.Status(id);
  if (!job || job->owner != caller.who.username) return NotFound();
  json body = {{"id", job->id},
               {"kind", job->kind},
               {"unit", job->unit},
               {"tree", job->tree},
               {"as_of", job->as_of},
               {"state", job->state},
               {"started_at", job->started_at},
               {"finished_at", job->finished_at.empty() ? json() : json(job->finished_at)}};
  if (!job->error_en.empty())
    body["error"] = {{"message_vi", job->error_vi}, {"message_en", job->error_en}};
  std::shared_ptr<const ReconcileOutcome> outcome = jobs_.Outcome(id);
  if (outcome) {
    UnitTally total;
    json units = json::array();
    for (const auto& [key, t] : outcome->by_unit) {
      total.field_mismatch += t.field_mismatch;
      total.not_in_register += t.not_in_register;
      total.no_worker_record += t.no_worker_record;
      total.closed_in_register += t.closed_in_register;
      total.proposals += t.proposals;
      units.push_back({{"unit", CodeOf(key)},
                       {"name", UnitName(c_.ref, key)},
                       {"field_mismatch", t.field_mismatch},
                       {"not_in_register", t.not_in_register},
                       {"no_worker_record", t.no_worker_record},
                       {"closed_in_register", t.closed_in_register},
                       {"proposals", t.proposals}});
    }
    body["totals"] = {{"workers", outcome->workers},
                      {"register_rows", outcome->register_rows},
                      {"matched", outcome->matched},
                      {"field_mismatch", total.field_mismatch},
                      {"not_in_register", total.not_in_register},
                      {"no_worker_record", total.no_worker_record},
                      {"closed_in_register", total.closed_in_register},
                      {"proposals", total.proposals}};
    body["units"] = units;
  }
  return Json(200, body);
}

Response RegisterApi::Discrepancies(const Request& r, int64_t id, const Caller& caller) {
  std::optional<ReconcileJobStatus> job = jobs_.Status(id);
  if (!job || job->owner != caller.who.username) return NotFound();
  std::shared_ptr<const ReconcileOutcome> outcome = jobs_.Outcome(id);
  if (!outcome)
    return Conflict("Đối soát chưa xong hoặc đã thất bại",
                    "The reconciliation is still running or failed");
  Violations problems;
  auto param = [&](const char* key) {
    const std::string* v = r.Query(key);
    return v ? *v : std::string();
  };
  std::optional<std::vector<std::string>> units;
  if (!param("unit").empty()) {
    units = UnitsOf(c_.ref, param("unit"), param("tree").empty() ? job->tree : param("tree"));
    if (!units)
      problems.push_back({"unit", ViolationCode::kUnitUnknown, "Không có đơn vị hành chính này",
                          "No such administrative unit"});
  }
  const std::string kind = param("kind");
  const std::string format = param("format").empty() ? "json" : param("format");
  if (format != "json" && format != "csv" && format != "xlsx")
    problems.push_back({"format", ViolationCode::kCodeUnknown, "format: json, csv hoặc xlsx",
                        "format is json, csv or xlsx"});
  int64_t cursor = 0, limit = kDefaultPage;
  if (!param("cursor").empty()) cursor = ParseInt(param("cursor")).value_or(-1);
  if (!param("limit").empty()) limit = ParseInt(param("limit")).value_or(-1);
  if (cursor < 0 || limit < 1)
    problems.push_back({"cursor", ViolationCode::kFormat, "cursor và limit phải là số dương",
                        "cursor and limit are positive integers"});
  if (!problems.empty()) return Invalid(problems);
  limit = std::min<int64_t>(limit, kMaxPage);
  std::set<std::string> unit_set;
  if (units) unit_set.insert(units->begin(), units->end());
  std::vector<const Discrepancy*> chosen;
  int64_t next = 0;
  const auto& all = outcome->discrepancies;
  for (size_t i = static_cast<size_t>(format == "json" ? cursor : 0); i < all.size(); ++i) {
    const Discrepancy& d = all[i];
    if (units && !unit_set.contains(d.unit)) continue;
    if (!kind.empty() && Slug(d.kind) != kind) continue;
    if (format == "json" && static_cast<int64_t>(chosen.size()) == limit) {
      next = static_cast<int64_t>(i);
      break;
    }
    chosen.push_back(&d);
  }
  // Every person listed is a read of their data.
  std::vector<AuditEvent> events;
  for (const Discrepancy* d : chosen) {
    AuditEvent e = CallerEvent(c_, caller.who, r, "reconcile_list", "allow");
    e.person_id = PersonOf(*d);
    e.residence_unit = d->unit;
    e.detail = "reconciliation " + std::to_string(id);
    events.push_back(std::move(e));
  }
  if (!events.empty()) c_.audit.Write(std::move(events));
  if (format == "json") {
    json items = json::array();
    for (const Discrepancy* d : chosen) items.push_back(DiscrepancyJson(*d));
    return Json(200,
                {{"items", items}, {"next_cursor", next ? json(std::to_string(next)) : json()}});
  }
  TableDoc doc;
  doc.title = "DANH SÁCH SAI LỆCH ĐỐI SOÁT VỚI " +
              std::string(job->kind == "population"  ? "CSDL QUỐC GIA VỀ DÂN CƯ"
                          : job->kind == "insurance" ? "CSDL BẢO HIỂM XÃ HỘI"
                                                     : "CSDL ĐĂNG KÝ DOANH NGHIỆP");
  doc.subtitle = {"Ngày đối soát: " + job->as_of};
  doc.landscape = true;
  doc.columns = {{"STT", CellKind::kInteger, 5},        {"Mã xã", CellKind::kText, 8},
                 {"Số định danh", CellKind::kText, 14}, {"Loại sai lệch", CellKind::kText, 28},
                 {"Trường", CellKind::kText, 14},       {"Trên phiếu", CellKind::kText, 24},
                 {"Trong CSDL", CellKind::kText, 24}};
  for (const Discrepancy* d : chosen)
    doc.rows.push_back({std::to_string(doc.rows.size() + 1), CodeOf(d->unit), d->cccd,
                        std::string(LabelVi(d->kind)), d->field, d->worker_value,
                        d->register_value});
  const std::string name = "doi-soat-" + std::to_string(id);
  if (format == "csv") {
    doc.columns = {{"cccd"}, {"kind"}, {"field"}, {"worker_value"}, {"register_value"}, {"unit"}};
    doc.rows.clear();
    for (const Discrepancy* d : chosen)
      doc.rows.push_back({d->cccd, std::string(Slug(d->kind)), d->field, d->worker_value,
                          d->register_value, CodeOf(d->unit)});
    return Download(RenderCsv(doc), "text/csv; charset=utf-8", name + ".csv");
  }
  return Download(RenderXlsx(doc, "Sai lệch"),
                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                  name + ".xlsx");
}

Response RegisterApi::Proposals(const Request& r, const Caller& caller) {
  if (!MayListPersons(caller.who.role)) {
    c_.audit.Write({CallerEvent(c_, caller.who, r, "linkage_list", "deny_role")});
    return Denied(lmis::Decision::kDenyRole);
  }
  LinkageQuery q;
  q.residence_units = caller.who.jurisdiction.Units();
  auto param = [&](const char* key) {
    const std::string* v = r.Query(key);
    return v ? *v : std::string();
  };
  Violations problems;
  if (!param("unit").empty()) {
    auto units = UnitsOf(c_.ref, param("unit"), param("tree").empty() ? "2025" : param("tree"));
    if (!units)
      problems.push_back({"unit", ViolationCode::kUnitUnknown, "Không có đơn vị hành chính này",
                          "No such administrative unit"});
    else if (!Covers(caller.who, *units)) {
      c_.audit.Write({CallerEvent(c_, caller.who, r, "linkage_list", "deny_jurisdiction")});
      return Denied(lmis::Decision::kDenyJurisdiction);
    } else {
      q.residence_units = units;
    }
  }
  if (!param("state").empty()) q.state = param("state");
  int64_t limit = param("limit").empty() ? kDefaultPage : ParseInt(param("limit")).value_or(-1);
  if (!param("cursor").empty()) q.before_id = ParseInt(param("cursor")).value_or(-1);
  if (limit < 1 || q.before_id < 0)
    problems.push_back({"cursor", ViolationCode::kFormat, "cursor và limit phải là số dương",
                        "cursor and limit are positive integers"});
  if (!problems.empty()) return Invalid(problems);
  q.limit = static_cast<int>(std::min<int64_t>(limit, kMaxPage)) + 1;
  std::vector<LinkageProposalRecord> found;
  {
    auto store = c_.pool.Acquire();
    found = LinkageTables(store->sql()).List(q);
  }
  std::optional<int64_t> next;
  if (static_cast<int>(found.size()) == q.limit) {
    found.pop_back();
    next = found.back().id;
  }
  std::vector<AuditEvent> events;
  json items = json::array();
  for (const LinkageProposalRecord& p : found) {
    items.push_back(ProposalJson(p));
    for (int64_t person : {p.worker_person_id, p.register_person_id}) {
      AuditEvent e = CallerEvent(c_, caller.who, r, "linkage_list", "allow");
      e.person_id = person;
      e.residence_unit = person == p.worker_person_id ? p.residence_unit : p.register_unit;
      events.push_back(std::move(e));
    }
  }
  if (!events.empty()) c_.audit.Write(std::move(events));
  return Json(200,
              {{"items", items}, {"next_cursor", next ? json(std::to_string(*next)) : json()}});
}

Response RegisterApi::Proposal(const Request& r, int64_t id, const Caller& caller) {
  auto store = c_.pool.Acquire();
  std::optional<LinkageProposalRecord> p = LinkageTables(store->sql()).Find(id);
  if (!p) return NotFound();
  lmis::Decision d =
      lmis::Decide(caller.who, Action::kRead, {p->worker_person_id, p->residence_unit});
  AuditEvent e = CallerEvent(c_, caller.who, r, "linkage_read", DecisionSlug(d));
  e.person_id = p->worker_person_id;
  e.residence_unit = p->residence_unit;
  if (d != lmis::Decision::kAllow) {
    c_.audit.Write({e});
    return Denied(d);
  }
  AuditEvent other = e;
  other.person_id = p->register_person_id;
  other.residence_unit = p->register_unit;
  c_.audit.Write({e, other});
  json body = ProposalJson(*p);
  if (auto worker = store->Current(p->worker_person_id)) body["worker"] = WorkerJson(*worker);
  ExtractTables tables(store->sql());
  if (auto row =
          tables.Find(FormatOf(ExtractKind::kPopulation), PersonIdText(p->register_person_id)))
    body["register"] = RegisterRowJson(*row);
  return Json(200, body);
}

Response RegisterApi::Decide(const Request& r, int64_t id, const Caller& caller) {
  Response error;
  std::optional<json> body = ObjectBody(r, &error);
  if (!body) return error;
  const std::string decision = Text(*body, "decision"), note = Text(*body, "note");
  if (decision != "accept" && decision != "reject")
    return Invalid({{"decision", ViolationCode::kCodeUnknown, "decision phải là accept hoặc reject",
                     "decision is accept or reject"}});
  if (CharacterCount(note) > 500)
    return Invalid({{"note", ViolationCode::kFormat, "Ghi chú tối đa 500 ký tự",
                     "The note holds at most 500 characters"}});
  auto store = c_.pool.Acquire();
  std::optional<LinkageProposalRecord> p = LinkageTables(store->sql()).Find(id);
  if (!p) return NotFound();
  const std::string action = decision == "accept" ? "link_accept" : "link_reject";
  AuditEvent e = CallerEvent(c_, caller.who, r, action, "allow");
  e.person_id = p->worker_person_id;
  e.residence_unit = p->residence_unit;
  lmis::Decision d =
      MayDecideLinks(caller.who.role)
          ? lmis::Decide(caller.who, Action::kWrite, {p->worker_person_id, p->residence_unit})
          : lmis::Decision::kDenyRole;
  if (d != lmis::Decision::kAllow) {
    e.outcome = std::string(DecisionSlug(d));
    c_.audit.Write({e});
    return Denied(d);
  }
  e.detail = "proposal " + std::to_string(id) + " → " + PersonIdText(p->register_person_id);
  LinkDecisionResult result = DecideLink(*store, c_.ref, c_.clock, id, decision == "accept",
                                         "api:" + caller.who.username, note, {e});
  if (result.outcome != LinkDecisionOutcome::kDone) {  // nothing stored: say it was tried
    e.outcome = "fail";
    c_.audit.Write({e});
  }
  switch (result.outcome) {
    case LinkDecisionOutcome::kNotFound:
      return NotFound();
    case LinkDecisionOutcome::kAlreadyDecided:
      return Conflict("Đề xuất đã được quyết định trước đó", "The proposal was decided before");
    case LinkDecisionOutcome::kConflict:
      return Conflict("Người trong CSDL dân cư đã có phiếu, hoặc phiếu này không còn hiệu lực",
                      "The register person has a worker record by now, or this record is closed");
    case LinkDecisionOutcome::kInvalid:
      return Invalid(result.violations);
    case LinkDecisionOutcome::kDone:
      break;
  }
  json out = {{"proposal", ProposalJson(result.proposal)}};
  if (result.corrected) out["worker"] = WorkerJson(*result.corrected);
  return Json(200, out);
}

}  // namespace lmis::http

#include "http/collect_api.h"

#include "collect/collect_json.h"
#include "collect/collect_service.h"
#include "collect/printouts.h"
#include "exchange/table_doc.h"
#include "http/render.h"
#include "report/report_charts.h"

namespace lmis::http {
namespace {

using nlohmann::json;

// A JSON value as the text a draft holds: strings as they are, numbers written out.
std::string TextOf(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_null()) return "";
  return v.dump();
}

std::string Field(const json& body, const char* key) {
  return body.contains(key) ? TextOf(body[key]) : "";
}

CampaignDraft DraftOf(const json& body) {
  CampaignDraft d;
  d.name = Field(body, "name");
  d.unit = Field(body, "unit");
  d.reference_date = Field(body, "reference_date");
  d.window_start = Field(body, "window_start");
  d.window_end = Field(body, "window_end");
  if (body.contains("waves") && body["waves"].is_array()) {
    for (const json& w : body["waves"]) {
      if (w.is_object())
        d.waves.push_back({Field(w, "number"), Field(w, "name"), Field(w, "deadline")});
      else
        d.waves.push_back({});
    }
  }
  return d;
}

// The answer to a call that did not go through.
Response Failure(const CollectStatus& s) {
  switch (s.outcome) {
    case CollectOutcome::kNotFound:
      return NotFound();
    case CollectOutcome::kDenied:
      if (s.denial == "not_assigned")
        return Error(403, "forbidden_not_assigned", "Phiếu này không được giao cho bạn",
                     "This form is not assigned to you");
      return Denied(s.decision);
    case CollectOutcome::kInvalid: {
      if (s.rejects.empty()) return Invalid(s.violations);
      json body = ErrorJson("validation", "Dữ liệu không hợp lệ", "The data is not valid");
      json list = json::array();
      for (const QuotaReject& r : s.rejects) {
        json v = ViolationJson(r.violation);
        v["line"] = r.line;
        list.push_back(std::move(v));
      }
      body["violations"] = std::move(list);
      return Json(422, body);
    }
    case CollectOutcome::kConflict:
      return Error(409, s.conflict_code.empty() ? "conflict" : s.conflict_code, s.conflict_vi,
                   s.conflict_en);
    default:
      return Error(500, "internal", "Lỗi hệ thống", "Internal error");
  }
}

bool IsCsvBody(const Request& r) {
  const std::string* type = r.Header("content-type");
  return type && type->starts_with("text/csv");
}

}  // namespace

std::optional<Response> CollectApi::Handle(const Request& r, const std::vector<std::string_view>& s,
                                           const Caller& caller) {
  if (s.empty()) return std::nullopt;
  const std::string_view top = s[0];
  if (top != "campaigns" && top != "forms" && top != "handovers") return std::nullopt;
  auto store = c_.pool.Acquire();
  CollectService service(*store, c_.ref, c_.clock, &c_.audit);
  const CollectCaller who = UserCaller(caller);
  Response error;

  if (top == "campaigns" && s.size() == 1) {
    if (r.method == "GET") {
      auto reply = service.ListCampaigns(who);
      if (!reply.ok()) return Failure(reply);
      json items = json::array();
      for (const CampaignView& v : reply.value) items.push_back(CampaignJson(c_.ref, v));
      return Json(200, {{"items", items}});
    }
    if (r.method != "POST") return MethodNotAllowed();
    auto body = ObjectBody(r, &error);
    if (!body) return error;
    auto reply = service.CreateCampaign(who, DraftOf(*body));
    if (!reply.ok()) return Failure(reply);
    Response out = Json(201, CampaignJson(c_.ref, reply.value));
    out.headers.emplace_back("Location",
                             "/api/campaigns/" + std::to_string(reply.value.campaign.id));
    return out;
  }

  if (s.size() < 2) return NotFound();
  auto id = ParseInt(s[1]);
  if (!id) return NotFound();

  if (top == "forms") {
    if (s.size() == 2) {
      if (r.method != "GET") return MethodNotAllowed();
      auto reply = service.GetForm(who, *id);
      if (!reply.ok()) return Failure(reply);
      return Json(200, FormViewJson(reply.value));
    }
    if (s.size() == 3 && s[2] == "transitions") {
      if (r.method != "POST") return MethodNotAllowed();
      auto body = ObjectBody(r, &error);
      if (!body) return error;
      auto reply = service.Move(who, *id, Field(*body, "to"), Field(*body, "reason"));
      if (!reply.ok()) return Failure(reply);
      return Json(200, FormViewJson(reply.value));
    }
    if (s.size() == 3 && s[2] == "collector") {
      if (r.method != "PUT") return MethodNotAllowed();
      auto body = ObjectBody(r, &error);
      if (!body) return error;
      auto reply = service.Reassign(who, *id, Field(*body, "collector"));
      if (!reply.ok()) return Failure(reply);
      return Json(200, FormViewJson(reply.value));
    }
    return NotFound();
  }

  if (top == "handovers") {
    if (s.size() != 2) return NotFound();
    if (r.method != "GET") return MethodNotAllowed();
    std::string format = QueryText(r, "format");
    if (format.empty()) format = "json";
    if (format != "json" && format != "pdf" && format != "xlsx")
      return BadFormat(format, "json, pdf, xlsx");
    auto reply = service.GetHandover(who, *id);
    if (!reply.ok()) return Failure(reply);
    if (format == "json") return Json(200, HandoverViewJson(reply.value));
    TableDoc doc = HandoverDoc(reply.value, c_.ref.units);
    return *Document(doc, format, "bien-ban-ban-giao-" + std::to_string(*id), "Bien ban");
  }

  // /api/campaigns/{id}/…
  if (s.size() == 2) {
    if (r.method == "GET") {
      auto reply = service.GetCampaign(who, *id);
      if (!reply.ok()) return Failure(reply);
      return Json(200, CampaignJson(c_.ref, reply.value));
    }
    if (r.method != "PUT") return MethodNotAllowed();
    auto body = ObjectBody(r, &error);
    if (!body) return error;
    auto reply = service.UpdateCampaign(who, *id, DraftOf(*body));
    if (!reply.ok()) return Failure(reply);
    return Json(200, CampaignJson(c_.ref, reply.value));
  }
  if (s.size() != 3) return NotFound();
  const std::string_view part = s[2];

  if (part == "quotas") {
    if (r.method == "GET") {
      auto reply = service.GetCampaign(who, *id);
      if (!reply.ok()) return Failure(reply);
      return Json(200, {{"quotas", CampaignJson(c_.ref, reply.value)["quotas"]}});
    }
    if (r.method != "PUT") return MethodNotAllowed();
    CollectReply<CampaignView> reply;
    if (IsCsvBody(r)) {
      reply = service.SetQuotasCsv(who, *id, r.body);
    } else {
      json body;
      try {
        body = ParseBody(r.body);
      } catch (const BadJson& e) {
        return BadRequest(e.what());
      }
      if (body.is_object() && body.contains("quotas")) body = body["quotas"];
      if (!body.is_array()) return BadRequest("expected a JSON list of {unit, wave, quota}");
      std::vector<QuotaDraft> drafts;
      for (const json& q : body)
        drafts.push_back(q.is_object()
                             ? QuotaDraft{Field(q, "unit"), Field(q, "wave"), Field(q, "quota")}
                             : QuotaDraft{});
      reply = service.SetQuotas(who, *id, drafts);
    }
    if (!reply.ok()) return Failure(reply);
    return Json(200, {{"quotas", CampaignJson(c_.ref, reply.value)["quotas"]}});
  }

  if (part == "worklist") {
    if (r.method != "GET") return MethodNotAllowed();
    std::string format = QueryText(r, "format");
    if (format.empty()) format = "json";
    if (format != "json" && format != "csv" && format != "xlsx" && format != "pdf")
      return BadFormat(format, "json, csv, xlsx, pdf");
    auto reply = service.Worklist(who, *id, QueryText(r, "unit"), QueryText(r, "collector"));
    if (!reply.ok()) return Failure(reply);
    if (format == "json") return Json(200, WorklistJson(reply.value));
    TableDoc doc = WorklistDoc(reply.value, format == "csv" ? DocStyle::kData : DocStyle::kPrint);
    return *Document(doc, format, "bang-ke-" + std::to_string(*id) + "-" + reply.value.commune_code,
                     "Bang ke");
  }

  if (part == "assignments") {
    if (r.method != "POST") return MethodNotAllowed();
    auto body = ObjectBody(r, &error);
    if (!body) return error;
    AssignRequest a;
    a.unit = Field(*body, "unit");
    a.wave = Field(*body, "wave");
    a.collector = Field(*body, "collector");
    a.all = body->contains("all") && (*body)["all"].is_boolean() && (*body)["all"].get<bool>();
    if (body->contains("households")) {
      if (!(*body)["households"].is_array()) return BadRequest("households is a list");
      for (const json& h : (*body)["households"]) a.households.push_back(TextOf(h));
    }
    auto reply = service.Assign(who, *id, a);
    if (!reply.ok()) return Failure(reply);
    json forms = json::array();
    for (const FormRow& f : reply.value.forms) forms.push_back(FormJson(f));
    return Json(reply.outcome == CollectOutcome::kCreated ? 201 : 200,
                {{"created", reply.value.forms.size()},
                 {"already_assigned", reply.value.already_assigned},
                 {"forms", forms}});
  }

  if (part == "forms") {
    if (r.method != "GET") return MethodNotAllowed();
    FormFilter f;
    f.unit = QueryText(r, "unit");
    f.state = QueryText(r, "state");
    f.collector = QueryText(r, "collector");
    Violations problems;
    auto number = [&](const char* key, int64_t fallback) -> int64_t {
      std::string v = QueryText(r, key);
      if (v.empty()) return fallback;
      auto n = ParseInt(v);
      if (!n)
        problems.push_back({key, ViolationCode::kFormat, std::string(key) + " phải là số nguyên",
                            std::string(key) + " must be an integer"});
      return n.value_or(fallback);
    };
    f.wave = static_cast<int>(std::clamp<int64_t>(number("wave", 0), 0, 1000));
    f.after_id = number("cursor", 0);
    f.limit = static_cast<int>(std::clamp<int64_t>(number("limit", 100), 1, 500));
    if (!problems.empty()) return Invalid(problems);
    auto reply = service.ListForms(who, *id, f);
    if (!reply.ok()) return Failure(reply);
    json items = json::array();
    for (const FormRow& form : reply.value.items) items.push_back(FormJson(form));
    return Json(200,
                {{"items", items},
                 {"next_cursor",
                  reply.value.next_after ? json(std::to_string(reply.value.next_after)) : json()}});
  }

  if (part == "handovers") {
    if (r.method == "GET") {
      auto reply = service.ListHandovers(who, *id, QueryText(r, "unit"));
      if (!reply.ok()) return Failure(reply);
      json items = json::array();
      for (const HandoverRow& h : reply.value) items.push_back(HandoverJson(h));
      return Json(200, {{"items", items}});
    }
    if (r.method != "POST") return MethodNotAllowed();
    auto body = ObjectBody(r, &error);
    if (!body) return error;
    HandoverRequest h;
    h.unit = Field(*body, "unit");
    h.to = Field(*body, "to");
    h.note = Field(*body, "note");
    if (body->contains("forms")) {
      if (!(*body)["forms"].is_array()) return BadRequest("forms is a list of form ids");
      for (const json& f : (*body)["forms"]) {
        auto n =
            f.is_number_integer() ? std::optional<int64_t>(f.get<int64_t>()) : ParseInt(TextOf(f));
        if (!n) return BadRequest("forms is a list of form ids");
        h.form_ids.push_back(*n);
      }
    }
    auto reply = service.CreateHandover(who, *id, h);
    if (!reply.ok()) return Failure(reply);
    Response answer = Json(201, HandoverViewJson(reply.value));
    answer.headers.emplace_back("Location",
                                "/api/handovers/" + std::to_string(reply.value.handover.id));
    return answer;
  }

  if (part == "progress") {
    if (r.method != "GET") return MethodNotAllowed();
    std::string format = QueryText(r, "format");
    if (format.empty()) format = "json";
    if (format != "json" && format != "csv" && format != "xlsx" && format != "svg" &&
        format != "png")
      return BadFormat(format, "json, csv, xlsx, svg, png");
    ProgressRequest p;
    p.unit = QueryText(r, "unit");
    p.tree = QueryText(r, "tree");
    p.as_of = QueryText(r, "as_of");
    p.wave = QueryText(r, "wave");
    auto reply = service.Progress(who, *id, p);
    if (!reply.ok()) return Failure(reply);
    if (format == "json") return Json(200, ProgressJson(reply.value));
    if (format == "svg" || format == "png")
      return ChartImage(ProgressChart(reply.value, QueryText(r, "lang") != "en"), format);
    TableDoc doc = ProgressDoc(reply.value, format == "csv" ? DocStyle::kData : DocStyle::kPrint);
    return *Document(doc, format, "tien-do-" + std::to_string(*id), "Tien do");
  }
  return NotFound();
}

}  // namespace lmis::http

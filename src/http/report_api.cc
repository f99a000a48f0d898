#include "http/report_api.h"

#include "report/calendar.h"
#include "report/report_charts.h"
#include "report/report_docs.h"
#include "report/report_service.h"

namespace lmis::http {
namespace {

using nlohmann::json;

Response ReportFailure(const ReportError& e) {
  return Error(409, "report_unavailable", e.vi(), e.what());
}

Response BadParameter(const char* name, const std::string& vi, const std::string& en) {
  return Invalid({{name, ViolationCode::kCodeUnknown, vi, en}});
}

// The query's unit (unit, tree) and day (`day_key`, default today); a 422 answer otherwise.
struct Target {
  ReportUnit unit;
  Date day;
};

std::optional<Target> TargetOf(const Request& r, const ApiContext& c, const char* day_key,
                               Response* error) {
  Target t;
  const std::string day = QueryText(r, day_key);
  if (day.empty()) {
    t.day = c.clock.Today();
  } else if (auto d = Date::Parse(day)) {
    t.day = *d;
  } else {
    *error = BadParameter(day_key, "ngày không hợp lệ: " + QuoteValue(day) + " (YYYY-MM-DD)",
                          "not a date: " + QuoteValue(day) + " (YYYY-MM-DD)");
    return std::nullopt;
  }
  const std::string tree = QueryText(r, "tree");
  if (!tree.empty() && tree != "2025" && tree != "pre2025") {
    *error = BadParameter("tree", "cây đơn vị là 2025 hoặc pre2025", "tree is 2025 or pre2025");
    return std::nullopt;
  }
  const UnitEdition edition = tree.empty()     ? EditionAt(t.day)
                              : tree == "2025" ? UnitEdition::k2025
                                               : UnitEdition::kPre2025;
  try {
    t.unit = ResolveReportUnit(c.ref.units, QueryText(r, "unit"), edition);
  } catch (const ReportError& e) {
    *error = BadParameter("unit", e.vi(), e.what());
    return std::nullopt;
  }
  return t;
}

std::string FileName(const std::string& kind, const Target& t) {
  auto ref = ParseUnitKey(t.unit.key);
  return kind + "-" + (ref ? std::string(ref->code) : std::string("national")) + "-" +
         t.day.ToString();
}

}  // namespace

std::optional<Response> ReportApi::Handle(const Request& r, const std::vector<std::string_view>& s,
                                          const Caller& caller) {
  if (s.empty() || s[0] != "reports") return std::nullopt;
  if (s.size() < 2 || s.size() > 3) return NotFound();
  const std::string_view kind = s[1];
  if (kind != "labour-supply" && kind != "changes" && kind != "charts" && kind != "calendar" &&
      kind != "submissions")
    return NotFound();
  if ((kind == "charts") != (s.size() == 3)) return NotFound();
  if (kind == "submissions" ? r.method != "POST" : r.method != "GET") return MethodNotAllowed();
  const bool vi = QueryText(r, "lang") != "en";

  Response error;
  std::optional<json> body;
  Target target;
  if (kind == "submissions") {
    body = ObjectBody(r, &error);
    if (!body) return error;
    Request unit_query = r;
    unit_query.query.clear();
    for (const char* key : {"unit", "tree"})
      if (body->contains(key) && (*body)[key].is_string())
        unit_query.query.emplace_back(key, (*body)[key].get<std::string>());
    auto t = TargetOf(unit_query, c_, "on", &error);
    if (!t) return error;
    target = *t;
  } else {
    auto t = TargetOf(r, c_,
                      kind == "changes"    ? "to"
                      : kind == "calendar" ? "on"
                                           : "as_of",
                      &error);
    if (!t) return error;
    target = *t;
  }

  const Decision d = MayReport(caller.who, target.unit, c_.ref.units);
  const std::string detail =
      std::string(kind) + " " + target.unit.key + " " + target.day.ToString();
  auto audit = [&](std::string_view outcome) {
    AuditEvent e = CallerEvent(c_, caller.who, r, "report", outcome);
    e.detail = detail;
    c_.audit.Write({e});
  };
  if (d != Decision::kAllow) {
    audit(DecisionSlug(d));
    return Denied(d);
  }

  std::string format = QueryText(r, "format");
  auto store = c_.pool.Acquire();
  ReportService service(*store, c_.ref);
  try {
    if (kind == "labour-supply") {
      if (format.empty()) format = "json";
      if (format != "json" && format != "csv" && format != "xlsx" && format != "pdf")
        return BadFormat(format, "json, csv, xlsx, pdf");
      const std::string by = QueryText(r, "by");
      if (!by.empty() && by != "unit")
        return BadParameter("by", "by chỉ nhận giá trị unit", "by takes the value unit only");
      if (by == "unit") {
        auto children = service.LabourSupplyOfChildren(target.unit, target.day);
        audit("allow");
        if (format == "json") return Json(200, ByUnitJson(target.unit, target.day, children));
        return *Document(ByUnitDoc(target.unit, target.day, children,
                                   format == "csv" ? DocStyle::kData : DocStyle::kPrint, vi),
                         format, FileName("cung-lao-dong-theo-don-vi", target), "Theo don vi");
      }
      LabourSupply report = service.LabourSupplyOf(target.unit, target.day);
      audit("allow");
      if (format == "json") return Json(200, LabourSupplyJson(report, target.unit.tree, vi));
      return *Document(
          LabourSupplyDoc(report, format == "csv" ? DocStyle::kData : DocStyle::kPrint, vi), format,
          FileName("cung-lao-dong", target), "Cung lao dong");
    }
    if (kind == "changes") {
      if (format.empty()) format = "json";
      if (format != "json" && format != "csv" && format != "xlsx" && format != "pdf")
        return BadFormat(format, "json, csv, xlsx, pdf");
      auto from = Date::Parse(QueryText(r, "from"));
      if (!from)
        return BadParameter("from", "cần ngày đầu kỳ from (YYYY-MM-DD)",
                            "from (YYYY-MM-DD) is required");
      if (!(*from < target.day))
        return BadParameter("from", "ngày đầu kỳ phải trước ngày cuối kỳ",
                            "from must be before to");
      ChangesReport report = service.Changes(target.unit, *from, target.day);
      audit("allow");
      if (format == "json") return Json(200, ChangesJson(report, vi));
      return *Document(ChangesDoc(report, format == "csv" ? DocStyle::kData : DocStyle::kPrint, vi),
                       format, FileName("bien-dong", target), "Bien dong");
    }
    if (kind == "charts") {
      if (format.empty()) format = "svg";
      if (format != "svg" && format != "png") return BadFormat(format, "svg, png");
      Chart chart;
      if (s[2] == "pyramid")
        chart = PyramidChart(service.LabourSupplyOf(target.unit, target.day), vi);
      else if (s[2] == "status-by-unit")
        chart = StatusByUnitChart(target.unit, target.day,
                                  service.LabourSupplyOfChildren(target.unit, target.day), vi);
      else
        return NotFound();
      audit("allow");
      return ChartImage(chart, format);
    }
    ReportCalendar calendar(store->sql());
    if (kind == "calendar") {
      if (format.empty()) format = "json";
      if (format != "json" && format != "csv") return BadFormat(format, "json, csv");
      auto entries = calendar.EntriesFor(target.unit, target.day);
      audit("allow");
      if (format == "json") return Json(200, CalendarJson(target.unit, target.day, entries, vi));
      return *Document(CalendarDoc(target.unit, target.day, entries, DocStyle::kData, vi), format,
                       FileName("lich-bao-cao", target), "Lich");
    }
    // POST /api/reports/submissions {schedule_id, unit, tree?, period}
    const json& b = *body;
    if (!b.contains("schedule_id") || !b["schedule_id"].is_number_integer())
      return BadParameter("schedule_id", "cần mã lịch báo cáo schedule_id",
                          "schedule_id is required");
    if (!b.contains("period") || !b["period"].is_string())
      return BadParameter("period", "cần kỳ báo cáo period", "period is required");
    // A unit's report is sent by its own officials.
    if (caller.who.unit != target.unit.key) {
      audit("deny_jurisdiction");
      return Denied(Decision::kDenyJurisdiction);
    }
    SubmitResult result;
    try {
      result = SubmitReport(*store, service, calendar, b["schedule_id"].get<int64_t>(), target.unit,
                            b["period"].get<std::string>(), caller.who.username, c_.clock.Today(),
                            c_.clock.Now());
    } catch (const ReportError& e) {
      audit("fail");
      return Error(409, "not_submitted", e.vi(), e.what());
    }
    audit("allow");
    return Json(201, {{"id", result.id},
                      {"schedule_id", b["schedule_id"]},
                      {"unit", target.unit.code.empty() ? "national" : target.unit.code},
                      {"period", b["period"]},
                      {"late", result.late}});
  } catch (const ReportError& e) {
    return ReportFailure(e);
  }
}

}  // namespace lmis::http

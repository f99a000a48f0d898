#include "report/calendar.h"

#include <algorithm>
#include <cstdio>

#include "report/report_docs.h"

namespace lmis {
namespace {

Date DayIn(int year, int month, int day) {
  return {year, month, std::min(day, DaysInMonth(year, month))};
}

std::string TwoDigits(int n) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", n);
  return buf;
}

// Every period of `s` in the years `from_year` … `to_year`, with its deadline.
std::vector<std::pair<std::string, Date>> PeriodsOfYears(const ReportSchedule& s, int from_year,
                                                         int to_year) {
  std::vector<std::pair<std::string, Date>> out;
  for (int y = from_year; y <= to_year; ++y) {
    const std::string year = std::to_string(y);
    if (s.frequency == "monthly") {
      for (int m = 1; m <= 12; ++m)
        out.emplace_back(year + "-" + TwoDigits(m), DayIn(y, m, s.due_day));
    } else if (s.frequency == "half_yearly") {
      const int first = s.due_month >= 1 && s.due_month <= 6 ? s.due_month : 6;
      out.emplace_back(year + "-H1", DayIn(y, first, s.due_day));
      out.emplace_back(year + "-H2", DayIn(y, first + 6, s.due_day));
    } else if (s.frequency == "yearly") {
      out.emplace_back(year, DayIn(y, s.due_month >= 1 ? s.due_month : 12, s.due_day));
    }
  }
  return out;
}

ReportSchedule ReadSchedule(const SqlRow& r) {
  return {r.Int(0),
          r.Str(1),
          r.Str(2),
          r.Str(3),
          r.Str(4),
          static_cast<int>(r.Int(5)),
          static_cast<int>(r.Int(6)),
          r.Int(7) != 0};
}

constexpr const char* kScheduleColumns =
    "SELECT id, name, level, report, frequency, due_day, due_month, active FROM report_schedules";

std::string StateLabel(const std::string& state, bool vi) {
  if (state == "submitted") return vi ? "Đã nộp đúng hạn" : "Submitted on time";
  if (state == "submitted_late") return vi ? "Đã nộp muộn" : "Submitted late";
  if (state == "late") return vi ? "Quá hạn, chưa nộp" : "Late, not submitted";
  return vi ? "Chưa đến hạn" : "Due";
}

void CheckSchedule(const ReportSchedule& s) {
  auto bad = [](const std::string& field, const std::string& vi, const std::string& en) {
    throw ReportError(field + ": " + vi, field + ": " + en);
  };
  if (s.name.empty()) bad("name", "cần tên lịch báo cáo", "a name is required");
  if (s.level != "commune" && s.level != "district" && s.level != "province")
    bad("level", "cấp là commune, district hoặc province",
        "level is commune, district or province");
  if (s.report != "labour_supply")
    bad("report", "báo cáo là labour_supply", "report is labour_supply");
  if (s.frequency != "monthly" && s.frequency != "half_yearly" && s.frequency != "yearly")
    bad("frequency", "kỳ là monthly, half_yearly hoặc yearly",
        "frequency is monthly, half_yearly or yearly");
  if (s.due_day < 1 || s.due_day > 31) bad("due_day", "ngày hạn từ 1 đến 31", "due_day is 1–31");
  const bool month_ok = s.frequency == "monthly"       ? s.due_month == 0
                        : s.frequency == "half_yearly" ? s.due_month >= 1 && s.due_month <= 6
                                                       : s.due_month >= 1 && s.due_month <= 12;
  if (!month_ok)
    bad("due_month", "tháng hạn: không có (hằng tháng), 1–6 (6 tháng), 1–12 (hằng năm)",
        "due_month: none (monthly), 1–6 (half-yearly), 1–12 (yearly)");
}

}  // namespace

std::vector<std::pair<std::string, Date>> PeriodsDue(const ReportSchedule& s, const Date& first,
                                                     const Date& last) {
  std::vector<std::pair<std::string, Date>> out;
  for (auto& p : PeriodsOfYears(s, first.year, last.year))
    if (!(p.second < first) && !(last < p.second)) out.push_back(std::move(p));
  return out;
}

std::optional<Date> DeadlineOf(const ReportSchedule& s, const std::string& period) {
  if (period.size() < 4) return std::nullopt;
  int year = 0;
  for (int i = 0; i < 4; ++i) {
    if (period[i] < '0' || period[i] > '9') return std::nullopt;
    year = year * 10 + (period[i] - '0');
  }
  if (year < 1900) return std::nullopt;
  for (auto& [p, due] : PeriodsOfYears(s, year, year))
    if (p == period) return due;
  return std::nullopt;
}

std::string LevelOf(const ReportUnit& unit) {
  if (!unit.level) return "";
  switch (*unit.level) {
    case UnitLevel::kProvince:
      return "province";
    case UnitLevel::kDistrict:
      return "district";
    case UnitLevel::kCommune:
      return "commune";
  }
  return "";
}

std::vector<ReportSchedule> ReportCalendar::Schedules() {
  std::vector<ReportSchedule> out;
  sql_.Query(std::string(kScheduleColumns) + " ORDER BY id", {},
             [&](const SqlRow& r) { out.push_back(ReadSchedule(r)); });
  return out;
}

std::optional<ReportSchedule> ReportCalendar::Schedule(int64_t id) {
  std::optional<ReportSchedule> out;
  sql_.Query(std::string(kScheduleColumns) + " WHERE id = $1", {id},
             [&](const SqlRow& r) { out = ReadSchedule(r); });
  return out;
}

int64_t ReportCalendar::AddSchedule(const ReportSchedule& s) {
  CheckSchedule(s);
  return sql_.InsertReturningId(
      "INSERT INTO report_schedules(name, level, report, frequency, due_day, due_month, active) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
      {s.name, s.level, s.report, s.frequency, int64_t{s.due_day}, int64_t{s.due_month},
       int64_t{s.active ? 1 : 0}});
}

bool ReportCalendar::UpdateSchedule(const ReportSchedule& s) {
  CheckSchedule(s);
  return sql_.Run(
             "UPDATE report_schedules SET name = $2, level = $3, report = $4, frequency = $5, "
             "due_day = $6, due_month = $7, active = $8 WHERE id = $1",
             {s.id, s.name, s.level, s.report, s.frequency, int64_t{s.due_day},
              int64_t{s.due_month}, int64_t{s.active ? 1 : 0}}) > 0;
}

std::vector<CalendarEntry> ReportCalendar::EntriesFor(const ReportUnit& unit, const Date& on) {
  const std::string level = LevelOf(unit);
  const Date first{on.year - 1, on.month, std::min(on.day, DaysInMonth(on.year - 1, on.month))};
  const Date last = on.month == 12 ? Date{on.year + 1, 1, std::min(on.day, 31)}
                                   : DayIn(on.year, on.month + 1, on.day);
  std::vector<CalendarEntry> out;
  for (const ReportSchedule& s : Schedules()) {
    if (!s.active || s.level != level) continue;
    for (auto& [period, deadline] : PeriodsDue(s, first, last)) {
      CalendarEntry e{s, period, deadline, "", "", "", ""};
      sql_.Query(
          "SELECT submitted_on, submitted_at, submitted_by FROM report_submissions WHERE "
          "schedule_id = $1 AND unit = $2 AND period = $3",
          {s.id, unit.key, period}, [&](const SqlRow& r) {
            e.submitted_on = r.Str(0);
            e.submitted_at = r.Str(1);
            e.submitted_by = r.Str(2);
          });
      if (!e.submitted_at.empty())
        e.state = e.submitted_on <= deadline.ToString() ? "submitted" : "submitted_late";
      else
        e.state = deadline < on ? "late" : "due";
      out.push_back(std::move(e));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const CalendarEntry& a, const CalendarEntry& b) {
    return a.deadline < b.deadline;
  });
  return out;
}

SubmitResult SubmitReport(Store& store, ReportService& service, ReportCalendar& calendar,
                          int64_t schedule_id, const ReportUnit& unit, const std::string& period,
                          const std::string& by, const Date& today, const std::string& now) {
  std::optional<ReportSchedule> s = calendar.Schedule(schedule_id);
  if (!s || !s->active)
    throw ReportError("không có lịch báo cáo số " + std::to_string(schedule_id),
                      "no active report schedule " + std::to_string(schedule_id));
  if (s->level != LevelOf(unit))
    throw ReportError(
        "lịch \"" + s->name + "\" dành cho cấp " + s->level + ", không phải " + unit.name,
        "schedule \"" + s->name + "\" is for the " + s->level + " level, not " + unit.name);
  std::optional<Date> deadline = DeadlineOf(*s, period);
  if (!deadline)
    throw ReportError("kỳ báo cáo \"" + period + "\" không đúng dạng của lịch này",
                      "period \"" + period + "\" is not a period of this schedule");
  // A period is reported once it has begun: its deadline at most a month (or, for the longer
  // periods, their length) away.
  const int64_t ahead = DaysSinceEpoch(*deadline) - DaysSinceEpoch(today);
  const int64_t window = s->frequency == "monthly" ? 31 : s->frequency == "half_yearly" ? 184 : 366;
  if (ahead > window)
    throw ReportError("kỳ báo cáo " + period + " chưa bắt đầu",
                      "period " + period + " has not begun yet");
  const Date as_of = today < *deadline ? today : *deadline;
  const nlohmann::json figures =
      LabourSupplyJson(service.LabourSupplyOf(unit, as_of), unit.tree, true);
  Sql& sql = store.sql();
  Transaction transaction(store);
  if (sql.OneInt("SELECT count(*) FROM report_submissions WHERE schedule_id = $1 AND unit = $2 "
                 "AND period = $3",
                 {schedule_id, unit.key, period})
          .value_or(0) > 0)
    throw ReportError("báo cáo kỳ " + period + " của " + unit.name + " đã được nộp",
                      "the report for " + period + " of " + unit.name + " was already submitted");
  SubmitResult result;
  result.id = sql.InsertReturningId(
      "INSERT INTO report_submissions(schedule_id, unit, period, submitted_on, submitted_at, "
      "submitted_by, figures) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
      {schedule_id, unit.key, period, today.ToString(), now, by, figures.dump()});
  transaction.Commit();
  result.late = *deadline < today;
  return result;
}

nlohmann::json CalendarJson(const ReportUnit& unit, const Date& on,
                            const std::vector<CalendarEntry>& entries, bool vi) {
  nlohmann::json items = nlohmann::json::array();
  for (const CalendarEntry& e : entries)
    items.push_back({{"schedule_id", e.schedule.id},
                     {"schedule", e.schedule.name},
                     {"frequency", e.schedule.frequency},
                     {"period", e.period},
                     {"deadline", e.deadline.ToString()},
                     {"state", e.state},
                     {"state_label", StateLabel(e.state, vi)},
                     {"submitted_at", e.submitted_at.empty() ? nlohmann::json(nullptr)
                                                             : nlohmann::json(e.submitted_at)},
                     {"submitted_by", e.submitted_by.empty() ? nlohmann::json(nullptr)
                                                             : nlohmann::json(e.submitted_by)}});
  auto ref = ParseUnitKey(unit.key);
  return {{"unit", ref ? std::string(ref->code) : unit.key},
          {"unit_key", unit.key},
          {"unit_name", unit.name},
          {"level", LevelOf(unit)},
          {"on", on.ToString()},
          {"entries", std::move(items)}};
}

TableDoc CalendarDoc(const ReportUnit& unit, const Date& on,
                     const std::vector<CalendarEntry>& entries, DocStyle style, bool vi) {
  TableDoc doc;
  if (style == DocStyle::kData) {
    for (const char* h :
         {"schedule_id", "schedule", "period", "deadline", "state", "submitted_at", "submitted_by"})
      doc.columns.push_back({h, CellKind::kText, 12});
    for (const CalendarEntry& e : entries)
      doc.rows.push_back({std::to_string(e.schedule.id), e.schedule.name, e.period,
                          e.deadline.ToString(), e.state, e.submitted_at, e.submitted_by});
    return doc;
  }
  doc.issuer = UpperVi(unit.name);
  doc.title = vi ? "LỊCH BÁO CÁO" : "REPORTING CALENDAR";
  doc.subtitle = {unit.name + (vi ? " — tại " : " — on ") + (vi ? LongDateVi(on) : on.ToString())};
  doc.columns = {{vi ? "Báo cáo" : "Report", CellKind::kText, 30},
                 {vi ? "Kỳ" : "Period", CellKind::kText, 10},
                 {vi ? "Hạn nộp" : "Deadline", CellKind::kText, 12},
                 {vi ? "Tình trạng" : "State", CellKind::kText, 20},
                 {vi ? "Nộp lúc" : "Submitted at", CellKind::kText, 20}};
  for (const CalendarEntry& e : entries)
    doc.rows.push_back({e.schedule.name, e.period, e.deadline.ToString(), StateLabel(e.state, vi),
                        e.submitted_at});
  return doc;
}

}  // namespace lmis

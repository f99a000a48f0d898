// `lmis report …`: the labour-supply report of a unit on a day (also by the units below it),
// the changes between two days, charts, the reporting calendar, and the rebuild of the
// maintained aggregates. The command line is the operator's: no role check, one audit entry.
#include <chrono>
#include <cstdio>
#include <memory>

#include "cli/command.h"
#include "core/clock.h"
#include "exchange/csv.h"
#include "exchange/table_doc.h"
#include "report/calendar.h"
#include "report/chart.h"
#include "report/report_charts.h"
#include "report/report_docs.h"
#include "report/report_service.h"

namespace lmis {
namespace {

struct UnitArgs {
  std::string unit;
  std::string tree;
  std::string as_of;
  std::string format = "json";
  std::string out = "-";
};

struct SupplyArgs : UnitArgs {
  bool by_unit = false;
  bool timings = false;
};

struct ChangesArgs : UnitArgs {
  std::string from, to;
};

struct ChartArgs : UnitArgs {
  std::string kind = "pyramid";
};

struct CalendarArgs {
  std::string unit, tree, on, format = "csv", out = "-";
};

struct ScheduleArgs {
  int64_t id = 0;
  std::string name, level, frequency, active;
  int due_day = -1, due_month = -1;
};

struct SubmitArgs {
  int64_t schedule = 0;
  std::string unit, tree, period;
};

// The store, the reference data and the service of one run.
class ReportRun {
 public:
  explicit ReportRun(CliContext& c)
      : c_(c), store_(OpenReadyStore(c.globals)), service_(*store_, c.refs.get()) {}
  ReportService& service() { return service_; }
  Store& store() { return *store_; }
  const RefData& ref() { return c_.refs.get(); }
  bool vi() const { return !c_.out.english(); }

  Date Day(const std::string& text, const std::string& flag) {
    return text.empty() ? SystemClock().Today() : ParseDateArg(text, flag);
  }
  // --unit in --tree (default: the tree in force on `day`).
  ReportUnit Unit(const UnitArgs& a, const Date& day) { return Unit(a.unit, a.tree, day); }
  ReportUnit Unit(const std::string& code, const std::string& tree, const Date& day) {
    UnitEdition edition = tree.empty()     ? EditionAt(day)
                          : tree == "2025" ? UnitEdition::k2025
                                           : UnitEdition::kPre2025;
    try {
      return ResolveReportUnit(ref().units, code, edition);
    } catch (const ReportError& e) {
      throw UserError("--unit: " + e.vi(), std::string("--unit: ") + e.what());
    }
  }
  void Audit(const std::string& what) { AuditCli(*store_, CliEvent("report", "allow", what)); }

 private:
  CliContext& c_;
  std::unique_ptr<Store> store_;
  ReportService service_;
};

// Writes `doc` in `format` (csv | xlsx | pdf).
void WriteDoc(const std::string& out, const std::string& format, const TableDoc& data,
              const TableDoc& print, const std::string& sheet) {
  if (format == "csv")
    WriteOut(out, RenderCsv(data));
  else if (format == "xlsx")
    WriteOut(out, RenderXlsx(print, sheet));
  else
    WriteOut(out, RenderPdf(print));
}

int RunLabourSupply(CliContext& c, const SupplyArgs& a) {
  ReportRun run(c);
  const Date day = run.Day(a.as_of, "--as-of");
  const ReportUnit unit = run.Unit(a, day);
  if (a.by_unit) {
    auto children = run.service().LabourSupplyOfChildren(unit, day);
    run.Audit("labour_supply_by_unit " + unit.key + " " + day.ToString());
    if (a.format == "json")
      WriteJson(a.out, ByUnitJson(unit, day, children));
    else
      WriteDoc(a.out, a.format, ByUnitDoc(unit, day, children, DocStyle::kData, run.vi()),
               ByUnitDoc(unit, day, children, DocStyle::kPrint, run.vi()), "Theo don vi");
    return kExitOk;
  }
  const auto start = std::chrono::steady_clock::now();
  LabourSupply report = run.service().LabourSupplyOf(unit, day);
  if (a.timings)
    std::fprintf(stderr, "lmis report: report_ms=%.3f\n",
                 std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                     .count());
  run.Audit("labour_supply " + unit.key + " " + day.ToString());
  if (a.format == "json")
    WriteJson(a.out, LabourSupplyJson(report, unit.tree, run.vi()));
  else
    WriteDoc(a.out, a.format, LabourSupplyDoc(report, DocStyle::kData, run.vi()),
             LabourSupplyDoc(report, DocStyle::kPrint, run.vi()), "Cung lao dong");
  return kExitOk;
}

int RunChanges(CliContext& c, const ChangesArgs& a) {
  ReportRun run(c);
  const Date from = ParseDateArg(a.from, "--from");
  const Date to = ParseDateArg(a.to, "--to");
  const ReportUnit unit = run.Unit(a, to);
  ChangesReport report;
  try {
    report = run.service().Changes(unit, from, to);
  } catch (const ReportError& e) {
    throw UserError(e.vi(), e.what());
  }
  run.Audit("changes " + unit.key + " " + from.ToString() + " " + to.ToString());
  if (a.format == "json")
    WriteJson(a.out, ChangesJson(report, run.vi()));
  else
    WriteDoc(a.out, a.format, ChangesDoc(report, DocStyle::kData, run.vi()),
             ChangesDoc(report, DocStyle::kPrint, run.vi()), "Bien dong");
  return kExitOk;
}

int RunChart(CliContext& c, const ChartArgs& a) {
  ReportRun run(c);
  const Date day = run.Day(a.as_of, "--as-of");
  const ReportUnit unit = run.Unit(a, day);
  Chart chart;
  if (a.kind == "pyramid") {
    chart = PyramidChart(run.service().LabourSupplyOf(unit, day), run.vi());
  } else {
    chart = StatusByUnitChart(unit, day, run.service().LabourSupplyOfChildren(unit, day), run.vi());
  }
  run.Audit("chart " + a.kind + " " + unit.key + " " + day.ToString());
  WriteOut(a.out, a.format == "png" ? RenderChartPng(chart) : RenderChartSvg(chart));
  return kExitOk;
}

int RunRebuild(CliContext& c) {
  auto store = OpenReadyStore(c.globals);
  ReportService service(*store, c.refs.get());
  int64_t versions = service.Rebuild();
  AuditCli(*store, CliEvent("report_rebuild", "allow", std::to_string(versions)));
  c.out.Say("Đã dựng lại số liệu tổng hợp từ " + Num(versions) + " phiên bản hồ sơ.",
            "Rebuilt the report aggregates from " + Num(versions) + " record versions.");
  return kExitOk;
}

int RunCalendar(CliContext& c, const CalendarArgs& a) {
  ReportRun run(c);
  const Date on = run.Day(a.on, "--on");
  const ReportUnit unit = run.Unit(a.unit, a.tree, on);
  ReportCalendar calendar(run.store().sql());
  std::vector<CalendarEntry> entries = calendar.EntriesFor(unit, on);
  if (a.format == "json")
    WriteJson(a.out, CalendarJson(unit, on, entries, run.vi()));
  else
    WriteDoc(a.out, a.format, CalendarDoc(unit, on, entries, DocStyle::kData, run.vi()),
             CalendarDoc(unit, on, entries, DocStyle::kPrint, run.vi()), "Lich bao cao");
  return kExitOk;
}

int RunSubmit(CliContext& c, const SubmitArgs& a) {
  ReportRun run(c);
  const Date today = SystemClock().Today();
  const ReportUnit unit = run.Unit(a.unit, a.tree, today);
  ReportCalendar calendar(run.store().sql());
  SubmitResult result;
  try {
    result = SubmitReport(run.store(), run.service(), calendar, a.schedule, unit, a.period,
                          CliActor(), today, SystemClock().Now());
  } catch (const ReportError& e) {
    throw UserError(e.vi(), e.what());
  }
  run.Audit("submit " + std::to_string(a.schedule) + " " + unit.key + " " + a.period);
  c.out.Say("Đã nộp báo cáo kỳ " + a.period + (result.late ? " (muộn hạn)" : " (đúng hạn)") + ".",
            "Submitted the report for " + a.period + (result.late ? " (late)." : " (on time)."));
  return kExitOk;
}

int RunScheduleList(CliContext& c) {
  auto store = OpenReadyStore(c.globals);
  ReportCalendar calendar(store->sql());
  CsvWriter csv(stdout);
  csv.Row({"id", "name", "level", "report", "frequency", "due_day", "due_month", "active"});
  for (const ReportSchedule& s : calendar.Schedules())
    csv.Row({std::to_string(s.id), s.name, s.level, s.report, s.frequency,
             std::to_string(s.due_day), std::to_string(s.due_month), s.active ? "true" : "false"});
  std::fflush(stdout);
  return kExitOk;
}

// Adds a schedule (a.id == 0) or changes the given fields of one.
int RunScheduleSave(CliContext& c, const ScheduleArgs& a) {
  auto store = OpenReadyStore(c.globals);
  ReportCalendar calendar(store->sql());
  ReportSchedule s{0, "", "", "labour_supply", "", 1, 0, true};
  if (a.id != 0) {
    auto found = calendar.Schedule(a.id);
    if (!found)
      throw UserError("không có lịch báo cáo số " + std::to_string(a.id),
                      "no report schedule " + std::to_string(a.id));
    s = *found;
  }
  if (!a.name.empty()) s.name = a.name;
  if (!a.level.empty()) s.level = a.level;
  if (!a.frequency.empty()) s.frequency = a.frequency;
  if (a.due_day >= 0) s.due_day = a.due_day;
  if (a.due_month >= 0) s.due_month = a.due_month;
  if (!a.active.empty()) s.active = a.active == "true";
  try {
    if (a.id == 0) {
      s.id = calendar.AddSchedule(s);
      std::printf("%lld\n", static_cast<long long>(s.id));
    } else {
      calendar.UpdateSchedule(s);
    }
  } catch (const ReportError& e) {
    throw UserError(e.vi(), e.what());
  }
  AuditCli(*store, CliEvent("report_schedule", "allow", std::to_string(s.id)));
  return kExitOk;
}

void UnitOptions(CLI::App* cmd, UnitArgs* a, bool with_as_of) {
  cmd->add_option("--unit", a->unit, "Mã tỉnh, huyện, xã hoặc national / unit code")->required();
  cmd->add_option("--tree", a->tree, "Cây đơn vị: 2025 | pre2025 (mặc định theo ngày)")
      ->check(CLI::IsMember({"", "2025", "pre2025"}));
  if (with_as_of) cmd->add_option("--as-of", a->as_of, "Tính đến ngày YYYY-MM-DD / as of");
  cmd->add_option("--out", a->out, "Tệp xuất (- = stdout) / output file");
}

}  // namespace

void AddReportCommands(CLI::App& app, Commands* commands) {
  CLI::App* report = app.add_subcommand("report", "Báo cáo thống kê / statistical reports");
  report->require_subcommand(1);

  auto sa = std::make_shared<SupplyArgs>();
  CLI::App* supply = report->add_subcommand(
      "labour-supply", "Báo cáo cung lao động của một đơn vị / labour-supply report of a unit");
  UnitOptions(supply, sa.get(), true);
  supply->add_flag("--by-unit", sa->by_unit,
                   "Theo từng đơn vị trực thuộc / one line per unit directly below");
  supply->add_flag("--timings", sa->timings,
                   "In thời gian tính báo cáo ra stderr / print the report's time to stderr");
  supply->add_option("--format", sa->format, "json | csv | xlsx | pdf")
      ->check(CLI::IsMember({"json", "csv", "xlsx", "pdf"}));
  commands->push_back({supply, [sa](CliContext& c) { return RunLabourSupply(c, *sa); }});

  auto ca = std::make_shared<ChangesArgs>();
  CLI::App* changes =
      report->add_subcommand("changes", "Biến động giữa hai ngày / changes between two days");
  UnitOptions(changes, ca.get(), false);
  changes->add_option("--from", ca->from, "Ngày đầu kỳ YYYY-MM-DD / first day")->required();
  changes->add_option("--to", ca->to, "Ngày cuối kỳ YYYY-MM-DD / last day")->required();
  changes->add_option("--format", ca->format, "json | csv | xlsx | pdf")
      ->check(CLI::IsMember({"json", "csv", "xlsx", "pdf"}));
  commands->push_back({changes, [ca](CliContext& c) { return RunChanges(c, *ca); }});

  auto ga = std::make_shared<ChartArgs>();
  ga->format = "svg";
  CLI::App* chart = report->add_subcommand("chart", "Biểu đồ / chart (SVG or PNG)");
  UnitOptions(chart, ga.get(), true);
  chart->add_option("--kind", ga->kind, "pyramid | status-by-unit")
      ->check(CLI::IsMember({"pyramid", "status-by-unit"}));
  chart->add_option("--format", ga->format, "svg | png")->check(CLI::IsMember({"svg", "png"}));
  commands->push_back({chart, [ga](CliContext& c) { return RunChart(c, *ga); }});

  auto la = std::make_shared<CalendarArgs>();
  CLI::App* cal = report->add_subcommand(
      "calendar", "Lịch báo cáo: đến hạn, đã nộp, quá hạn / reporting calendar");
  cal->add_option("--unit", la->unit, "Mã đơn vị / unit code")->required();
  cal->add_option("--tree", la->tree, "2025 | pre2025")
      ->check(CLI::IsMember({"", "2025", "pre2025"}));
  cal->add_option("--on", la->on, "Tại ngày YYYY-MM-DD / on this day");
  cal->add_option("--format", la->format, "csv | json | xlsx | pdf")
      ->check(CLI::IsMember({"json", "csv", "xlsx", "pdf"}));
  cal->add_option("--out", la->out, "Tệp xuất (- = stdout) / output file");
  commands->push_back({cal, [la](CliContext& c) { return RunCalendar(c, *la); }});

  auto ua = std::make_shared<SubmitArgs>();
  CLI::App* submit = report->add_subcommand(
      "submit", "Nộp báo cáo một kỳ (lưu số liệu đã nộp) / submit a period's report");
  submit->add_option("--schedule", ua->schedule, "Mã lịch báo cáo / schedule id")->required();
  submit->add_option("--unit", ua->unit, "Mã đơn vị / unit code")->required();
  submit->add_option("--tree", ua->tree, "2025 | pre2025")
      ->check(CLI::IsMember({"", "2025", "pre2025"}));
  submit->add_option("--period", ua->period, "Kỳ: 2026-11 | 2026-H1 | 2026 / period")->required();
  commands->push_back({submit, [ua](CliContext& c) { return RunSubmit(c, *ua); }});

  CLI::App* schedule =
      report->add_subcommand("schedule", "Lịch báo cáo định kỳ / the report schedules");
  schedule->require_subcommand(1);
  CLI::App* schedule_list = schedule->add_subcommand("list", "Danh sách (CSV) / list (CSV)");
  commands->push_back({schedule_list, [](CliContext& c) { return RunScheduleList(c); }});
  auto sched_add = std::make_shared<ScheduleArgs>();
  auto sched_set = std::make_shared<ScheduleArgs>();
  CLI::App* schedule_add = schedule->add_subcommand("add", "Thêm lịch, in mã / add, prints its id");
  CLI::App* schedule_set = schedule->add_subcommand("set", "Sửa lịch / change a schedule");
  schedule_set->add_option("ID", sched_set->id, "Mã lịch / schedule id")->required();
  for (auto [cmd, args] :
       {std::pair{schedule_add, sched_add}, std::pair{schedule_set, sched_set}}) {
    const bool adding = cmd == schedule_add;
    auto* name = cmd->add_option("--name", args->name, "Tên / name");
    auto* level = cmd->add_option("--level", args->level, "commune | district | province")
                      ->check(CLI::IsMember({"commune", "district", "province"}));
    auto* frequency =
        cmd->add_option("--frequency", args->frequency, "monthly | half_yearly | yearly")
            ->check(CLI::IsMember({"monthly", "half_yearly", "yearly"}));
    auto* day = cmd->add_option("--due-day", args->due_day, "Ngày hạn 1–31 / day due");
    cmd->add_option("--due-month", args->due_month,
                    "Tháng hạn (hằng năm 1–12, 6 tháng 1–6) / month due (yearly, half-yearly)");
    cmd->add_option("--active", args->active, "true | false")
        ->check(CLI::IsMember({"true", "false"}));
    if (adding) {
      name->required();
      level->required();
      frequency->required();
      day->required();
    }
    commands->push_back({cmd, [args](CliContext& c) { return RunScheduleSave(c, *args); }});
  }

  CLI::App* rebuild = report->add_subcommand(
      "rebuild", "Dựng lại số liệu tổng hợp từ hồ sơ / rebuild the maintained aggregates");
  commands->push_back({rebuild, [](CliContext& c) { return RunRebuild(c); }});
}

}  // namespace lmis

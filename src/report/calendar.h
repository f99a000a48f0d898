// The reporting calendar: which unit level owes which report when (report_schedules, seeded
// with the calendars of the seed plans and editable), and for a unit on a day, each period's
// deadline and whether its report was submitted, submitted late, is late, or is still due.
// A submission keeps the figures as sent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/date.h"
#include "exchange/doc_text.h"
#include "exchange/table_doc.h"
#include "report/report_service.h"
#include "store/sql.h"

namespace lmis {

// One row of report_schedules.
struct ReportSchedule {
  int64_t id = 0;
  std::string name;
  std::string level;      // commune | district | province
  std::string report;     // labour_supply
  std::string frequency;  // monthly | half_yearly | yearly
  int due_day = 1;
  int due_month = 0;  // yearly: the month due; half-yearly: the first half's (the second is +6)
  bool active = true;
};

// The periods of `s` due between `first` and `last` (inclusive), as (period, deadline): monthly
// "2026-11" due on due_day of that month (the month's last day when shorter), half-yearly
// "2026-H1"/"2026-H2", yearly "2026".
std::vector<std::pair<std::string, Date>> PeriodsDue(const ReportSchedule& s, const Date& first,
                                                     const Date& last);
// The deadline of `period` under `s`; nullopt when the period is not one of its shape.
std::optional<Date> DeadlineOf(const ReportSchedule& s, const std::string& period);
// "commune", "district", "province" for a unit; "" for the country.
std::string LevelOf(const ReportUnit& unit);

// One period of one schedule for one unit.
struct CalendarEntry {
  ReportSchedule schedule;
  std::string period;
  Date deadline;
  std::string state;  // due | submitted | submitted_late | late
  std::string submitted_on, submitted_at, submitted_by;
};

class ReportCalendar {
 public:
  explicit ReportCalendar(Sql& sql) : sql_(sql) {}
  // Every schedule, in id order.
  std::vector<ReportSchedule> Schedules();
  std::optional<ReportSchedule> Schedule(int64_t id);
  // Adds a schedule and returns its id, or changes schedule `s.id` (false when there is none).
  // Both throw ReportError naming the field for a level, report or frequency not listed above,
  // a due day outside 1–31, or a due month the frequency does not take (yearly 1–12,
  // half-yearly 1–6 for the first half, monthly none).
  int64_t AddSchedule(const ReportSchedule& s);
  bool UpdateSchedule(const ReportSchedule& s);
  // The active schedules of the unit's level: periods whose deadline lies in the year before
  // `on` and the month after, oldest deadline first.
  std::vector<CalendarEntry> EntriesFor(const ReportUnit& unit, const Date& on);

 private:
  Sql& sql_;
};

struct SubmitResult {
  int64_t id = 0;
  bool late = false;
};
// Submits `unit`'s report for `period` of schedule `schedule_id` on `today` (the day in
// Vietnam, which decides lateness) at `now` (RFC 3339), keeping the labour-supply figures as
// of the deadline (or today, when earlier). Throws ReportError:
// unknown or inactive schedule, a unit of another level, a malformed period, a period already
// submitted.
SubmitResult SubmitReport(Store& store, ReportService& service, ReportCalendar& calendar,
                          int64_t schedule_id, const ReportUnit& unit, const std::string& period,
                          const std::string& by, const Date& today, const std::string& now);

nlohmann::json CalendarJson(const ReportUnit& unit, const Date& on,
                            const std::vector<CalendarEntry>& entries, bool vietnamese);
TableDoc CalendarDoc(const ReportUnit& unit, const Date& on,
                     const std::vector<CalendarEntry>& entries, DocStyle style, bool vietnamese);

}  // namespace lmis

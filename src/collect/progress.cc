#include "collect/progress.h"

#include <charconv>
#include <cmath>

namespace lmis {

void AddCounts(ProgressCounts* a, const ProgressCounts& b) {
  a->quota += b.quota;
  a->assigned += b.assigned;
  a->collected += b.collected;
  a->accepted += b.accepted;
  a->handed_over += b.handed_over;
  a->entered += b.entered;
  a->archived += b.archived;
  a->returned += b.returned;
  a->collected_by_deadline += b.collected_by_deadline;
  a->collected_after_deadline += b.collected_after_deadline;
}

std::optional<double> Percent(int64_t part, int64_t whole) {
  if (whole == 0) return std::nullopt;
  return std::round(1000.0 * static_cast<double>(part) / static_cast<double>(whole)) / 10.0;
}

bool IsLate(const Date& as_of, const Date& deadline, int64_t collected_by_deadline, int64_t quota) {
  return deadline < as_of && collected_by_deadline < quota;
}

ProgressLine MakeProgressLine(std::string unit, std::string unit_code, std::string unit_name,
                              int wave, const ProgressCounts& counts, const Date& deadline,
                              const Date& as_of) {
  ProgressLine line;
  line.unit = std::move(unit);
  line.unit_code = std::move(unit_code);
  line.unit_name = std::move(unit_name);
  line.wave = wave;
  line.counts = counts;
  line.collected_pct = Percent(counts.collected, counts.quota);
  line.entered_pct = Percent(counts.entered, counts.quota);
  line.late = IsLate(as_of, deadline, counts.collected_by_deadline, counts.quota);
  return line;
}

ProgressLine TotalLine(const std::vector<ProgressLine>& lines, int wave, const Date& deadline,
                       const Date& as_of) {
  ProgressCounts sum;
  for (const ProgressLine& l : lines) AddCounts(&sum, l.counts);
  return MakeProgressLine("", "", "", wave, sum, deadline, as_of);
}

std::string EndOfLocalDay(const Date& d) { return d.ToString() + "T17:00:00Z"; }

std::optional<Date> LocalDayOf(std::string_view instant) {
  // YYYY-MM-DDTHH:MM:SS…Z
  if (instant.size() < 20 || instant[10] != 'T' || instant.back() != 'Z') return std::nullopt;
  auto day = Date::Parse(instant.substr(0, 10));
  int hour = 0;
  auto [p, ec] = std::from_chars(instant.data() + 11, instant.data() + 13, hour);
  if (!day || ec != std::errc() || p != instant.data() + 13 || hour > 23) return std::nullopt;
  if (hour < 17) return day;
  Date next = *day;
  if (++next.day > DaysInMonth(next.year, next.month)) {
    next.day = 1;
    if (++next.month > 12) {
      next.month = 1;
      ++next.year;
    }
  }
  return next;
}

}  // namespace lmis

// Progress of a campaign by commune and wave (forms.md §5.1 "Progress by wave"): against the
// quota, how many forms were assigned, collected (ever, by the deadline, after it), accepted,
// handed over, entered and archived by a day, how many stood returned then, the shares of the
// quota collected and entered, and whether the commune is late. Plain arithmetic on counts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"

namespace lmis {

// What the forms of one commune (or a total) and one wave had reached by the end of a day.
struct ProgressCounts {
  int64_t quota = 0;
  int64_t assigned = 0;
  int64_t collected = 0;  // forms ever collected
  int64_t accepted = 0, handed_over = 0, entered = 0, archived = 0;
  int64_t returned = 0;  // standing returned at the end of the day
  int64_t collected_by_deadline = 0;
  int64_t collected_after_deadline = 0;
  bool operator==(const ProgressCounts&) const = default;
};

// Adds `b` into `a`.
void AddCounts(ProgressCounts* a, const ProgressCounts& b);

// `part` as a percentage of `whole`, rounded to one decimal; nullopt when `whole` is 0.
std::optional<double> Percent(int64_t part, int64_t whole);

// Late: the day is after the wave's deadline and fewer forms were collected by the deadline
// than the quota asked for.
bool IsLate(const Date& as_of, const Date& deadline, int64_t collected_by_deadline, int64_t quota);

// One line of a progress report: a commune's (or the total's) counts in one wave.
struct ProgressLine {
  std::string unit;  // UnitKey of the commune; "" for the total of the wave
  std::string unit_code, unit_name;
  int wave = 0;
  ProgressCounts counts;
  std::optional<double> collected_pct, entered_pct;  // of the quota
  bool late = false;
};

// The line of `counts`, with its shares and late flag for the wave's deadline on `as_of`.
ProgressLine MakeProgressLine(std::string unit, std::string unit_code, std::string unit_name,
                              int wave, const ProgressCounts& counts, const Date& deadline,
                              const Date& as_of);

// A wave's part of a report: one line per commune and the wave's total.
struct WaveProgress {
  int number = 0;
  std::string name;
  Date deadline;
  std::vector<ProgressLine> lines;
  ProgressLine total;
};

// The total line of `lines` (counts summed; shares and late flag of the sums).
ProgressLine TotalLine(const std::vector<ProgressLine>& lines, int wave, const Date& deadline,
                       const Date& as_of);

// The instant (RFC 3339 UTC) at which day `d` ends in Vietnam (UTC+7): midnight after it,
// local time, is "DT17:00:00Z" of the same date. Times are stored in UTC; deadlines and
// "as of" are Vietnamese days.
std::string EndOfLocalDay(const Date& d);
// The Vietnamese day of an RFC 3339 UTC instant ("2025-10-05T18:30:00Z" → 2025-10-06);
// nullopt when `instant` is not of that shape.
std::optional<Date> LocalDayOf(std::string_view instant);

}  // namespace lmis

// Calendar dates and the partial dates that population registers hold.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lmis {

// A full calendar day. Comparable; used for reference dates, "as of" and "today".
struct Date {
  int year = 0;
  int month = 0;
  int day = 0;

  // Parses exactly "YYYY-MM-DD" naming a real day; nullopt otherwise.
  static std::optional<Date> Parse(std::string_view text);
  // "YYYY-MM-DD".
  std::string ToString() const;
  auto operator<=>(const Date&) const = default;
};

bool IsLeapYear(int year);
int DaysInMonth(int year, int month);
// Days from 1970-01-01 to `d` (negative before it), in the proleptic Gregorian calendar.
int64_t DaysSinceEpoch(const Date& d);

// Whole years completed between `birth` and `on` (negative if `on` is earlier).
int CompletedYears(const Date& birth, const Date& on);

// A date of which only the year, or the year and month, may be known: "YYYY", "YYYY-MM" or
// "YYYY-MM-DD". Registers record partial birth dates; age rules must read them as ranges.
struct PartialDate {
  int year = 0;   // 0 = absent
  int month = 0;  // 0 = unknown
  int day = 0;    // 0 = unknown

  // Parses one of the three shapes; nullopt on a wrong shape or a day that does not exist
  // (2023-02-30). Years 1800–2999 only.
  static std::optional<PartialDate> Parse(std::string_view text);

  bool empty() const { return year == 0; }
  bool is_full() const { return day != 0; }
  // Canonical text in the shape it was given; "" when empty.
  std::string ToString() const;
  // First and last day the partial date may stand for.
  Date Earliest() const;
  Date Latest() const;
  bool operator==(const PartialDate&) const = default;
};

// True when a person born on `birth` is certainly younger than `years` on `on`. A partial birth
// date gets the benefit of the doubt: only the earliest possible birthday is tested.
bool CertainlyYoungerThan(const PartialDate& birth, const Date& on, int years);

}  // namespace lmis

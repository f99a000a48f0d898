#include "core/date.h"

#include <charconv>
#include <cstdio>

namespace lmis {
namespace {

bool ParseDigits(std::string_view text, int* out) {
  if (text.empty()) return false;
  for (char c : text)
    if (c < '0' || c > '9') return false;
  std::from_chars(text.data(), text.data() + text.size(), *out);
  return true;
}

}  // namespace

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

int64_t DaysSinceEpoch(const Date& d) {
  // Counted from 1 March so that the leap day ends the year (H. Hinnant's days_from_civil).
  const int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t year_of_era = y - era * 400;
  const int64_t day_of_year = (153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

int CompletedYears(const Date& birth, const Date& on) {
  int years = on.year - birth.year;
  if (on.month < birth.month || (on.month == birth.month && on.day < birth.day)) --years;
  return years;
}

std::optional<Date> Date::Parse(std::string_view text) {
  auto partial = PartialDate::Parse(text);
  if (!partial || !partial->is_full()) return std::nullopt;
  return partial->Earliest();
}

std::string Date::ToString() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::optional<PartialDate> PartialDate::Parse(std::string_view text) {
  PartialDate d;
  if (text.size() != 4 && text.size() != 7 && text.size() != 10) return std::nullopt;
  if (!ParseDigits(text.substr(0, 4), &d.year) || d.year < 1800 || d.year > 2999)
    return std::nullopt;
  if (text.size() >= 7) {
    if (text[4] != '-' || !ParseDigits(text.substr(5, 2), &d.month) || d.month < 1 || d.month > 12)
      return std::nullopt;
  }
  if (text.size() == 10) {
    if (text[7] != '-' || !ParseDigits(text.substr(8, 2), &d.day) || d.day < 1 ||
        d.day > DaysInMonth(d.year, d.month))
      return std::nullopt;
  }
  return d;
}

std::string PartialDate::ToString() const {
  if (empty()) return "";
  char buf[16];
  if (month == 0)
    std::snprintf(buf, sizeof buf, "%04d", year);
  else if (day == 0)
    std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  else
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

Date PartialDate::Earliest() const { return {year, month ? month : 1, day ? day : 1}; }

Date PartialDate::Latest() const {
  int m = month ? month : 12;
  return {year, m, day ? day : DaysInMonth(year, m)};
}

bool CertainlyYoungerThan(const PartialDate& birth, const Date& on, int years) {
  return CompletedYears(birth.Earliest(), on) < years;
}

}  // namespace lmis

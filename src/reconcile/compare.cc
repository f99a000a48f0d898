#include "reconcile/compare.h"

#include <algorithm>

#include "core/text.h"

namespace lmis {

bool SameName(std::string_view a, std::string_view b) { return a == b || NameKey(a) == NameKey(b); }

bool CompatibleDates(std::string_view a, std::string_view b) {
  if (a == b) return true;
  auto x = PartialDate::Parse(a), y = PartialDate::Parse(b);
  if (!x || !y) return false;
  if (x->year != y->year) return false;
  if (x->month && y->month && x->month != y->month) return false;
  if (x->day && y->day && x->day != y->day) return false;
  return true;
}

bool SameUnit(const AdminUnits& units, UnitEdition ea, std::string_view a, UnitEdition eb,
              std::string_view b) {
  if (ea == eb) return a == b;
  if (a.empty() || b.empty()) return false;
  std::string_view old_code = ea == UnitEdition::kPre2025 ? a : b;
  std::string_view new_code = ea == UnitEdition::kPre2025 ? b : a;
  auto now = units.NewUnitsOf(old_code);
  return std::find(now.begin(), now.end(), new_code) != now.end();
}

bool CertainlyAtLeast(const PartialDate& birth, const Date& on, int years) {
  return !birth.empty() && CompletedYears(birth.Latest(), on) >= years;
}

bool ClosedOn(std::string_view status, std::string_view status_date, const Date& on) {
  if (status != "deceased" && status != "emigrated") return false;
  return status_date.empty() || status_date <= on.ToString();
}

}  // namespace lmis

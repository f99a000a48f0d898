// The comparisons of reconciliation, on plain values: when do two registers hold the same
// name, date of birth and residence. Shared by the population, insurance and enterprise
// reconciliations and by the linkage of records without a usable CCCD.
#pragma once

#include <string_view>

#include "core/admin_units.h"
#include "core/date.h"

namespace lmis {

// Two spellings of one name: equal under NameKey (case, spacing and tone placement aside).
bool SameName(std::string_view a, std::string_view b);

// Two partial dates of birth that can be the same day: the same year, and the same month
// and day wherever both give one. A date that fails to parse agrees only with itself.
bool CompatibleDates(std::string_view a, std::string_view b);

// Two unit codes, each read in its own tree, naming the same commune: equal codes of one
// tree, or an old commune and a new commune it (partly) became in 2025.
bool SameUnit(const AdminUnits& units, UnitEdition ea, std::string_view a, UnitEdition eb,
              std::string_view b);

// True when a person born on `birth` is certainly `years` or older on `on`: even the latest
// day a partial date may stand for gives that age.
bool CertainlyAtLeast(const PartialDate& birth, const Date& on, int years);

// True when a register status ends the person's presence on `on`: deceased or emigrated,
// with no status date or one on or before `on`.
bool ClosedOn(std::string_view status, std::string_view status_date, const Date& on);

}  // namespace lmis

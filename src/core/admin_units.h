// The dated tree of administrative units: the three-tier tree in force until 30 June 2025
// (province → district → commune) and the two-tier tree from 1 July 2025 (province → commune),
// with the old → new mapping. Codes are reused across the reform with other meanings, so a code
// is only ever looked up together with an edition (derived from a date).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/date.h"

namespace lmis {

enum class UnitEdition : uint8_t { kPre2025, k2025 };
enum class UnitLevel : uint8_t { kProvince = 1, kDistrict, kCommune };

// The edition in force on `date`: 2025 from 1 July 2025 on.
UnitEdition EditionAt(const Date& date);

// A unit code qualified by its tree ("pre2025:00004", "2025:00004"): codes are reused across
// the reform, so stored residences carry the tree they were read in.
std::string UnitKey(UnitEdition edition, std::string_view code);
// The tree and code of a UnitKey; nullopt for anything else.
struct UnitRef {
  UnitEdition edition;
  std::string_view code;
};
std::optional<UnitRef> ParseUnitKey(std::string_view key);

struct AdminUnit {
  std::string code;  // GSO code: province 2 digits, district 3, commune 5
  UnitLevel level;
  std::string name;
  std::string parent_code;  // "" for a province
};

class AdminUnits {
 public:
  AdminUnits() = default;
  AdminUnits(const AdminUnits&) = delete;
  AdminUnits& operator=(const AdminUnits&) = delete;
  AdminUnits(AdminUnits&&) = default;
  AdminUnits& operator=(AdminUnits&&) = default;

  void Add(UnitEdition edition, AdminUnit unit);
  // Records that (part of) old unit `old_code` became new unit `new_code` on 1 July 2025.
  void AddMapping(std::string_view old_code, std::string_view new_code, bool full);

  // The unit with `code` in `edition`, or nullptr.
  const AdminUnit* Find(UnitEdition edition, std::string_view code) const;
  // The commune with `code` in `edition`, or nullptr when absent or not a commune.
  const AdminUnit* FindCommune(UnitEdition edition, std::string_view code) const;
  // The province code a unit belongs to ("" when the unit is unknown).
  std::string ProvinceOf(UnitEdition edition, std::string_view code) const;
  // True when `code` is `ancestor_code` or lies below it.
  bool IsWithin(UnitEdition edition, std::string_view code, std::string_view ancestor_code) const;
  // The units directly below `code` in code order; the provinces when `code` is "".
  std::vector<const AdminUnit*> ChildrenOf(UnitEdition edition, std::string_view code) const;
  // Every commune at or below `code`, sorted.
  std::vector<std::string> CommunesUnder(UnitEdition edition, std::string_view code) const;
  // The communes of `edition` (all provinces), sorted.
  std::vector<const AdminUnit*> Communes(UnitEdition edition) const;
  // The new (2025) units that old unit `old_code` became; several when it was split.
  std::vector<std::string> NewUnitsOf(std::string_view old_code) const;
  // The old (pre-2025) units that became (part of) new unit `new_code`.
  std::vector<std::string> OldUnitsOf(std::string_view new_code) const;
  // The 2025 province code of a unit given in either edition ("" if unknown).
  std::string ProvinceNow(UnitEdition edition, std::string_view code) const;

  size_t size(UnitEdition edition) const { return units_[Index(edition)].size(); }

 private:
  static size_t Index(UnitEdition e) { return static_cast<size_t>(e); }
  std::unordered_map<std::string, AdminUnit> units_[2];
  std::unordered_map<std::string, std::vector<std::string>> children_[2];
  std::unordered_map<std::string, std::vector<std::string>> old_to_new_;
  std::unordered_map<std::string, std::vector<std::string>> new_to_old_;
};

}  // namespace lmis

// Who may read or change a person's record: role × jurisdiction. Every read and change of a
// person goes through Decide, and every denial is worth logging, so the decision says why.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/admin_units.h"

namespace lmis {

// The roles of the seed plans. Each user holds one, bound to an administrative unit.
enum class Role : uint8_t {
  kCollector,        // điều tra viên: collects Mẫu 03 in the field
  kCommuneOfficer,   // công chức lao động – thương binh và xã hội cấp xã
  kCommunePolice,    // công an xã: lists residents, enters forms
  kDistrictOfficer,  // phòng LĐTBXH cấp huyện: supervises, reports
  kProvinceOfficer,  // sở LĐTBXH: supervises, reports
  kMinistry,         // Bộ: national statistics
  kServiceCentre,    // trung tâm dịch vụ việc làm: job seekers, matching
  kEmployer,         // người sử dụng lao động
  kWorker,           // người lao động: their own record
  kAdmin,            // quản trị: users of their unit, audit log
};

// The exchange slug ("commune_officer"), and nullopt for an unknown one.
std::string_view RoleSlug(Role role);
std::optional<Role> ParseRole(std::string_view slug);
std::string_view RoleLabelVi(Role role);
std::string_view RoleLabelEn(Role role);

// The part of the country a user answers for: the communes (UnitKeys of both trees, through
// the 2025 mapping) under the unit they are bound to, or the whole country.
class Jurisdiction {
 public:
  // The whole country (the ministry).
  static Jurisdiction National();
  // The communes under `unit_code` of the tree `edition`; nullopt when it is not a unit.
  static std::optional<Jurisdiction> Of(const AdminUnits& units, UnitEdition edition,
                                        std::string_view unit_code);
  // True when a record residing in `residence_unit` (a UnitKey) lies inside.
  bool Covers(std::string_view residence_unit) const;
  // True when every commune of `other` lies inside (the whole country only inside itself).
  bool Includes(const Jurisdiction& other) const;
  // The communes as UnitKeys (sorted), for queries; nullopt for the whole country.
  std::optional<std::vector<std::string>> Units() const;

 private:
  bool national_ = false;
  std::unordered_set<std::string> communes_;
};

// A signed-in user as access decisions see them.
struct Principal {
  std::string username;
  std::string unit;  // the unit the user is bound to: a UnitKey, or "national"
  Role role = Role::kWorker;
  Jurisdiction jurisdiction;
  int64_t person_id = 0;  // a worker's own record; 0 for other roles
};

enum class Action : uint8_t { kRead, kWrite };

// Where a record is: whose it is and where the person lives.
struct RecordLocation {
  int64_t person_id = 0;
  std::string residence_unit;  // UnitKey
};

enum class Decision : uint8_t {
  kAllow,
  kDenyRole,          // the role never does this to person records
  kDenyJurisdiction,  // the role may, but not outside its jurisdiction (or not others' records)
};

// Whether `who` may do `action` on the record at `where`.
Decision Decide(const Principal& who, Action action, const RecordLocation& where);

// Whether the role lists and searches person records (inside its jurisdiction): false for a
// worker (their own record only), an employer and an administrator.
bool MayListPersons(Role role);

// "allow", "deny_role", "deny_jurisdiction".
std::string_view DecisionSlug(Decision decision);

}  // namespace lmis

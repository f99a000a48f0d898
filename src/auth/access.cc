#include "auth/access.h"

#include <algorithm>
#include <array>

#include "registry/lookup.h"

namespace lmis {
namespace {

// What a role may do with person records. Data-entry roles read and write inside their unit;
// supervisors and service centres read inside theirs; the ministry reads everywhere; a worker
// reads their own record; employers and administrators see no person records here (employers
// get their employees through the labour book, administrators manage users and the audit log).
struct RolePolicy {
  Role role;
  std::string_view slug, vi, en;
  bool read, write;
};

constexpr std::array<RolePolicy, 10> kPolicies = {{
    {Role::kCollector, "collector", "Điều tra viên", "Collector", true, true},
    {Role::kCommuneOfficer, "commune_officer", "Công chức LĐTBXH cấp xã", "Commune labour officer",
     true, true},
    {Role::kCommunePolice, "commune_police", "Công an xã", "Commune police", true, true},
    {Role::kDistrictOfficer, "district_officer", "Cán bộ cấp huyện", "District officer", true,
     false},
    {Role::kProvinceOfficer, "province_officer", "Cán bộ cấp tỉnh", "Province officer", true,
     false},
    {Role::kMinistry, "ministry", "Bộ", "Ministry", true, false},
    {Role::kServiceCentre, "service_centre", "Trung tâm dịch vụ việc làm",
     "Employment service centre", true, false},
    {Role::kEmployer, "employer", "Người sử dụng lao động", "Employer", false, false},
    {Role::kWorker, "worker", "Người lao động", "Worker", true, false},
    {Role::kAdmin, "admin", "Quản trị", "Administrator", false, false},
}};

const RolePolicy& PolicyOf(Role role) { return kPolicies[static_cast<size_t>(role)]; }

}  // namespace

std::string_view RoleSlug(Role role) { return PolicyOf(role).slug; }
std::string_view RoleLabelVi(Role role) { return PolicyOf(role).vi; }
std::string_view RoleLabelEn(Role role) { return PolicyOf(role).en; }

std::optional<Role> ParseRole(std::string_view slug) {
  for (const RolePolicy& p : kPolicies)
    if (p.slug == slug) return p.role;
  return std::nullopt;
}

Jurisdiction Jurisdiction::National() {
  Jurisdiction j;
  j.national_ = true;
  return j;
}

std::optional<Jurisdiction> Jurisdiction::Of(const AdminUnits& units, UnitEdition edition,
                                             std::string_view unit_code) {
  // ResidenceUnitsFor reads the code in the tree in force on a date: any day of the edition.
  Date day = edition == UnitEdition::k2025 ? Date{2025, 7, 1} : Date{2025, 6, 30};
  auto communes = ResidenceUnitsFor(units, unit_code, day);
  if (!communes) return std::nullopt;
  Jurisdiction j;
  j.communes_.insert(communes->begin(), communes->end());
  return j;
}

std::optional<std::vector<std::string>> Jurisdiction::Units() const {
  if (national_) return std::nullopt;
  std::vector<std::string> out(communes_.begin(), communes_.end());
  std::sort(out.begin(), out.end());
  return out;
}

bool Jurisdiction::Covers(std::string_view residence_unit) const {
  return national_ || communes_.contains(std::string(residence_unit));
}

bool Jurisdiction::Includes(const Jurisdiction& other) const {
  if (national_) return true;
  if (other.national_) return false;
  return std::all_of(other.communes_.begin(), other.communes_.end(),
                     [&](const std::string& c) { return communes_.contains(c); });
}

Decision Decide(const Principal& who, Action action, const RecordLocation& where) {
  const RolePolicy& policy = PolicyOf(who.role);
  if (!(action == Action::kRead ? policy.read : policy.write)) return Decision::kDenyRole;
  if (who.role == Role::kWorker)
    return who.person_id != 0 && who.person_id == where.person_id ? Decision::kAllow
                                                                  : Decision::kDenyJurisdiction;
  return who.jurisdiction.Covers(where.residence_unit) ? Decision::kAllow
                                                       : Decision::kDenyJurisdiction;
}

bool MayListPersons(Role role) { return PolicyOf(role).read && role != Role::kWorker; }

std::string_view DecisionSlug(Decision decision) {
  switch (decision) {
    case Decision::kAllow:
      return "allow";
    case Decision::kDenyRole:
      return "deny_role";
    case Decision::kDenyJurisdiction:
      return "deny_jurisdiction";
  }
  return "";
}

}  // namespace lmis

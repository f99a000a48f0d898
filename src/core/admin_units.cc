#include "core/admin_units.h"

#include <algorithm>

namespace lmis {

UnitEdition EditionAt(const Date& date) {
  return date < Date{2025, 7, 1} ? UnitEdition::kPre2025 : UnitEdition::k2025;
}

std::string UnitKey(UnitEdition edition, std::string_view code) {
  std::string key = edition == UnitEdition::k2025 ? "2025:" : "pre2025:";
  key.append(code);
  return key;
}

std::optional<UnitRef> ParseUnitKey(std::string_view key) {
  if (key.starts_with("2025:")) return UnitRef{UnitEdition::k2025, key.substr(5)};
  if (key.starts_with("pre2025:")) return UnitRef{UnitEdition::kPre2025, key.substr(8)};
  return std::nullopt;
}

void AdminUnits::Add(UnitEdition edition, AdminUnit unit) {
  size_t e = Index(edition);
  if (!unit.parent_code.empty()) children_[e][unit.parent_code].push_back(unit.code);
  std::string code = unit.code;
  units_[e].insert_or_assign(std::move(code), std::move(unit));
}

void AdminUnits::AddMapping(std::string_view old_code, std::string_view new_code, bool /*full*/) {
  auto& targets = old_to_new_[std::string(old_code)];
  if (std::find(targets.begin(), targets.end(), new_code) == targets.end()) {
    targets.emplace_back(new_code);
    new_to_old_[std::string(new_code)].emplace_back(old_code);
  }
}

const AdminUnit* AdminUnits::Find(UnitEdition edition, std::string_view code) const {
  const auto& units = units_[Index(edition)];
  auto it = units.find(std::string(code));
  return it == units.end() ? nullptr : &it->second;
}

const AdminUnit* AdminUnits::FindCommune(UnitEdition edition, std::string_view code) const {
  const AdminUnit* u = Find(edition, code);
  return u && u->level == UnitLevel::kCommune ? u : nullptr;
}

std::string AdminUnits::ProvinceOf(UnitEdition edition, std::string_view code) const {
  const AdminUnit* u = Find(edition, code);
  while (u && u->level != UnitLevel::kProvince) u = Find(edition, u->parent_code);
  return u ? u->code : "";
}

bool AdminUnits::IsWithin(UnitEdition edition, std::string_view code,
                          std::string_view ancestor_code) const {
  for (const AdminUnit* u = Find(edition, code); u; u = Find(edition, u->parent_code))
    if (u->code == ancestor_code) return true;
  return false;
}

std::vector<std::string> AdminUnits::CommunesUnder(UnitEdition edition,
                                                   std::string_view code) const {
  std::vector<std::string> out;
  std::vector<std::string> stack{std::string(code)};
  const auto& children = children_[Index(edition)];
  while (!stack.empty()) {
    std::string c = std::move(stack.back());
    stack.pop_back();
    const AdminUnit* u = Find(edition, c);
    if (!u) continue;
    if (u->level == UnitLevel::kCommune) out.push_back(c);
    auto it = children.find(c);
    if (it != children.end()) stack.insert(stack.end(), it->second.begin(), it->second.end());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<const AdminUnit*> AdminUnits::Communes(UnitEdition edition) const {
  std::vector<const AdminUnit*> out;
  for (const auto& [code, unit] : units_[Index(edition)])
    if (unit.level == UnitLevel::kCommune) out.push_back(&unit);
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->code < b->code; });
  return out;
}

std::vector<std::string> AdminUnits::NewUnitsOf(std::string_view old_code) const {
  auto it = old_to_new_.find(std::string(old_code));
  return it == old_to_new_.end() ? std::vector<std::string>{} : it->second;
}

std::vector<std::string> AdminUnits::OldUnitsOf(std::string_view new_code) const {
  auto it = new_to_old_.find(std::string(new_code));
  return it == new_to_old_.end() ? std::vector<std::string>{} : it->second;
}

std::string AdminUnits::ProvinceNow(UnitEdition edition, std::string_view code) const {
  std::string province = ProvinceOf(edition, code);
  if (edition == UnitEdition::k2025 || province.empty()) return province;
  auto targets = NewUnitsOf(province);
  return targets.empty() ? "" : targets.front();
}

std::vector<const AdminUnit*> AdminUnits::ChildrenOf(UnitEdition edition,
                                                     std::string_view code) const {
  std::vector<const AdminUnit*> out;
  const size_t e = Index(edition);
  if (code.empty()) {
    for (const auto& [unit_code, unit] : units_[e])
      if (unit.level == UnitLevel::kProvince) out.push_back(&unit);
  } else if (auto it = children_[e].find(std::string(code)); it != children_[e].end()) {
    for (const std::string& child : it->second) out.push_back(&units_[e].at(child));
  }
  std::sort(out.begin(), out.end(),
            [](const AdminUnit* a, const AdminUnit* b) { return a->code < b->code; });
  return out;
}

}  // namespace lmis

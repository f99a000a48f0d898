#include "core/refdata.h"

#include <algorithm>

#include "core/text.h"

namespace lmis {

void Catalog::Add(CatalogEntry entry) {
  code_by_folded_name_.emplace(FoldVietnamese(entry.name), entry.code);
  std::string code = entry.code;
  by_code_.insert_or_assign(std::move(code), std::move(entry));
}

void Catalog::AddAlias(std::string_view alias, std::string_view code) {
  code_by_folded_name_.emplace(FoldVietnamese(alias), std::string(code));
}

const CatalogEntry* Catalog::Find(std::string_view code) const {
  auto it = by_code_.find(std::string(code));
  return it == by_code_.end() ? nullptr : &it->second;
}

const CatalogEntry* Catalog::FindByName(std::string_view name) const {
  auto it = code_by_folded_name_.find(FoldVietnamese(name));
  return it == code_by_folded_name_.end() ? nullptr : Find(it->second);
}

std::vector<const CatalogEntry*> Catalog::Level(int level) const {
  std::vector<const CatalogEntry*> out;
  for (const auto& [code, e] : by_code_)
    if (e.level == level) out.push_back(&e);
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->code < b->code; });
  return out;
}

bool RefData::IsCccdProvince(std::string_view three_digits) const {
  if (three_digits.size() != 3 || three_digits[0] != '0') return false;
  const AdminUnit* u = units.Find(UnitEdition::kPre2025, three_digits.substr(1));
  return u && u->level == UnitLevel::kProvince;
}

}  // namespace lmis

namespace lmis {

bool RefData::IsIndustryAt(std::string_view code, const Date& date) const {
  const Catalog& catalog = IndustriesAt(date);
  if (catalog.Find(code)) return true;
  if (&catalog != &vsic2018 || code.size() < 3 || code.size() > 5) return false;
  for (char c : code)
    if (c < '0' || c > '9') return false;
  const CatalogEntry* division = vsic2018.Find(code.substr(0, 2));
  return division && division->level == 2;
}

}  // namespace lmis

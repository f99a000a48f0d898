// National code lists the worker record points to: occupations (VSCO 2020), industries
// (VSIC 2018 and 2025), ethnic groups, and the administrative-unit tree. Filled by a loader
// (src/exchange/refdata_files.h); core only holds and queries them.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/admin_units.h"
#include "core/date.h"

namespace lmis {

// One entry of a hierarchical national classification.
struct CatalogEntry {
  std::string code;
  int level = 0;
  std::string name;
  std::string parent_code;
};

// A national classification (one edition), looked up by code.
class Catalog {
 public:
  Catalog() = default;
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;
  Catalog(Catalog&&) = default;
  Catalog& operator=(Catalog&&) = default;

  void Add(CatalogEntry entry);
  // Registers another accepted name for `code` (spelling variants of ethnic groups).
  void AddAlias(std::string_view alias, std::string_view code);
  const CatalogEntry* Find(std::string_view code) const;
  // By name or alias, compared after FoldVietnamese; nullptr when none matches.
  const CatalogEntry* FindByName(std::string_view name) const;
  // Entries of one level, in code order.
  std::vector<const CatalogEntry*> Level(int level) const;
  size_t size() const { return by_code_.size(); }

 private:
  std::unordered_map<std::string, CatalogEntry> by_code_;
  std::unordered_map<std::string, std::string> code_by_folded_name_;
};

// The first day VSIC 2025 (QĐ 36/2025/QĐ-TTg) is in force; records dated earlier use VSIC 2018.
inline constexpr Date kVsic2025Start{2025, 11, 15};

// All reference data needed to validate and describe a worker record.
struct RefData {
  AdminUnits units;
  Catalog occupations;  // VSCO 2020
  Catalog vsic2018;
  Catalog vsic2025;
  Catalog ethnic_groups;  // 2008 GSO list = QCVN 109:2017 Phụ lục E

  const Catalog& IndustriesAt(const Date& date) const {
    return date < kVsic2025Start ? vsic2018 : vsic2025;
  }
  // True when `code` is an industry of the VSIC edition in force on `date`. The VSIC 2018 list
  // shipped holds sections and divisions only, so a deeper 2018 code is accepted when it is
  // 3–5 digits under a known division (see data/README.md).
  bool IsIndustryAt(std::string_view code, const Date& date) const;
  // True when "0" + a pre-2025 province code: CCCD digits 1–3 (TT 07/2016/TT-BCA Phụ lục 1).
  bool IsCccdProvince(std::string_view three_digits) const;
};

}  // namespace lmis

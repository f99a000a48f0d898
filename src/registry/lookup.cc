#include "registry/lookup.h"

#include <algorithm>

#include "core/worker.h"

namespace lmis {

std::optional<std::vector<std::string>> ResidenceUnitsFor(const AdminUnits& units,
                                                          std::string_view code, const Date& date) {
  UnitEdition edition = EditionAt(date);
  if (!units.Find(edition, code)) return std::nullopt;
  UnitEdition other = edition == UnitEdition::k2025 ? UnitEdition::kPre2025 : UnitEdition::k2025;
  std::vector<std::string> out;
  for (const std::string& commune : units.CommunesUnder(edition, code)) {
    out.push_back(UnitKey(edition, commune));
    auto counterparts =
        edition == UnitEdition::k2025 ? units.OldUnitsOf(commune) : units.NewUnitsOf(commune);
    for (const std::string& c : counterparts) out.push_back(UnitKey(other, c));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<int64_t> PersonIdFromText(std::string_view text) {
  return text.size() == 12 ? CccdPersonId(text) : CmndPersonId(text);
}

}  // namespace lmis

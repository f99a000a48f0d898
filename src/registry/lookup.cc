#include "registry/lookup.h"

#include <algorithm>

#include "core/worker.h"

namespace lmis {

std::optional<std::vector<std::string>> ResidenceUnitsFor(const AdminUnits& units,
                                                          std::string_view code, const Date& date) {
  UnitEdition edition = EditionAt(date);
  if (!units.Find(edition, code)) return std::nullopt;
  std::vector<std::string> out = units.CommunesUnder(edition, code);
  size_t own = out.size();
  for (size_t i = 0; i < own; ++i) {
    auto counterparts =
        edition == UnitEdition::k2025 ? units.OldUnitsOf(out[i]) : units.NewUnitsOf(out[i]);
    out.insert(out.end(), counterparts.begin(), counterparts.end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<int64_t> PersonIdFromText(std::string_view text) {
  WorkerRecord probe;
  if (text.size() == 12)
    probe.cccd = std::string(text);
  else
    probe.cmnd = std::string(text);
  return PersonIdOf(probe);
}

}  // namespace lmis

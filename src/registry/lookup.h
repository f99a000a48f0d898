// Turning what an officer types (a unit code, a CCCD) into what storage queries.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/admin_units.h"

namespace lmis {

// The communes (as UnitKeys) whose residents belong to unit `code` of the tree in force on
// `date`: its own communes plus their counterparts in the other tree through the 2025 mapping,
// so that records collected under either tree are found. A commune split in 2025 counts in
// every unit it went to. nullopt when `code` is not a unit on `date`.
std::optional<std::vector<std::string>> ResidenceUnitsFor(const AdminUnits& units,
                                                          std::string_view code, const Date& date);

// The person id of a 12-digit CCCD or a 9-digit CMND; nullopt for anything else.
std::optional<int64_t> PersonIdFromText(std::string_view text);

}  // namespace lmis

// The layout of the maintained report aggregates. Every version of a worker record in force
// counts once in a few cells of one fixed layout: one cell per breakdown (the value of that
// breakdown) × labour-force status × sex. The store keeps, per reporting unit and period, the
// signed sum of these cells over every change (store/report_facts.h); a report adds up the
// periods up to its date and reads the cells back here. Cells are stored by number: the
// layout only grows at the end (a new breakdown or value), and a change of meaning needs a
// rebuild (`lmis report rebuild`).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/admin_units.h"
#include "core/date.h"
#include "core/refdata.h"
#include "core/worker.h"

namespace lmis {

// What a report can break its counts down by. Stored order: append only.
enum class Breakdown : uint8_t {
  kTotal,
  kBirthYear,  // reports turn it into age groups for their date
  kGeneralEducation,
  kQualification,
  kEmploymentStatus,
  kWorkplaceType,
  kOccupationGroup,  // VSCO 2020 major group (first digit)
  kIndustrySection,  // VSIC section letter of the record's edition
  kSiType,
  kContractType,
  kPriorityGroup,  // multi-valued: a person counts under each group they belong to
  kArea,           // urban (phường, thị trấn) or rural (xã, đặc khu) residence
  kUnemploymentDuration,
  kNilfReason,
  kEthnicity,
};
inline constexpr int kBreakdownCount = static_cast<int>(Breakdown::kEthnicity) + 1;

// The labour-force status of a cell; kStatusUnknown for a record without one.
enum CubeStatus : int { kEmployedCell, kUnemployedCell, kOutsideCell, kStatusUnknown };
inline constexpr int kCubeStatuses = 4;
enum CubeSex : int { kMaleCell, kFemaleCell, kSexUnknown };
inline constexpr int kCubeSexes = 3;

// Birth years the kBirthYear breakdown distinguishes; others count as "not stated".
inline constexpr int kFirstBirthYear = 1900;
inline constexpr int kLastBirthYear = 2099;

// The number of values of `b`; the last one is "not stated" (except for kTotal and kArea's
// third value, which is "unknown unit").
int ValueCount(Breakdown b);
// The number of a cell, and back.
int CellIndex(Breakdown b, int value, int status, int sex);
struct CubeCell {
  Breakdown breakdown;
  int value;
  int status;
  int sex;
};
CubeCell DecodeCell(int cell);
// One past the largest cell number.
int CellCount();

// A value's stable name (the slug of its code, a year, a section letter, "unknown") and its
// label in Vietnamese or English.
std::string ValueSlug(Breakdown b, int value);
std::string ValueLabel(Breakdown b, int value, bool vietnamese);
// The breakdown's name in JSON ("general_education") and its heading.
std::string_view BreakdownName(Breakdown b);
std::string_view BreakdownHeading(Breakdown b, bool vietnamese);

// The reporting units a residence counts in, as UnitKeys: its commune and the units above it
// in both trees, and "national". A residence given in the other tree is placed through the
// official mapping; a commune split (or merged) at the reform goes to the counterpart with its
// own code if there is one, else the first the mapping lists, so that every person counts
// exactly once at every level. Empty when the commune is unknown.
std::vector<std::string> RollupUnits(UnitEdition edition, std::string_view commune,
                                     const AdminUnits& units);

// What a version of `record` (read with `record_date`) counts in, as the store keeps it:
// "unit unit …|cell cell …". "" when it counts nowhere (no known residence).
std::string ReportKeyOf(const WorkerRecord& record, const Date& record_date, const RefData& ref);

}  // namespace lmis

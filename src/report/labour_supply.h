// The labour-supply report (báo cáo cung lao động): people 15+ by labour-force status, in total,
// by sex and by each breakdown of report/cube.h, for one unit on one day, read from the
// maintained aggregates. Age groups are by age reached in the year of the report (year of the
// report − year of birth): population registers often hold the year of birth alone, and the
// year is what every record has.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/date.h"
#include "report/cube.h"
#include "store/report_facts.h"

namespace lmis {

// One group of people by labour-force status.
struct StatusCounts {
  int64_t employed = 0;
  int64_t unemployed = 0;
  int64_t outside = 0;
  int64_t unknown = 0;  // records without a status

  int64_t labour_force() const { return employed + unemployed; }
  int64_t total() const { return employed + unemployed + outside + unknown; }
  StatusCounts& operator+=(const StatusCounts& o);
  bool operator==(const StatusCounts&) const = default;
};

// A group by sex.
struct SexCounts {
  StatusCounts male;
  StatusCounts female;
  StatusCounts unknown;  // records without a sex

  StatusCounts all() const;
  SexCounts& operator+=(const SexCounts& o);
  bool operator==(const SexCounts&) const = default;
};

// One line of a breakdown.
struct BreakdownLine {
  std::string value;  // stable name: a code slug, "25-34", a section
  std::string label_vi;
  std::string label_en;
  SexCounts counts;
};

// One breakdown's lines, in the code list's order, "not stated" last; lines with nobody are
// kept only for closed lists (so tables keep their shape), not for birth years or ethnic groups.
struct BreakdownTable {
  std::string name;  // "age_group", "general_education", …
  std::string heading_vi;
  std::string heading_en;
  std::vector<BreakdownLine> lines;
};

struct LabourSupply {
  std::string unit;  // UnitKey, or "national"
  std::string unit_name;
  Date as_of;
  SexCounts total;
  std::vector<BreakdownTable> breakdowns;  // age_group first, then the cube's order

  const BreakdownTable* Find(std::string_view name) const;
};

// The age groups of the report, by age reached in the report's year.
struct AgeGroup {
  int from;  // inclusive
  int to;    // inclusive; 0 = no upper bound
};
const std::vector<AgeGroup>& ReportAgeGroups();
// "15-24" … "65+".
std::string AgeGroupName(const AgeGroup& group);

// The report made of the aggregated `cells` of a unit on `as_of`.
LabourSupply LabourSupplyFromCells(const CellSums& cells, const Date& as_of);

}  // namespace lmis

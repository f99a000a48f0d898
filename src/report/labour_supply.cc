#include "report/labour_supply.h"

namespace lmis {
namespace {

StatusCounts& StatusOf(SexCounts& counts, int sex) {
  return sex == kMaleCell ? counts.male : sex == kFemaleCell ? counts.female : counts.unknown;
}

void AddCell(SexCounts& counts, int status, int sex, int64_t n) {
  StatusCounts& s = StatusOf(counts, sex);
  (status == kEmployedCell     ? s.employed
   : status == kUnemployedCell ? s.unemployed
   : status == kOutsideCell    ? s.outside
                               : s.unknown) += n;
}

// Breakdowns whose empty lines are dropped: long open lists.
bool DropsEmptyLines(Breakdown b) {
  return b == Breakdown::kBirthYear || b == Breakdown::kEthnicity ||
         b == Breakdown::kIndustrySection;
}

BreakdownTable AgeTable(const std::vector<SexCounts>& by_birth_year, const Date& as_of) {
  BreakdownTable t{"age_group", "Nhóm tuổi", "Age group", {}};
  const auto& groups = ReportAgeGroups();
  for (const AgeGroup& g : groups) {
    const std::string name = AgeGroupName(g);
    t.lines.push_back({name, name, name, {}});
  }
  BreakdownLine unknown{"unknown", "Không xác định", "Not stated", {}};
  const int years = static_cast<int>(by_birth_year.size()) - 1;  // the last is "not stated"
  for (int v = 0; v <= years; ++v) {
    if (v == years) {
      unknown.counts += by_birth_year[v];
      continue;
    }
    const int age = as_of.year - (kFirstBirthYear + v);
    size_t line = groups.size();
    for (size_t i = 0; i < groups.size(); ++i)
      if (age >= groups[i].from && (groups[i].to == 0 || age <= groups[i].to)) line = i;
    // Younger than the first group: only a record dated after the report's day could say so,
    // and none is in force; counted as not stated rather than lost.
    (line < groups.size() ? t.lines[line].counts : unknown.counts) += by_birth_year[v];
  }
  t.lines.push_back(std::move(unknown));
  return t;
}

}  // namespace

StatusCounts& StatusCounts::operator+=(const StatusCounts& o) {
  employed += o.employed;
  unemployed += o.unemployed;
  outside += o.outside;
  unknown += o.unknown;
  return *this;
}

StatusCounts SexCounts::all() const {
  StatusCounts s = male;
  s += female;
  s += unknown;
  return s;
}

SexCounts& SexCounts::operator+=(const SexCounts& o) {
  male += o.male;
  female += o.female;
  unknown += o.unknown;
  return *this;
}

const BreakdownTable* LabourSupply::Find(std::string_view name) const {
  for (const BreakdownTable& t : breakdowns)
    if (t.name == name) return &t;
  return nullptr;
}

const std::vector<AgeGroup>& ReportAgeGroups() {
  static const std::vector<AgeGroup> groups = {{15, 24}, {25, 34}, {35, 44},
                                               {45, 54}, {55, 64}, {65, 0}};
  return groups;
}

std::string AgeGroupName(const AgeGroup& g) {
  return g.to == 0 ? std::to_string(g.from) + "+"
                   : std::to_string(g.from) + "-" + std::to_string(g.to);
}

LabourSupply LabourSupplyFromCells(const CellSums& cells, const Date& as_of) {
  std::vector<std::vector<SexCounts>> by(kBreakdownCount);
  for (int b = 0; b < kBreakdownCount; ++b) by[b].resize(ValueCount(static_cast<Breakdown>(b)));
  for (auto [cell, n] : cells) {
    if (cell < 0 || cell >= CellCount()) continue;  // a newer layout's cell: not ours to read
    CubeCell c = DecodeCell(cell);
    AddCell(by[static_cast<int>(c.breakdown)][c.value], c.status, c.sex, n);
  }
  LabourSupply report;
  report.as_of = as_of;
  report.total = by[static_cast<int>(Breakdown::kTotal)][0];
  report.breakdowns.push_back(AgeTable(by[static_cast<int>(Breakdown::kBirthYear)], as_of));
  for (int bi = 0; bi < kBreakdownCount; ++bi) {
    const auto b = static_cast<Breakdown>(bi);
    if (b == Breakdown::kTotal || b == Breakdown::kBirthYear) continue;
    BreakdownTable t{std::string(BreakdownName(b)),
                     std::string(BreakdownHeading(b, true)),
                     std::string(BreakdownHeading(b, false)),
                     {}};
    for (int v = 0; v < ValueCount(b); ++v) {
      const SexCounts& counts = by[bi][v];
      if (DropsEmptyLines(b) && counts.all().total() == 0) continue;
      t.lines.push_back({ValueSlug(b, v), ValueLabel(b, v, true), ValueLabel(b, v, false), counts});
    }
    report.breakdowns.push_back(std::move(t));
  }
  return report;
}

}  // namespace lmis

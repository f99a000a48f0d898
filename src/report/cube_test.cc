// The cell layout and what a record counts in: its units in both trees, its cells.
#include "report/cube.h"

#include <gtest/gtest.h>

#include <set>

#include "exchange/refdata_files.h"
#include "report/labour_supply.h"
#include "testing/ref_data.h"

namespace lmis {
namespace {

TEST(Cube, CellsDecodeToWhatTheyEncode) {
  std::set<int> seen;
  for (int b = 0; b < kBreakdownCount; ++b) {
    const auto breakdown = static_cast<Breakdown>(b);
    for (int v = 0; v < ValueCount(breakdown); ++v)
      for (int s = 0; s < kCubeStatuses; ++s)
        for (int x = 0; x < kCubeSexes; ++x) {
          const int cell = CellIndex(breakdown, v, s, x);
          ASSERT_TRUE(seen.insert(cell).second) << cell;
          CubeCell c = DecodeCell(cell);
          EXPECT_EQ(c.breakdown, breakdown);
          EXPECT_EQ(c.value, v);
          EXPECT_EQ(c.status, s);
          EXPECT_EQ(c.sex, x);
        }
  }
  EXPECT_EQ(static_cast<int>(seen.size()), CellCount());
  EXPECT_THROW(DecodeCell(CellCount()), std::out_of_range);
}

TEST(Cube, ANewCommuneRollsUpToItsProvinceAndItsOldCounterpart) {
  // Phường Ba Đình (2025, Hà Nội) keeps the code of Phường Trúc Bạch (Quận Ba Đình).
  EXPECT_EQ(RollupUnits(UnitEdition::k2025, "00004", TestRefData().units),
            (std::vector<std::string>{"2025:00004", "2025:01", "pre2025:00004", "pre2025:001",
                                      "pre2025:01", "national"}));
  // Phường Quán Thánh (old) became part of Phường Ba Đình.
  EXPECT_EQ(RollupUnits(UnitEdition::kPre2025, "00013", TestRefData().units),
            (std::vector<std::string>{"2025:00004", "2025:01", "pre2025:00013", "pre2025:001",
                                      "pre2025:01", "national"}));
  EXPECT_TRUE(RollupUnits(UnitEdition::k2025, "99999", TestRefData().units).empty());
}

TEST(Cube, ARecordCountsOncePerBreakdown) {
  WorkerRecord r;
  r.sex = Sex::kFemale;
  r.birth_date = {1990, 0, 0};
  r.permanent_unit = "00004";
  r.lf_status = LfStatus::kEmployed;
  r.general_education = GeneralEducation::kUpperSecondary;
  r.qualification = Qualification::kUniversity;
  r.employment_status = EmploymentStatus::kEmployee;
  r.occupation = "2512";
  r.industry = "6201";
  r.priority_groups.add(PriorityGroup::kDisabled);
  r.priority_groups.add(PriorityGroup::kEthnicMinority);
  r.ethnicity = "02";
  const std::string key = ReportKeyOf(r, Date{2025, 12, 1}, TestRefData());
  ASSERT_EQ(key.substr(0, key.find('|')),
            "2025:00004 2025:01 pre2025:00004 pre2025:001 pre2025:01 national");
  std::set<int> cells;
  std::string rest = key.substr(key.find('|') + 1);
  for (size_t at = 0; at < rest.size();) {
    size_t end = rest.find(' ', at);
    if (end == std::string::npos) end = rest.size();
    cells.insert(std::stoi(rest.substr(at, end - at)));
    at = end + 1;
  }
  auto has = [&](Breakdown b, int v) {
    return cells.count(CellIndex(b, v, kEmployedCell, kFemaleCell)) == 1;
  };
  EXPECT_EQ(cells.size(), 16u);  // 14 breakdowns, two priority groups
  EXPECT_TRUE(has(Breakdown::kTotal, 0));
  EXPECT_TRUE(has(Breakdown::kBirthYear, 90));
  EXPECT_TRUE(has(Breakdown::kGeneralEducation, 3));
  EXPECT_TRUE(has(Breakdown::kQualification, 6));
  EXPECT_TRUE(has(Breakdown::kEmploymentStatus, 3));
  EXPECT_TRUE(has(Breakdown::kOccupationGroup, 2));
  // 6201 is in section K of VSIC 2025 (the record is dated after 15 November 2025).
  EXPECT_TRUE(has(Breakdown::kIndustrySection, 21 + 10));
  EXPECT_EQ(ValueSlug(Breakdown::kIndustrySection, 31), "vsic2025:K");
  EXPECT_TRUE(has(Breakdown::kPriorityGroup, 0));
  EXPECT_TRUE(has(Breakdown::kPriorityGroup, 5));
  EXPECT_TRUE(has(Breakdown::kArea, 0));  // a phường: urban
  EXPECT_TRUE(has(Breakdown::kEthnicity, 1));
  EXPECT_TRUE(has(Breakdown::kWorkplaceType, ValueCount(Breakdown::kWorkplaceType) - 1));

  r.permanent_unit = "99999";
  EXPECT_EQ(ReportKeyOf(r, Date{2025, 12, 1}, TestRefData()), "");
}

TEST(LabourSupply, AgeGroupsFollowTheYearOfTheReport) {
  CellSums cells;
  // Born 2001 and 2010: 24 and 15 in 2025, 25 and 16 in 2026.
  cells[CellIndex(Breakdown::kTotal, 0, kEmployedCell, kMaleCell)] = 3;
  cells[CellIndex(Breakdown::kBirthYear, 2001 - kFirstBirthYear, kEmployedCell, kMaleCell)] = 2;
  cells[CellIndex(Breakdown::kBirthYear, 2010 - kFirstBirthYear, kEmployedCell, kMaleCell)] = 1;
  auto group = [](const LabourSupply& r, const std::string& name) {
    for (const BreakdownLine& l : r.Find("age_group")->lines)
      if (l.value == name) return l.counts.male.employed;
    return int64_t{-1};
  };
  LabourSupply y2025 = LabourSupplyFromCells(cells, Date{2025, 12, 31});
  EXPECT_EQ(group(y2025, "15-24"), 3);
  EXPECT_EQ(group(y2025, "25-34"), 0);
  LabourSupply y2026 = LabourSupplyFromCells(cells, Date{2026, 1, 1});
  EXPECT_EQ(group(y2026, "15-24"), 1);
  EXPECT_EQ(group(y2026, "25-34"), 2);
  EXPECT_EQ(y2026.total.male.employed, 3);
  EXPECT_EQ(y2026.total.all().labour_force(), 3);
}

}  // namespace
}  // namespace lmis

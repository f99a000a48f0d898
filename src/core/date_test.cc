#include "core/date.h"

#include <gtest/gtest.h>

namespace lmis {
namespace {

TEST(PartialDate, ParsesTheThreeShapesAndRejectsTheRest) {
  EXPECT_EQ(PartialDate::Parse("1985")->ToString(), "1985");
  EXPECT_EQ(PartialDate::Parse("1985-03")->ToString(), "1985-03");
  EXPECT_EQ(PartialDate::Parse("2024-02-29")->ToString(), "2024-02-29");
  for (const char* bad : {"", "85", "1985-3", "1985-13", "2023-02-29", "1985/03/12", "12-03-1985",
                          "1985-03-00", "abcd", "1799"})
    EXPECT_FALSE(PartialDate::Parse(bad)) << bad;
}

TEST(PartialDate, RangesCoverTheWholeUnknownPart) {
  auto y = *PartialDate::Parse("2024");
  EXPECT_EQ(y.Earliest(), (Date{2024, 1, 1}));
  EXPECT_EQ(y.Latest(), (Date{2024, 12, 31}));
  auto ym = *PartialDate::Parse("2023-02");
  EXPECT_EQ(ym.Latest(), (Date{2023, 2, 28}));
}

TEST(Age, CompletedYearsTurnOnTheBirthday) {
  EXPECT_EQ(CompletedYears({2010, 10, 1}, {2025, 9, 30}), 14);
  EXPECT_EQ(CompletedYears({2010, 10, 1}, {2025, 10, 1}), 15);
  EXPECT_EQ(CompletedYears({2008, 2, 29}, {2023, 2, 28}), 14);
  EXPECT_EQ(CompletedYears({2008, 2, 29}, {2023, 3, 1}), 15);
}

TEST(Age, PartialBirthDatesGetTheBenefitOfTheDoubt) {
  // Born some time in 2010: could be 15 on 2025-01-01 if born on 1 January.
  EXPECT_FALSE(CertainlyYoungerThan(*PartialDate::Parse("2010"), {2025, 1, 1}, 15));
  EXPECT_TRUE(CertainlyYoungerThan(*PartialDate::Parse("2010-06"), {2025, 5, 31}, 15));
  EXPECT_FALSE(CertainlyYoungerThan(*PartialDate::Parse("2010-06"), {2025, 6, 1}, 15));
}

TEST(Date, DaysSinceEpochCountsAcrossLeapDaysAndCenturies) {
  EXPECT_EQ(DaysSinceEpoch({1970, 1, 1}), 0);
  EXPECT_EQ(DaysSinceEpoch({1969, 12, 31}), -1);
  EXPECT_EQ(DaysSinceEpoch({2000, 1, 1}), 10957);  // PostgreSQL's epoch
  EXPECT_EQ(DaysSinceEpoch({2000, 3, 1}) - DaysSinceEpoch({2000, 2, 28}), 2);
  EXPECT_EQ(DaysSinceEpoch({1900, 3, 1}) - DaysSinceEpoch({1900, 2, 28}), 1);
  EXPECT_EQ(DaysSinceEpoch({2025, 7, 1}), 20270);
}

}  // namespace
}  // namespace lmis

// The arithmetic of progress reports: shares of the quota, the late flag, totals, and the
// Vietnamese day of UTC instants.
#include "collect/progress.h"

#include <gtest/gtest.h>

namespace lmis {
namespace {

TEST(CollectProgressTest, SharesOfTheQuotaRoundToOneDecimalAndAZeroQuotaHasNone) {
  EXPECT_EQ(Percent(7, 8), 87.5);
  EXPECT_EQ(Percent(1, 3), 33.3);
  EXPECT_EQ(Percent(2, 3), 66.7);
  EXPECT_EQ(Percent(0, 5), 0.0);
  EXPECT_EQ(Percent(12, 10), 120.0) << "more than the quota is shown as it is";
  EXPECT_FALSE(Percent(3, 0));
  EXPECT_FALSE(Percent(0, 0));
}

TEST(CollectProgressTest, LateMeansPastTheDeadlineWithTooFewCollectedByIt) {
  const Date deadline{2025, 10, 10};
  EXPECT_FALSE(IsLate({2025, 10, 10}, deadline, 0, 5)) << "on the deadline day: not yet late";
  EXPECT_TRUE(IsLate({2025, 10, 11}, deadline, 4, 5));
  EXPECT_FALSE(IsLate({2025, 10, 11}, deadline, 5, 5));
  EXPECT_FALSE(IsLate({2025, 10, 11}, deadline, 0, 0)) << "no quota, nothing to be late on";
}

TEST(CollectProgressTest, LinesAndTotalsCarryCountsSharesAndFlags) {
  const Date deadline{2025, 10, 10}, as_of{2025, 10, 20};
  ProgressCounts a;
  a.quota = 4;
  a.assigned = 5;
  a.collected = 3;
  a.entered = 1;
  a.collected_by_deadline = 2;
  a.collected_after_deadline = 1;
  ProgressCounts b;
  b.quota = 0;
  b.assigned = 2;
  b.collected = 2;
  b.entered = 2;
  b.collected_by_deadline = 2;
  ProgressLine la =
      MakeProgressLine("2025:00004", "00004", "Phường Ba Đình", 1, a, deadline, as_of);
  ProgressLine lb =
      MakeProgressLine("2025:00008", "00008", "Phường Ngọc Hà", 1, b, deadline, as_of);
  EXPECT_EQ(la.collected_pct, 75.0);
  EXPECT_EQ(la.entered_pct, 25.0);
  EXPECT_TRUE(la.late);
  EXPECT_FALSE(lb.collected_pct);
  EXPECT_FALSE(lb.late);
  ProgressLine total = TotalLine({la, lb}, 1, deadline, as_of);
  EXPECT_EQ(total.counts.quota, 4);
  EXPECT_EQ(total.counts.assigned, 7);
  EXPECT_EQ(total.counts.collected, 5);
  EXPECT_EQ(total.counts.collected_by_deadline, 4);
  EXPECT_EQ(total.collected_pct, 125.0);
  EXPECT_FALSE(total.late) << "4 collected in time of a quota of 4";
  EXPECT_EQ(total.unit, "");
}

TEST(CollectProgressTest, DaysEndAtMidnightInVietnam) {
  EXPECT_EQ(EndOfLocalDay({2025, 10, 10}), "2025-10-10T17:00:00Z");
  EXPECT_EQ(LocalDayOf("2025-10-10T16:59:59Z"), (Date{2025, 10, 10}));
  EXPECT_EQ(LocalDayOf("2025-10-10T17:00:00Z"), (Date{2025, 10, 11}));
  EXPECT_EQ(LocalDayOf("2025-12-31T20:00:00Z"), (Date{2026, 1, 1}));
  EXPECT_EQ(LocalDayOf("2024-02-28T18:00:00Z"), (Date{2024, 2, 29}));
  EXPECT_FALSE(LocalDayOf("2025-10-10"));
  EXPECT_FALSE(LocalDayOf("yesterday at noon Z"));
}

}  // namespace
}  // namespace lmis

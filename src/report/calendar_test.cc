// The reporting calendar: deadlines of each frequency, and for a unit on a day what is due,
// late and submitted, on both backends.
#include "report/calendar.h"

#include <gtest/gtest.h>

#include "exchange/refdata_files.h"
#include "testing/ref_data.h"
#include "testing/test_database.h"

namespace lmis {
namespace {

ReportSchedule Monthly(int day) { return {1, "m", "commune", "labour_supply", "monthly", day, 0}; }

TEST(Calendar, DeadlinesOfEachFrequency) {
  EXPECT_EQ(DeadlineOf(Monthly(25), "2026-11"), (Date{2026, 11, 25}));
  // A day past the month's end falls on its last day.
  EXPECT_EQ(DeadlineOf(Monthly(31), "2026-02"), (Date{2026, 2, 28}));
  const ReportSchedule half{7, "h", "commune", "labour_supply", "half_yearly", 10, 6};
  EXPECT_EQ(DeadlineOf(half, "2026-H1"), (Date{2026, 6, 10}));
  EXPECT_EQ(DeadlineOf(half, "2026-H2"), (Date{2026, 12, 10}));
  const ReportSchedule year{2, "y", "commune", "labour_supply", "yearly", 10, 12};
  EXPECT_EQ(DeadlineOf(year, "2026"), (Date{2026, 12, 10}));
  EXPECT_FALSE(DeadlineOf(year, "2026-11"));
  EXPECT_FALSE(DeadlineOf(Monthly(25), "2026"));
  EXPECT_FALSE(DeadlineOf(Monthly(25), "2026-13"));
  EXPECT_FALSE(DeadlineOf(Monthly(25), "x"));
  auto due = PeriodsDue(Monthly(25), {2026, 1, 26}, {2026, 4, 25});
  ASSERT_EQ(due.size(), 3u);
  EXPECT_EQ(due.front().first, "2026-02");
  EXPECT_EQ(due.back().first, "2026-04");
}

class CalendarDbTest : public ::testing::TestWithParam<Backend> {};

TEST_P(CalendarDbTest, DueLateAndSubmitted) {
  TestDatabase db(GetParam());
  auto store = OpenStore(db.spec());
  store->Migrate();
  ReportCalendar calendar(store->sql());
  ASSERT_EQ(calendar.Schedules().size(), 7u);
  const ReportUnit commune = ResolveReportUnit(TestRefData().units, "00004", UnitEdition::k2025);
  const ReportUnit province = ResolveReportUnit(TestRefData().units, "01", UnitEdition::k2025);
  const Date on{2026, 11, 26};
  auto entries = calendar.EntriesFor(commune, on);
  auto find = [&](const std::vector<CalendarEntry>& list, int64_t schedule,
                  const std::string& period) -> const CalendarEntry* {
    for (const CalendarEntry& e : list)
      if (e.schedule.id == schedule && e.period == period) return &e;
    return nullptr;
  };
  ASSERT_TRUE(find(entries, 1, "2026-11"));
  EXPECT_EQ(find(entries, 1, "2026-11")->state, "late");
  EXPECT_EQ(find(entries, 1, "2026-12")->state, "due");
  EXPECT_EQ(find(entries, 2, "2026")->state, "due");  // due 10 December
  EXPECT_EQ(find(entries, 7, "2026-H1")->state, "late");
  EXPECT_FALSE(find(entries, 3, "2026-11"));  // a district's schedule
  EXPECT_TRUE(find(calendar.EntriesFor(province, on), 5, "2026-11"));

  ReportService service(*store, TestRefData());
  SubmitResult late = SubmitReport(*store, service, calendar, 1, commune, "2026-11", "officer",
                                   Date{2026, 11, 26}, "2026-11-26T08:00:00Z");
  EXPECT_TRUE(late.late);
  SubmitResult early = SubmitReport(*store, service, calendar, 1, commune, "2026-12", "officer",
                                    Date{2026, 11, 26}, "2026-11-26T09:00:00Z");
  EXPECT_FALSE(early.late);
  entries = calendar.EntriesFor(commune, on);
  EXPECT_EQ(find(entries, 1, "2026-11")->state, "submitted_late");
  EXPECT_EQ(find(entries, 1, "2026-12")->state, "submitted");
  EXPECT_EQ(find(entries, 1, "2026-12")->submitted_by, "officer");
  // The figures as sent are kept.
  EXPECT_EQ(store->sql()
                .OneText("SELECT figures FROM report_submissions WHERE id = $1", {early.id})
                ->substr(0, 1),
            "{");

  EXPECT_THROW(SubmitReport(*store, service, calendar, 1, commune, "2026-12", "officer",
                            Date{2026, 11, 27}, "2026-11-27T09:00:00Z"),
               ReportError);  // already submitted
  EXPECT_THROW(SubmitReport(*store, service, calendar, 5, commune, "2026-12", "officer",
                            Date{2026, 11, 27}, "2026-11-27T09:00:00Z"),
               ReportError);  // the province's schedule
  EXPECT_THROW(SubmitReport(*store, service, calendar, 1, commune, "2026", "officer",
                            Date{2026, 11, 27}, "2026-11-27T09:00:00Z"),
               ReportError);  // not a month
  EXPECT_THROW(SubmitReport(*store, service, calendar, 99, commune, "2026-12", "officer",
                            Date{2026, 11, 27}, "2026-11-27T09:00:00Z"),
               ReportError);
}

INSTANTIATE_TEST_SUITE_P(Backends, CalendarDbTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace lmis

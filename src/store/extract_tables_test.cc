// Storage of the registers' extracts on both backends: rows added, replaced with each changed
// column recorded, left alone when unchanged or older than what is stored; lookups and scans.
#include "store/extract_tables.h"

#include <gtest/gtest.h>

#include "exchange/refdata_files.h"
#include "registry/extract_import.h"
#include "store/store.h"
#include "testing/ref_data.h"
#include "testing/test_database.h"

namespace lmis {
namespace {

class ExtractTablesTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    store_ = OpenStore(db_.spec());
    store_->Migrate();
    tables_ = std::make_unique<ExtractTables>(store_->sql());
  }

  static ExtractCells Person(const std::string& cccd, const std::string& name,
                             const std::string& unit, const std::string& extract_date) {
    const ExtractFormat& f = FormatOf(ExtractKind::kPopulation);
    ExtractCells c(f.columns.size());
    c[f.Index("cccd")] = cccd;
    c[f.Index("full_name")] = name;
    c[f.Index("birth_date")] = "1985-03-12";
    c[f.Index("sex")] = "male";
    c[f.Index("permanent_unit")] = unit;
    c[f.Index("household_id")] = unit + "-000001";
    c[f.Index("status")] = "alive";
    c[f.Index("extract_date")] = extract_date;
    return c;
  }

  std::vector<ExtractOutcome> Put(int64_t run, std::vector<ExtractCells> rows) {
    const ExtractFormat& f = FormatOf(ExtractKind::kPopulation);
    std::vector<ExtractPut> puts;
    for (ExtractCells& c : rows)
      puts.push_back(MakeExtractPut(f, std::move(c), TestRefData(), {2026, 1, 15}));
    std::vector<ExtractOutcome> outcomes(puts.size());
    store_->Begin();
    tables_->Put(f, run, "2026-01-15T00:00:00Z", puts, outcomes);
    store_->Commit();
    return outcomes;
  }

  TestDatabase db_{GetParam()};
  std::unique_ptr<Store> store_;
  std::unique_ptr<ExtractTables> tables_;
};

using O = ExtractOutcome;

TEST_P(ExtractTablesTest, AddsReplacesAndRecordsWhatChanged) {
  const ExtractFormat& f = FormatOf(ExtractKind::kPopulation);
  EXPECT_EQ(Put(1, {Person("001085012345", "Nguyễn Văn An", "00004", "2025-10-01"),
                    Person("001085012346", "Lê Thị Hoa", "00004", "2025-10-01")}),
            (std::vector<O>{O::kAdded, O::kAdded}));
  EXPECT_EQ(tables_->Count(f), 2);
  // The next extract: one person renamed and moved, one unchanged, one new.
  EXPECT_EQ(Put(2, {Person("001085012345", "Nguyễn Văn Ân", "00008", "2025-11-01"),
                    Person("001085012346", "Lê Thị Hoa", "00004", "2025-10-01"),
                    Person("001085012347", "Trần Văn Bình", "00025", "2025-11-01")}),
            (std::vector<O>{O::kChanged, O::kUnchanged, O::kAdded}));
  std::optional<StoredExtractRow> an = tables_->Find(f, "001085012345");
  ASSERT_TRUE(an);
  EXPECT_EQ(an->cells[f.Index("full_name")], "Nguyễn Văn Ân");
  EXPECT_EQ(an->residence_unit, "2025:00008");
  EXPECT_EQ(an->province_code, "01");
  EXPECT_EQ(an->first_run, 1);
  EXPECT_EQ(an->run_id, 2);
  std::vector<ExtractChange> changes = tables_->Changes(f, "001085012345");
  std::vector<std::string> fields;
  for (const ExtractChange& c : changes)
    fields.push_back(c.field + ":" + c.old_value + ">" + c.new_value);
  EXPECT_EQ(fields,
            (std::vector<std::string>{
                "full_name:Nguyễn Văn An>Nguyễn Văn Ân", "permanent_unit:00004>00008",
                "household_id:00004-000001>00008-000001", "extract_date:2025-10-01>2025-11-01"}));
  EXPECT_TRUE(tables_->Changes(f, "001085012346").empty());
  // An older extract cannot overwrite a newer one.
  EXPECT_EQ(Put(3, {Person("001085012345", "Tên Cũ", "00004", "2025-09-01")}),
            (std::vector<O>{O::kStale}));
  EXPECT_EQ(tables_->Find(f, "001085012345")->cells[f.Index("full_name")], "Nguyễn Văn Ân");
  EXPECT_EQ(tables_->Count(f), 3);
}

TEST_P(ExtractTablesTest, ScansByResidenceAndFindsByPerson) {
  const ExtractFormat& f = FormatOf(ExtractKind::kPopulation);
  std::vector<ExtractCells> rows;
  for (int i = 0; i < 300; ++i)
    rows.push_back(Person("001085" + std::to_string(100000 + i),
                          "Người " + std::string(1, 'A' + i % 26), i % 3 ? "00004" : "00008",
                          "2025-10-01"));
  Put(1, rows);
  int in_8 = 0, all = 0;
  tables_->Scan(f, std::vector<std::string>{"2025:00008"}, [&](const StoredExtractRow& r) {
    EXPECT_EQ(r.residence_unit, "2025:00008");
    ++in_8;
  });
  tables_->Scan(f, std::nullopt, [&](const StoredExtractRow&) { ++all; });
  EXPECT_EQ(in_8, 100);
  EXPECT_EQ(all, 300);
  auto found = tables_->FindByPerson(f, 1085100007);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].key, "001085100007");
  EXPECT_FALSE(tables_->Find(f, "001085999999"));
  EXPECT_FALSE(tables_->Find(f, "not a cccd"));
}

TEST_P(ExtractTablesTest, InsurancePeriodsAreKeyedByCodeEmployerAndStart) {
  const ExtractFormat& f = FormatOf(ExtractKind::kInsurance);
  auto period = [&](const std::string& from, const std::string& to) {
    ExtractCells c(f.columns.size());
    c[f.Index("bhxh")] = "0123456789";
    c[f.Index("cccd")] = "001085012345";
    c[f.Index("employer_tax_code")] = "0101234567";
    c[f.Index("si_type")] = "compulsory";
    c[f.Index("from")] = from;
    c[f.Index("to")] = to;
    return MakeExtractPut(f, c, TestRefData(), {2026, 1, 15});
  };
  std::vector<ExtractPut> puts = {period("2020-01-01", "2022-12-31"), period("2023-01-01", "")};
  std::vector<ExtractOutcome> outcomes(2);
  tables_->Put(f, 1, "2026-01-15T00:00:00Z", puts, outcomes);
  EXPECT_EQ(outcomes, (std::vector<O>{O::kAdded, O::kAdded}));
  puts = {period("2023-01-01", "2025-06-30")};  // the open period ended
  outcomes.assign(1, O::kAdded);
  tables_->Put(f, 2, "2026-01-15T00:00:00Z", puts, outcomes);
  EXPECT_EQ(outcomes[0], O::kChanged);
  auto periods = tables_->FindByPerson(f, 1085012345);
  ASSERT_EQ(periods.size(), 2u);
  EXPECT_EQ(periods[1].cells[f.Index("to")], "2025-06-30");
  EXPECT_EQ(tables_->Changes(f, periods[1].key).size(), 1u);
}

TEST_P(ExtractTablesTest, RunsAreLogged) {
  ExtractRunRecord run;
  run.kind = "population";
  run.file = "r.csv";
  run.actor = "test";
  run.started_at = "2026-01-15T00:00:00Z";
  run.id = tables_->StartRun(run);
  run.rows_read = 10;
  run.added = 9;
  run.rejected = 1;
  run.status = "committed";
  run.finished_at = "2026-01-15T00:00:01Z";
  tables_->FinishRun(run);
  auto stored = tables_->FindRun(run.id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->added, 9);
  EXPECT_EQ(stored->rejected, 1);
  EXPECT_EQ(stored->status, "committed");
}

INSTANTIATE_TEST_SUITE_P(Backends, ExtractTablesTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace lmis

#include "registry/import.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "core/validate.h"
#include "exchange/refdata_files.h"
#include "registry/lookup.h"
#include "testing/ref_data.h"
#include "testing/test_database.h"

namespace lmis {
namespace {

struct Reject {
  int64_t line;
  std::string field;
  std::string code;
};

class CollectRejects : public RejectSink {
 public:
  void Reject(int64_t line, const Violation& v) override {
    rejects.push_back({line, v.field, std::string(SlugOf(v.code))});
  }
  std::vector<lmis::Reject> rejects;
};

constexpr const char* kHeader =
    "cccd,full_name,birth_date,sex,permanent_unit,lf_status,employment_status,job_title,"
    "workplace_type,workplace_address,si_type,contract_type,unemployment_duration,nilf_reason,"
    "collected_on\n";
constexpr const char* kEmployed =
    "001085012345,Nguyễn Văn An,1985-03-12,male,00004,employed,employee,Kế toán viên,"
    "private_enterprise,\"12 Phố Huế, Hà Nội\",compulsory,indefinite,,,2025-10-01\n";
constexpr const char* kUnemployed =
    "001190004567,Lê Thị Hoa,1990-07-01,female,00008,unemployed,,,,,,,lt_3m,,2025-10-01\n";
constexpr const char* kOutside =
    "001205000111,Phạm Minh Khôi,2005-02-20,male,00004,outside,,,,,,,,studying,2025-10-01\n";
// Sex disagrees with CCCD digit 4, and unemployment duration missing.
constexpr const char* kBad =
    "001085099999,Đỗ Văn Bình,1985-01-01,female,00004,unemployed,,,,,,,,,2025-10-01\n";

class ImportTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    store_ = OpenStore(db_.spec());
    store_->Migrate();
  }

  ImportResult Import(const std::string& text, ImportOptions options = {}) {
    std::FILE* f = fmemopen(const_cast<char*>(text.data()), text.size(), "r");
    auto rows = OpenWorkerRows(f, FileFormat::kCsv);
    options.batch_size = 2;
    ImportResult r = ImportWorkers(*rows, TestRefData(), *store_, clock_, rejects_, options);
    std::fclose(f);
    return r;
  }

  TestDatabase db_{GetParam()};
  FixedClock clock_{{2026, 1, 15}};
  std::unique_ptr<Store> store_;
  CollectRejects rejects_;
};

TEST_P(ImportTest, ValidRowsAreCommittedAndEveryViolationIsReportedWithItsLine) {
  ImportResult r = Import(std::string(kHeader) + kEmployed + kBad + kUnemployed + kOutside);
  EXPECT_EQ(r.record.rows, 4);
  EXPECT_EQ(r.record.created, 3);
  EXPECT_EQ(r.record.rejected_rows, 1);
  EXPECT_TRUE(r.record.committed);
  ASSERT_EQ(rejects_.rejects.size(), 2u);
  for (const auto& rej : rejects_.rejects) EXPECT_EQ(rej.line, 3);
  EXPECT_EQ(rejects_.rejects[0].code, "cccd_sex_century");
  EXPECT_EQ(rejects_.rejects[1].field, "unemployment_duration");
  EXPECT_EQ(rejects_.rejects[1].code, "required");
  EXPECT_EQ(store_->CountWorkers(), 3);
}

TEST_P(ImportTest, AllOrNothingCommitsNothingWhenARowIsRejected) {
  ImportOptions o;
  o.all_or_nothing = true;
  ImportResult r = Import(std::string(kHeader) + kEmployed + kUnemployed + kOutside + kBad, o);
  EXPECT_FALSE(r.record.committed);
  EXPECT_EQ(store_->CountWorkers(), 0);
  EXPECT_EQ(store_->CountVersions(), 0);
  ImportResult ok = Import(std::string(kHeader) + kEmployed + kUnemployed + kOutside, o);
  EXPECT_TRUE(ok.record.committed);
  EXPECT_EQ(store_->CountWorkers(), 3);
}

TEST_P(ImportTest, ImportingTheSameFileTwiceAddsNoVersions) {
  std::string file = std::string(kHeader) + kEmployed + kUnemployed + kOutside;
  Import(file);
  ImportResult again = Import(file);
  EXPECT_EQ(again.record.unchanged, 3);
  EXPECT_EQ(again.record.created + again.record.new_versions, 0);
  EXPECT_EQ(store_->CountVersions(), 3);
}

TEST_P(ImportTest, AFileWithTwoVersionsOfAPersonCanBeImportedAgain) {
  std::string moved =
      "001190004567,Lê Thị Hoa,1990-07-01,female,00025,unemployed,,,,,,,lt_3m,,2025-10-01\n";
  std::string file = std::string(kHeader) + kUnemployed + moved;
  Import(file);
  EXPECT_EQ(store_->CountVersions(), 2);
  ImportResult again = Import(file);
  EXPECT_EQ(again.record.unchanged, 2);
  EXPECT_EQ(store_->CountVersions(), 2);
  EXPECT_EQ(store_->Current(1190004567)->cells[static_cast<size_t>(WorkerField::kPermanentUnit)],
            "00025");
}

TEST_P(ImportTest, ABackdatedRowImportedAgainAddsNothing) {
  Import(std::string(kHeader) + kUnemployed);  // collected 2025-10-01
  std::string earlier =
      "001190004567,Lê Thị Hoa,1990-07-01,female,00025,unemployed,,,,,,,3_12m,,2025-08-01\n";
  Import(std::string(kHeader) + earlier);
  Import(std::string(kHeader) + earlier);
  EXPECT_EQ(store_->CountVersions(), 2);
  EXPECT_EQ(store_->Current(1190004567)->seq, 1);
  EXPECT_EQ(store_->AsOf(1190004567, {2025, 9, 1})->seq, 2);
}

TEST_P(ImportTest, UnitFiltersKeepTheTreeACodeWasReadIn) {
  // 00025 (Giảng Võ) and 00008 (Ngọc Hà) are different 2025 communes; before the reform 00025
  // was Ngọc Khánh, part of which went to Ngọc Hà.
  std::string in_giang_vo =
      "001190004567,Lê Thị Hoa,1990-07-01,female,00025,unemployed,,,,,,,lt_3m,,2025-10-01\n";
  std::string in_ngoc_ha =
      "001190004568,Lê Thị Hồng,1990-07-02,female,00008,unemployed,,,,,,,lt_3m,,2025-10-01\n";
  std::string in_old_ngoc_khanh =
      "001190004569,Lê Thị Hạnh,1990-07-03,female,00025,unemployed,,,,,,,lt_3m,,2024-10-01\n";
  Import(std::string(kHeader) + in_giang_vo + in_ngoc_ha + in_old_ngoc_khanh);
  ASSERT_TRUE(rejects_.rejects.empty());
  WorkerQuery q;
  q.residence_units = ResidenceUnitsFor(TestRefData().units, "00008", {2025, 10, 1});
  std::vector<int64_t> ids;
  store_->Scan(q, [&](const WorkerVersion& v) { ids.push_back(v.person_id); });
  EXPECT_EQ(ids, (std::vector<int64_t>{1190004568, 1190004569}));
}

TEST_P(ImportTest, APersonKnownByCmndIsLinkedWhenTheirCccdArrives) {
  std::string header =
      "cccd,cmnd,full_name,birth_date,sex,permanent_unit,lf_status,nilf_reason,collected_on\n";
  Import(header + ",012345678,Lê Văn Tâm,1950,male,00004,outside,retired,2024-10-01\n");
  EXPECT_EQ(store_->CountWorkers(), 1);
  ImportResult r = Import(
      header + "001050123456,012345678,Lê Văn Tâm,1950,male,00004,outside,retired,2025-10-01\n");
  ASSERT_TRUE(rejects_.rejects.empty());
  EXPECT_EQ(r.record.new_versions, 1);
  EXPECT_EQ(store_->CountWorkers(), 1);
  auto history = store_->History(1050123456);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].cells[static_cast<size_t>(WorkerField::kCccd)], "");
  EXPECT_EQ(history[1].cells[static_cast<size_t>(WorkerField::kCccd)], "001050123456");
  EXPECT_TRUE(store_->History(*PersonIdFromText("012345678")).empty());
}

TEST_P(ImportTest, AChangedRowBecomesANewVersion) {
  Import(std::string(kHeader) + kUnemployed);
  std::string found_job =
      "001190004567,Lê Thị Hoa,1990-07-01,female,00008,employed,own_account,Bán hàng,"
      "household_business,Chợ Đồng Xuân,none,,,,2025-12-01\n";
  ImportResult r = Import(std::string(kHeader) + found_job);
  EXPECT_EQ(r.record.new_versions, 1);
  auto history = store_->History(1190004567);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].cells[static_cast<size_t>(WorkerField::kLfStatus)], "unemployed");
  EXPECT_EQ(history[1].cells[static_cast<size_t>(WorkerField::kLfStatus)], "employed");
  EXPECT_EQ(store_->AsOf(1190004567, {2025, 11, 1})->seq, 1);
  EXPECT_EQ(store_->AsOf(1190004567, {2025, 12, 1})->seq, 2);
}

TEST_P(ImportTest, LabelsAreStoredAsSlugsAndNamesAsNfc) {
  // "Nguyê\u0302̃n" typed with combining marks, status and sex as Vietnamese labels.
  std::string row =
      "001190004567,Le\xcc\x82 Thi\xcc\xa3  Hoa,1990-07-01,Nữ,00008,Người thất nghiệp,,,,,,,"
      "Dưới 3 tháng,,2025-10-01\n";
  Import(std::string(kHeader) + row);
  ASSERT_TRUE(rejects_.rejects.empty());
  auto v = store_->Current(1190004567);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->cells[static_cast<size_t>(WorkerField::kFullName)], "Lê Thị Hoa");
  EXPECT_EQ(v->cells[static_cast<size_t>(WorkerField::kSex)], "female");
  EXPECT_EQ(v->cells[static_cast<size_t>(WorkerField::kLfStatus)], "unemployed");
  EXPECT_EQ(v->cells[static_cast<size_t>(WorkerField::kUnemploymentDuration)], "lt_3m");
}

TEST_P(ImportTest, UnknownColumnsRejectTheWholeFile) {
  std::string text = "cccd,full_nmae,birth_date\n001085012345,A,1985\n";
  std::FILE* f = fmemopen(text.data(), text.size(), "r");
  try {
    OpenWorkerRows(f, FileFormat::kCsv);
    ADD_FAILURE() << "expected FileRejected";
  } catch (const FileRejected& e) {
    ASSERT_EQ(e.violations().size(), 1u);
    EXPECT_EQ(e.violations()[0].field, "full_nmae");
    EXPECT_EQ(e.violations()[0].code, ViolationCode::kColumnUnknown);
  }
  std::fclose(f);
}

TEST_P(ImportTest, JsonLinesAreImportedLikeCsv) {
  std::string text =
      "{\"cccd\":\"001190004567\",\"full_name\":\"Lê Thị Hoa\",\"birth_date\":\"1990-07-01\","
      "\"sex\":\"female\",\"permanent_unit\":\"00008\",\"lf_status\":\"unemployed\","
      "\"unemployment_duration\":\"lt_3m\",\"never_worked\":false,"
      "\"priority_groups\":[\"poor_household\"],\"collected_on\":\"2025-10-01\"}\n"
      "{\"cccd\":\"001190004568\",\"nonsense\":1}\n"
      "not json\n";
  std::FILE* f = fmemopen(text.data(), text.size(), "r");
  auto rows = OpenWorkerRows(f, FileFormat::kJsonl);
  ImportResult r = ImportWorkers(*rows, TestRefData(), *store_, clock_, rejects_, {});
  std::fclose(f);
  EXPECT_EQ(r.record.created, 1);
  EXPECT_EQ(r.record.rejected_rows, 2);
  auto v = store_->Current(1190004567);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->cells[static_cast<size_t>(WorkerField::kNeverWorked)], "false");
  EXPECT_EQ(v->cells[static_cast<size_t>(WorkerField::kPriorityGroups)], "poor_household");
  bool unknown_key = false, bad_line = false;
  for (const auto& rej : rejects_.rejects) {
    unknown_key |= rej.line == 2 && rej.field == "nonsense" && rej.code == "column_unknown";
    bad_line |= rej.line == 3 && rej.code == "format";
  }
  EXPECT_TRUE(unknown_key);
  EXPECT_TRUE(bad_line);
}

TEST_P(ImportTest, ABrokenQuoteIsReportedAndEarlierRowsAreKept) {
  ImportResult r = Import(std::string(kHeader) + kEmployed + "001190004567,\"Lê Thị Hoa,1990\n");
  EXPECT_EQ(r.record.created, 1);
  EXPECT_EQ(r.record.rejected_rows, 1);
  ASSERT_EQ(rejects_.rejects.size(), 1u);
  EXPECT_EQ(rejects_.rejects[0].line, 3);
  EXPECT_EQ(rejects_.rejects[0].code, "format");
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace lmis

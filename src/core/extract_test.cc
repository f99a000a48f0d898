// Runs the data-driven cases of test/registers/*.test: a row of an extract (`kind` names
// which), the errors that reject it (`expect column code`, or `expect none`), the warnings it
// is imported with (`warn column code`) and cells as stored (`canonical column=value`).
#include "core/extract.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/text.h"
#include "exchange/refdata_files.h"
#include "testing/case_file.h"
#include "testing/ref_data.h"

namespace lmis {
namespace {

std::vector<std::string> Codes(const Violations& list) {
  std::vector<std::string> out;
  for (const Violation& v : list) out.push_back(v.field + " " + std::string(SlugOf(v.code)));
  std::sort(out.begin(), out.end());
  return out;
}

TEST(ExtractCases, AllFilesPass) {
  std::vector<TestCase> all = LoadTestCaseDir(LMIS_TEST_DATA_DIR "/registers");
  ASSERT_GE(all.size(), 40u);
  for (const TestCase& c : all) {
    auto kind = ParseExtractKind(c.settings.count("kind") ? c.settings.at("kind") : "");
    ASSERT_TRUE(kind) << c.Where() << ": no `kind` setting";
    const ExtractFormat& format = FormatOf(*kind);
    Date today = Date::Parse(c.settings.at("today")).value();
    ExtractCells cells(format.columns.size());
    for (const auto& [column, value] : c.row) {
      int i = format.Index(column);
      ASSERT_GE(i, 0) << c.Where() << ": no column " << column;
      cells[i] = value;
    }
    RowCheck check = CheckExtractRow(format, TestRefData(), today, &cells);
    std::vector<std::string> expected = c.All("expect"), warned = c.All("warn");
    ASSERT_FALSE(expected.empty()) << c.Where() << ": no expectation";
    if (expected == std::vector<std::string>{"none"}) expected.clear();
    std::sort(expected.begin(), expected.end());
    std::sort(warned.begin(), warned.end());
    EXPECT_EQ(Codes(check.errors), expected) << c.Where();
    EXPECT_EQ(Codes(check.warnings), warned) << c.Where();
    for (const std::string& canonical : c.All("canonical")) {
      size_t eq = canonical.find('=');
      int i = format.Index(canonical.substr(0, eq));
      ASSERT_GE(i, 0) << c.Where();
      EXPECT_EQ(cells[i], canonical.substr(eq + 1)) << c.Where();
    }
    for (const Violation& v : check.errors) {
      EXPECT_TRUE(v.message_vi.find(':') != std::string::npos) << c.Where();
      EXPECT_FALSE(v.message_en.empty()) << c.Where();
    }
    if (check.errors.empty()) {
      for (const std::string& cell : cells) EXPECT_EQ(cell, ToNfc(cell)) << c.Where();
    }
  }
}

TEST(Extract, KeysAndRowDates) {
  const ExtractFormat& population = FormatOf(ExtractKind::kPopulation);
  ExtractCells cells(population.columns.size());
  cells[population.Index("cccd")] = "001085012345";
  cells[population.Index("extract_date")] = "2025-06-30";
  EXPECT_EQ(ExtractKey(population, cells), "001085012345");
  EXPECT_EQ(ExtractRowDate(population, cells, {2026, 1, 1}), (Date{2025, 6, 30}));
  const ExtractFormat& insurance = FormatOf(ExtractKind::kInsurance);
  ExtractCells period(insurance.columns.size());
  period[insurance.Index("bhxh")] = "0123456789";
  period[insurance.Index("employer_tax_code")] = "0101234567";
  period[insurance.Index("from")] = "2020-01-01";
  EXPECT_EQ(ExtractKey(insurance, period), "0123456789|0101234567|2020-01-01");
  EXPECT_TRUE(PeriodCovers("2020-01-01", "", {2025, 1, 1}));
  EXPECT_TRUE(PeriodCovers("2020-01-01", "2025-01-01", {2025, 1, 1}));
  EXPECT_FALSE(PeriodCovers("2020-01-01", "2024-12-31", {2025, 1, 1}));
  EXPECT_FALSE(PeriodCovers("2025-01-02", "", {2025, 1, 1}));
  EXPECT_EQ(ParseExtractKind("enterprises"), ExtractKind::kEnterprises);
  EXPECT_FALSE(ParseExtractKind("workers"));
}

}  // namespace
}  // namespace lmis

// Runs the data-driven validation cases in test/validation/*.test. Each case is an input row
// (a named base row with some fields changed) and the exact set of violations expected.
//
// File format (testing/case_file.h): `today YYYY-MM-DD` the day validation runs on; each case
// `from BASE`, `set column=value` (empty = absent), and `expect column code` (one per
// violation) or `expect none`.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/validate.h"
#include "core/worker_codec.h"
#include "exchange/refdata_files.h"
#include "testing/case_file.h"
#include "testing/ref_data.h"

namespace lmis {
namespace {

std::vector<std::string> RunCase(const TestCase& c, const Date& today, Violations* violations) {
  WorkerCells owned;
  for (const auto& [column, value] : c.row) {
    auto f = FieldByName(column);
    if (!f) {
      ADD_FAILURE() << c.Where() << ": unknown column " << column;
      continue;
    }
    owned[static_cast<size_t>(*f)] = value;
  }
  WorkerRecord record;
  FieldMask bad = DecodeWorker(ViewsOf(owned), TestRefData(), &record, violations);
  ValidateWorker(record, bad, TestRefData(), today, violations);
  std::vector<std::string> got;
  for (const Violation& v : *violations) got.push_back(v.field + " " + std::string(SlugOf(v.code)));
  std::sort(got.begin(), got.end());
  return got;
}

TEST(ValidationCases, AllFilesPass) {
  std::vector<TestCase> all = LoadTestCaseDir(LMIS_TEST_DATA_DIR "/validation");
  ASSERT_GE(all.size(), 60u) << "the validation suite should hold at least 60 cases";
  for (const TestCase& c : all) {
    std::vector<std::string> expected = c.All("expect");
    bool expect_none = expected == std::vector<std::string>{"none"};
    if (expected.empty()) ADD_FAILURE() << c.Where() << ": case has no expectation";
    if (expect_none) expected.clear();
    std::sort(expected.begin(), expected.end());
    Date today = Date::Parse(c.settings.count("today") ? c.settings.at("today") : "2026-01-15")
                     .value_or(Date{2026, 1, 15});
    Violations violations;
    std::vector<std::string> got = RunCase(c, today, &violations);
    std::ostringstream detail;
    for (const Violation& v : violations)
      detail << "\n    " << v.field << " " << SlugOf(v.code) << ": " << v.message_en;
    EXPECT_EQ(got, expected) << c.Where() << detail.str();
    for (const Violation& v : violations) {
      EXPECT_FALSE(v.message_vi.empty());
      EXPECT_FALSE(v.message_en.empty());
    }
  }
}

}  // namespace
}  // namespace lmis

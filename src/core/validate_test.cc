// Runs the data-driven validation cases in test/validation/*.test. Each case is an input row
// (a named base row with some fields changed) and the exact set of violations expected.
//
// File format:
//   today YYYY-MM-DD          the day validation runs on
//   base NAME                 a row: `column=value` lines up to `end`
//   case DESCRIPTION          a case: `from BASE`, `set column=value` (empty = absent),
//                             `expect column code` (one per violation) or `expect none`
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/validate.h"
#include "core/worker_codec.h"
#include "exchange/refdata_files.h"

namespace lmis {
namespace {

struct Case {
  std::string file;
  int line = 0;
  std::string name;
  std::map<std::string, std::string> row;
  std::vector<std::string> expected;  // "field code", sorted
  bool expect_none = false;
  Date today;
};

std::vector<Case> LoadCases(const std::string& path) {
  std::ifstream in(path);
  std::map<std::string, std::map<std::string, std::string>> bases;
  std::vector<Case> cases;
  Date today{2026, 1, 15};
  std::string line;
  int n = 0;
  std::string base_name;
  Case* current = nullptr;
  auto fail = [&](const std::string& why) { ADD_FAILURE() << path << ":" << n << ": " << why; };
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') {
      current = nullptr;
      continue;
    }
    std::string word = line.substr(0, line.find(' '));
    std::string rest = line.size() > word.size() ? line.substr(word.size() + 1) : "";
    if (!base_name.empty()) {
      if (line == "end") {
        base_name.clear();
        continue;
      }
      size_t eq = line.find('=');
      if (eq == std::string::npos) fail("expected column=value in base");
      bases[base_name][line.substr(0, eq)] = line.substr(eq + 1);
    } else if (word == "today") {
      today = Date::Parse(rest).value();
    } else if (word == "base") {
      base_name = rest;
    } else if (word == "case") {
      cases.push_back({path, n, rest, {}, {}, false, today});
      current = &cases.back();
    } else if (!current) {
      fail("line outside a case: " + line);
    } else if (word == "from") {
      if (!bases.count(rest)) fail("unknown base " + rest);
      current->row = bases[rest];
    } else if (word == "set") {
      size_t eq = rest.find('=');
      if (eq == std::string::npos) fail("expected set column=value");
      current->row[rest.substr(0, eq)] = rest.substr(eq + 1);
    } else if (word == "expect") {
      if (rest == "none")
        current->expect_none = true;
      else
        current->expected.push_back(rest);
    } else {
      fail("unknown directive " + word);
    }
  }
  for (Case& c : cases) std::sort(c.expected.begin(), c.expected.end());
  return cases;
}

const RefData& Ref() {
  static const RefData* ref = new RefData(LoadRefData(DefaultDataDir()));
  return *ref;
}

std::vector<std::string> RunCase(const Case& c, Violations* violations) {
  WorkerCells owned;
  for (const auto& [column, value] : c.row) {
    auto f = FieldByName(column);
    if (!f) {
      ADD_FAILURE() << c.file << ":" << c.line << ": unknown column " << column;
      continue;
    }
    owned[static_cast<size_t>(*f)] = value;
  }
  WorkerRecord record;
  FieldMask bad = DecodeWorker(ViewsOf(owned), Ref(), &record, violations);
  ValidateWorker(record, bad, Ref(), c.today, violations);
  std::vector<std::string> got;
  for (const Violation& v : *violations) got.push_back(v.field + " " + std::string(SlugOf(v.code)));
  std::sort(got.begin(), got.end());
  return got;
}

TEST(ValidationCases, AllFilesPass) {
  std::vector<Case> all;
  for (const auto& entry : std::filesystem::directory_iterator(LMIS_TEST_DATA_DIR "/validation"))
    if (entry.path().extension() == ".test") {
      auto cases = LoadCases(entry.path().string());
      all.insert(all.end(), cases.begin(), cases.end());
    }
  ASSERT_GE(all.size(), 60u) << "the validation suite should hold at least 60 cases";
  for (const Case& c : all) {
    if (!c.expect_none && c.expected.empty())
      ADD_FAILURE() << c.file << ":" << c.line << ": case has no expectation";
    Violations violations;
    std::vector<std::string> got = RunCase(c, &violations);
    std::ostringstream detail;
    for (const Violation& v : violations)
      detail << "\n    " << v.field << " " << SlugOf(v.code) << ": " << v.message_en;
    EXPECT_EQ(got, c.expected) << c.file << ":" << c.line << ": " << c.name << detail.str();
    for (const Violation& v : violations) {
      EXPECT_FALSE(v.message_vi.empty());
      EXPECT_FALSE(v.message_en.empty());
    }
  }
}

}  // namespace
}  // namespace lmis

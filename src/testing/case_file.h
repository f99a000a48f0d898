// Data-driven test files (test/**/*.test), read the same way whatever they test: named base
// rows, and cases that start from a base, change some columns and state what they expect.
//
//   # comment (also ends a case)
//   NAME VALUE                 a file-level setting (e.g. `today 2026-01-15`)
//   base NAME                  a row: `column=value` lines up to `end`
//   case DESCRIPTION           a case, followed by its directives:
//     from BASE                start from a base row (`from A as worker` files it under a role)
//     set column=value         change or add a column (empty value = absent)
//     WORD REST                any other directive, kept in order for the test to read
// In values, \uXXXX stands for that character (combining marks, control characters), and a
// doubled backslash for one backslash.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace lmis {

using CaseRow = std::map<std::string, std::string>;

struct TestCase {
  std::string file;
  int line = 0;
  std::string name;
  CaseRow row;                          // the row built by from/set
  std::map<std::string, CaseRow> rows;  // rows filed under a role by `from BASE as ROLE`
  std::vector<std::pair<std::string, std::string>> directives;  // other lines: word, rest
  std::map<std::string, std::string> settings;  // file-level settings in force at the case

  // The rest of every directive named `word`, in order.
  std::vector<std::string> All(const std::string& word) const;
  // "FILE:LINE: NAME", for failure messages.
  std::string Where() const;
};

// Every case of the file; a malformed line fails the current test with its line number.
std::vector<TestCase> LoadTestCases(const std::string& path);
// Every case of every *.test file of `dir`, in file-name order.
std::vector<TestCase> LoadTestCaseDir(const std::string& dir);

}  // namespace lmis

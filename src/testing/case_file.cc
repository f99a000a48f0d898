#include "testing/case_file.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace lmis {
namespace {

void AppendUtf8(uint32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

std::string Unescape(const std::string& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\\' && i + 1 < v.size() && v[i + 1] == '\\') {
      out.push_back('\\');
      ++i;
    } else if (v[i] == '\\' && i + 5 < v.size() && v[i + 1] == 'u') {
      AppendUtf8(static_cast<uint32_t>(std::stoul(v.substr(i + 2, 4), nullptr, 16)), &out);
      i += 5;
    } else {
      out.push_back(v[i]);
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> TestCase::All(const std::string& word) const {
  std::vector<std::string> out;
  for (const auto& [w, rest] : directives)
    if (w == word) out.push_back(rest);
  return out;
}

std::string TestCase::Where() const { return file + ":" + std::to_string(line) + ": " + name; }

std::vector<TestCase> LoadTestCases(const std::string& path) {
  std::ifstream in(path);
  if (!in) ADD_FAILURE() << "cannot read " << path;
  std::map<std::string, CaseRow> bases;
  std::map<std::string, std::string> settings;
  std::vector<TestCase> cases;
  std::string line, base_name;
  int n = 0;
  bool in_case = false;
  auto fail = [&](const std::string& why) { ADD_FAILURE() << path << ":" << n << ": " << why; };
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') {
      in_case = false;
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
      if (eq == std::string::npos) fail("expected column=value in base " + base_name);
      bases[base_name][line.substr(0, eq)] = Unescape(line.substr(eq + 1));
    } else if (word == "base") {
      base_name = rest;
      bases[base_name];
    } else if (word == "case") {
      TestCase c;
      c.file = path;
      c.line = n;
      c.name = rest;
      c.settings = settings;
      cases.push_back(std::move(c));
      in_case = true;
    } else if (!in_case) {
      settings[word] = rest;
    } else if (word == "from") {
      size_t as = rest.find(" as ");
      std::string name = as == std::string::npos ? rest : rest.substr(0, as);
      if (!bases.count(name)) fail("unknown base " + name);
      if (as == std::string::npos)
        cases.back().row = bases[name];
      else
        cases.back().rows[rest.substr(as + 4)] = bases[name];
    } else if (word == "set") {
      size_t eq = rest.find('=');
      if (eq == std::string::npos) fail("expected set column=value");
      std::string column = rest.substr(0, eq), value = Unescape(rest.substr(eq + 1));
      // `set worker.full_name=…` changes the row filed as worker.
      size_t dot = column.find('.');
      if (dot != std::string::npos && cases.back().rows.count(column.substr(0, dot)))
        cases.back().rows[column.substr(0, dot)][column.substr(dot + 1)] = value;
      else
        cases.back().row[column] = value;
    } else {
      cases.back().directives.emplace_back(word, rest);
    }
  }
  return cases;
}

std::vector<TestCase> LoadTestCaseDir(const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().extension() == ".test") files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  std::vector<TestCase> all;
  for (const std::string& f : files) {
    auto cases = LoadTestCases(f);
    all.insert(all.end(), cases.begin(), cases.end());
  }
  return all;
}

}  // namespace lmis

// Loading the name frequency files of data/ (see data/README.md for their source).
#include <charconv>
#include <cstdio>
#include <map>
#include <stdexcept>

#include "exchange/csv.h"
#include "gen/population.h"

namespace lmis {
namespace {

// Calls `row` with each data record of a CSV file, fields addressed by header name.
class CsvTable {
 public:
  explicit CsvTable(const std::string& path) : path_(path), file_(std::fopen(path.c_str(), "rb")) {
    if (!file_) throw std::runtime_error("cannot open name file " + path);
  }
  ~CsvTable() { std::fclose(file_); }
  CsvTable(const CsvTable&) = delete;
  CsvTable& operator=(const CsvTable&) = delete;

  template <class Fn>
  void ForEach(Fn&& row) {
    CsvReader reader(file_);
    CsvRecord header, rec;
    if (!reader.Next(&header)) throw std::runtime_error(path_ + ": empty");
    std::map<std::string, size_t, std::less<>> columns;
    for (size_t i = 0; i < header.fields.size(); ++i) columns[std::string(header.fields[i])] = i;
    auto get = [&](std::string_view name) -> std::string_view {
      auto it = columns.find(name);
      if (it == columns.end()) throw std::runtime_error(path_ + ": no column " + std::string(name));
      return it->second < rec.fields.size() ? rec.fields[it->second] : std::string_view();
    };
    while (reader.Next(&rec)) row(get);
  }

 private:
  std::string path_;
  std::FILE* file_;
};

// Some source names spell Đ with the look-alike Ð (U+00D0, Icelandic eth); use the real letter.
std::string FixD(std::string_view name) {
  std::string out(name);
  for (size_t pos; (pos = out.find("\xC3\x90")) != std::string::npos;)
    out.replace(pos, 2, "\xC4\x90");
  return out;
}

double Number(std::string_view s) {
  double v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

}  // namespace

NameStats LoadNameStats(const std::string& data_dir) {
  NameStats stats;
  CsvTable(data_dir + "/names_surnames_uit_sample.csv").ForEach([&](auto get) {
    stats.surnames.push_back(FixD(get("surname")));
    stats.surname_weights.push_back(Number(get("count")));
  });
  // Middle names: the counts next to given names of only one sex say which sex a middle name
  // belongs to ("Văn" male, "Thị" female); counts next to unisex names tell nothing.
  CsvTable(data_dir + "/names_middle_uit_sample.csv").ForEach([&](auto get) {
    std::string name = FixD(get("middle_name"));
    double male = Number(get("count_with_male_only_given"));
    double female = Number(get("count_with_female_only_given"));
    if (male > 0) {
      stats.middle[0].push_back(name);
      stats.middle_weights[0].push_back(male);
    }
    if (female > 0) {
      stats.middle[1].push_back(name);
      stats.middle_weights[1].push_back(female);
    }
  });
  CsvTable(data_dir + "/names_given_uit_sample.csv").ForEach([&](auto get) {
    std::string name = FixD(get("given_name"));
    double count = Number(get("count"));
    if (get("in_boy_list") == "1") {
      stats.given[0].push_back(name);
      stats.given_weights[0].push_back(count);
    }
    if (get("in_girl_list") == "1") {
      stats.given[1].push_back(name);
      stats.given_weights[1].push_back(count);
    }
  });
  CsvTable(data_dir + "/names_given_by_sex_lists.csv").ForEach([&](auto get) {
    std::string_view sex = get("sex");
    if (sex == "M" || sex == "F") stats.two_syllable[sex == "F"].push_back(FixD(get("name")));
  });
  for (int s = 0; s < 2; ++s)
    if (stats.middle[s].empty() || stats.given[s].empty())
      throw std::runtime_error(data_dir + ": name files give no names for one sex");
  if (stats.surnames.empty()) throw std::runtime_error(data_dir + ": no surnames");
  return stats;
}

}  // namespace lmis

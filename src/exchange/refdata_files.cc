#include "exchange/refdata_files.h"

#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <stdexcept>

#include "exchange/csv.h"

#ifndef LMIS_SOURCE_DATA_DIR
#define LMIS_SOURCE_DATA_DIR ""
#endif

namespace lmis {
namespace {

namespace fs = std::filesystem;

// Calls `row` for each record of a CSV file as a column-name → value map.
using Row = std::map<std::string, std::string_view, std::less<>>;

void ForEachRow(const std::string& path, const std::function<void(const Row&)>& row) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw std::runtime_error("cannot open reference file " + path);
  try {
    CsvReader reader(f);
    CsvRecord header_rec, rec;
    if (!reader.Next(&header_rec)) throw std::runtime_error(path + ": empty");
    std::vector<std::string> header(header_rec.fields.begin(), header_rec.fields.end());
    Row r;
    while (reader.Next(&rec)) {
      r.clear();
      for (size_t i = 0; i < header.size() && i < rec.fields.size(); ++i)
        r[header[i]] = rec.fields[i];
      row(r);
    }
  } catch (const CsvError& e) {
    std::fclose(f);
    throw std::runtime_error(path + ":" + std::to_string(e.line()) + ": " + e.what());
  }
  std::fclose(f);
}

std::string Get(const Row& r, std::string_view key) {
  auto it = r.find(key);
  return it == r.end() ? std::string() : std::string(it->second);
}

int ToInt(std::string_view s) {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

void LoadUnits(const std::string& dir, RefData* ref) {
  ForEachRow(dir + "/admin_units_pre2025.csv", [&](const Row& r) {
    ref->units.Add(UnitEdition::kPre2025,
                   {Get(r, "code"), static_cast<UnitLevel>(ToInt(Get(r, "level"))), Get(r, "name"),
                    Get(r, "parent_code")});
  });
  ForEachRow(dir + "/admin_units_2025.csv", [&](const Row& r) {
    // Two tiers: level 2 in the file is a commune.
    UnitLevel level = Get(r, "level") == "1" ? UnitLevel::kProvince : UnitLevel::kCommune;
    ref->units.Add(UnitEdition::k2025,
                   {Get(r, "code"), level, Get(r, "name"), Get(r, "parent_code")});
  });
  ForEachRow(dir + "/admin_units_2025_mapping.csv", [&](const Row& r) {
    ref->units.AddMapping(Get(r, "old_code"), Get(r, "new_code"), Get(r, "part") == "full");
  });
}

void LoadCatalog(const std::string& path, std::string_view name_column, Catalog* catalog) {
  ForEachRow(path, [&](const Row& r) {
    std::string code = Get(r, "code");
    std::string level = Get(r, "level");
    catalog->Add({code, level.empty() ? static_cast<int>(code.size()) : ToInt(level),
                  Get(r, name_column), Get(r, "parent_code")});
    std::string_view variants = r.count("name_variants") ? r.find("name_variants")->second : "";
    while (!variants.empty()) {
      size_t bar = variants.find('|');
      catalog->AddAlias(variants.substr(0, bar), code);
      variants = bar == std::string_view::npos ? "" : variants.substr(bar + 1);
    }
  });
}

}  // namespace

std::string DefaultDataDir() {
  if (const char* env = std::getenv("LMIS_DATA"); env && *env) return env;
  std::string source = LMIS_SOURCE_DATA_DIR;
  if (!source.empty() && fs::exists(source + "/admin_units_2025.csv")) return source;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return (exe.parent_path() / "../share/lmis/data").lexically_normal().string();
}

RefData LoadRefData(const std::string& dir) {
  RefData ref;
  LoadUnits(dir, &ref);
  LoadCatalog(dir + "/vsco2020.csv", "title", &ref.occupations);
  LoadCatalog(dir + "/vsic2018.csv", "name", &ref.vsic2018);
  LoadCatalog(dir + "/vsic2025.csv", "name", &ref.vsic2025);
  LoadCatalog(dir + "/ethnic_groups_2008.csv", "name", &ref.ethnic_groups);
  return ref;
}

}  // namespace lmis

#include "exchange/table_file.h"

#include <algorithm>
#include <unordered_map>

#include "exchange/csv.h"

namespace lmis {
namespace {

using json = nlohmann::json;

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void AddRowProblem(Violations* out, std::string field, ViolationCode code, std::string vi,
                   std::string en) {
  out->push_back({std::move(field), code, std::move(vi), std::move(en)});
}

// Column name → position in the format.
std::unordered_map<std::string, size_t> Positions(const std::vector<std::string>& columns) {
  std::unordered_map<std::string, size_t> out;
  for (size_t i = 0; i < columns.size(); ++i) out.emplace(columns[i], i);
  return out;
}

class CsvRows : public TableRowSource {
 public:
  CsvRows(std::FILE* file, const std::vector<std::string>& columns,
          const std::vector<std::string>& required)
      : reader_(file), width_(columns.size()) {
    CsvRecord header;
    if (!reader_.Next(&header)) throw FileRejected("empty file", {});
    auto positions = Positions(columns);
    map_.assign(header.fields.size(), -1);
    Violations problems;
    std::vector<bool> seen(columns.size(), false);
    for (size_t i = 0; i < header.fields.size(); ++i) {
      std::string name(header.fields[i]);
      auto it = positions.find(name);
      if (it == positions.end()) {
        AddRowProblem(&problems, name, ViolationCode::kColumnUnknown,
                      "cột \"" + name + "\" không có trong định dạng trao đổi; cả tệp bị từ chối",
                      "column \"" + name + "\" is not in the exchange format; file rejected");
        continue;
      }
      if (seen[it->second]) {
        AddRowProblem(&problems, name, ViolationCode::kFormat, "cột \"" + name + "\" bị lặp lại",
                      "column \"" + name + "\" appears twice");
        continue;
      }
      seen[it->second] = true;
      map_[i] = static_cast<int>(it->second);
    }
    for (const std::string& name : required)
      if (auto it = positions.find(name); it != positions.end() && !seen[it->second])
        AddRowProblem(&problems, name, ViolationCode::kRequired,
                      "thiếu cột bắt buộc \"" + name + "\"; cả tệp bị từ chối",
                      "the required column \"" + name + "\" is missing; file rejected");
    if (!problems.empty()) throw FileRejected("the header names unknown columns", problems);
  }

  bool Next(std::vector<std::string_view>* cells, int64_t* line, Violations* problems) override {
    if (!reader_.Next(&record_)) return false;
    *line = record_.line;
    cells->assign(width_, std::string_view());
    if (!record_.problem.empty())
      AddRowProblem(problems, "", ViolationCode::kFormat,
                    "dòng CSV sai cấu trúc: có văn bản sau dấu ngoặc kép đóng",
                    "malformed CSV row: " + record_.problem);
    if (record_.fields.size() != map_.size())
      AddRowProblem(problems, "", ViolationCode::kFormat,
                    "dòng có " + std::to_string(record_.fields.size()) + " cột, tiêu đề có " +
                        std::to_string(map_.size()),
                    "the row has " + std::to_string(record_.fields.size()) +
                        " fields, the header " + std::to_string(map_.size()));
    size_t n = std::min(record_.fields.size(), map_.size());
    for (size_t i = 0; i < n; ++i)
      if (map_[i] >= 0) (*cells)[static_cast<size_t>(map_[i])] = record_.fields[i];
    return true;
  }
  int64_t bytes_read() const override { return reader_.bytes_read(); }

 private:
  CsvReader reader_;
  CsvRecord record_;
  size_t width_;
  std::vector<int> map_;  // header position → column index, -1 = rejected column
};

class JsonlRows : public TableRowSource {
 public:
  JsonlRows(std::FILE* file, const std::vector<std::string>& columns)
      : file_(file), positions_(Positions(columns)), storage_(columns.size()) {}
  ~JsonlRows() override { free(buf_); }

  bool Next(std::vector<std::string_view>* cells, int64_t* line, Violations* problems) override {
    for (;;) {
      ssize_t n = getline(&buf_, &cap_, file_);
      if (n < 0) return false;
      bytes_ += n;
      ++line_;
      std::string_view text(buf_, static_cast<size_t>(n));
      while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
      if (line_ == 1 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
      if (text.find_first_not_of(" \t") == std::string_view::npos) continue;
      *line = line_;
      Parse(text, problems);
      cells->assign(storage_.begin(), storage_.end());
      return true;
    }
  }
  int64_t bytes_read() const override { return bytes_; }

 private:
  void Parse(std::string_view text, Violations* problems) {
    for (auto& s : storage_) s.clear();
    json obj = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!obj.is_object()) {
      AddRowProblem(problems, "", ViolationCode::kFormat, "dòng không phải một đối tượng JSON",
                    "the line is not a JSON object");
      return;
    }
    for (auto& [key, value] : obj.items()) {
      auto it = positions_.find(key);
      if (it == positions_.end()) {
        AddRowProblem(problems, key, ViolationCode::kColumnUnknown,
                      "khóa \"" + key + "\" không có trong định dạng trao đổi",
                      "key \"" + key + "\" is not in the exchange format");
        continue;
      }
      std::string& out = storage_[it->second];
      out.clear();
      if (!JsonCellText(value, &out))
        AddRowProblem(problems, key, ViolationCode::kFormat,
                      "giá trị của \"" + key + "\" phải là chuỗi, số, true/false hoặc mảng chuỗi",
                      "\"" + key + "\" must be a string, number, boolean or array of strings");
    }
  }

  std::FILE* file_;
  std::unordered_map<std::string, size_t> positions_;
  char* buf_ = nullptr;
  size_t cap_ = 0;
  int64_t line_ = 0;
  int64_t bytes_ = 0;
  std::vector<std::string> storage_;
};

}  // namespace

bool JsonCellText(const json& v, std::string* out) {
  if (v.is_null()) return true;
  if (v.is_string())
    *out = v.get<std::string>();
  else if (v.is_boolean())
    *out = v.get<bool>() ? "true" : "false";
  else if (v.is_number_integer())
    *out = std::to_string(v.get<long long>());
  else if (v.is_array()) {
    for (const json& item : v) {
      if (!item.is_string()) return false;
      if (!out->empty()) out->push_back(';');
      out->append(item.get<std::string>());
    }
  } else {
    return false;
  }
  return true;
}

FileFormat FormatFor(const std::string& explicit_format, const std::string& path) {
  if (explicit_format == "csv") return FileFormat::kCsv;
  if (explicit_format == "jsonl" || explicit_format == "json") return FileFormat::kJsonl;
  if (EndsWith(path, ".jsonl") || EndsWith(path, ".ndjson") || EndsWith(path, ".json"))
    return FileFormat::kJsonl;
  return FileFormat::kCsv;
}

std::unique_ptr<TableRowSource> OpenTableRows(std::FILE* file, FileFormat format,
                                              std::vector<std::string> columns,
                                              const std::vector<std::string>& required) {
  if (format == FileFormat::kJsonl) return std::make_unique<JsonlRows>(file, columns);
  return std::make_unique<CsvRows>(file, columns, required);
}

}  // namespace lmis

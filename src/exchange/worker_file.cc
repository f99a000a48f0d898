#include "exchange/worker_file.h"

#include <nlohmann/json.hpp>

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

class CsvRows : public WorkerRowSource {
 public:
  explicit CsvRows(std::FILE* file) : reader_(file) {
    CsvRecord header;
    if (!reader_.Next(&header)) throw FileRejected("empty file", {});
    columns_.assign(header.fields.size(), -1);
    Violations problems;
    std::vector<bool> seen(kWorkerFieldCount, false);
    for (size_t i = 0; i < header.fields.size(); ++i) {
      std::string name(header.fields[i]);
      std::optional<WorkerField> f = FieldByName(name);
      if (!f) {
        AddRowProblem(&problems, name, ViolationCode::kColumnUnknown,
                      "cột \"" + name + "\" không có trong định dạng trao đổi; cả tệp bị từ chối",
                      "column \"" + name + "\" is not in the exchange format; file rejected");
        continue;
      }
      size_t idx = static_cast<size_t>(*f);
      if (seen[idx]) {
        AddRowProblem(&problems, name, ViolationCode::kFormat, "cột \"" + name + "\" bị lặp lại",
                      "column \"" + name + "\" appears twice");
        continue;
      }
      seen[idx] = true;
      columns_[i] = static_cast<int>(idx);
    }
    if (!problems.empty()) throw FileRejected("the header names unknown columns", problems);
  }

  bool Next(CellViews* cells, int64_t* line, Violations* problems) override {
    if (!reader_.Next(&record_)) return false;
    *line = record_.line;
    cells->fill(std::string_view());
    if (!record_.problem.empty())
      AddRowProblem(problems, "", ViolationCode::kFormat,
                    "dòng CSV sai cấu trúc: có văn bản sau dấu ngoặc kép đóng",
                    "malformed CSV row: " + record_.problem);
    if (record_.fields.size() != columns_.size())
      AddRowProblem(problems, "", ViolationCode::kFormat,
                    "dòng có " + std::to_string(record_.fields.size()) + " cột, tiêu đề có " +
                        std::to_string(columns_.size()),
                    "the row has " + std::to_string(record_.fields.size()) +
                        " fields, the header " + std::to_string(columns_.size()));
    size_t n = std::min(record_.fields.size(), columns_.size());
    for (size_t i = 0; i < n; ++i)
      if (columns_[i] >= 0) (*cells)[static_cast<size_t>(columns_[i])] = record_.fields[i];
    return true;
  }
  int64_t bytes_read() const override { return reader_.bytes_read(); }

 private:
  CsvReader reader_;
  CsvRecord record_;
  std::vector<int> columns_;  // column position → WorkerField index, -1 = ignored
};

class JsonlRows : public WorkerRowSource {
 public:
  explicit JsonlRows(std::FILE* file) : file_(file) {}
  ~JsonlRows() override { free(buf_); }

  bool Next(CellViews* cells, int64_t* line, Violations* problems) override {
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
      Parse(text, cells, problems);
      return true;
    }
  }
  int64_t bytes_read() const override { return bytes_; }

 private:
  void Parse(std::string_view text, CellViews* cells, Violations* problems) {
    cells->fill(std::string_view());
    for (auto& s : storage_) s.clear();
    json obj = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!obj.is_object()) {
      AddRowProblem(problems, "", ViolationCode::kFormat, "dòng không phải một đối tượng JSON",
                    "the line is not a JSON object");
      return;
    }
    CellsFromJson(obj, &storage_, problems);
    for (size_t i = 0; i < kWorkerFieldCount; ++i) (*cells)[i] = storage_[i];
  }

  std::FILE* file_;
  char* buf_ = nullptr;
  size_t cap_ = 0;
  int64_t line_ = 0;
  int64_t bytes_ = 0;
  WorkerCells storage_;
};

class CsvWorkerWriter : public WorkerWriter {
 public:
  explicit CsvWorkerWriter(std::FILE* file) : csv_(file) {
    std::vector<std::string_view> header;
    for (size_t i = 0; i < kWorkerFieldCount; ++i)
      header.push_back(InfoOf(static_cast<WorkerField>(i)).name);
    csv_.Row(header);
  }
  void Write(const WorkerCells& cells) override { csv_.RowOf(cells); }

 private:
  CsvWriter csv_;
};

class JsonlWorkerWriter : public WorkerWriter {
 public:
  explicit JsonlWorkerWriter(std::FILE* file) : file_(file) {}
  void Write(const WorkerCells& cells) override {
    std::string line = CellsJson(cells).dump(-1, ' ', false, json::error_handler_t::replace);
    line.push_back('\n');
    std::fwrite(line.data(), 1, line.size(), file_);
  }

 private:
  std::FILE* file_;
};

}  // namespace

namespace {

// A JSON value as cell text; false for a value no cell can hold.
bool ToText(const json& v, std::string* out) {
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

}  // namespace

void CellsFromJson(const json& object, WorkerCells* cells, Violations* problems) {
  for (auto& [key, value] : object.items()) {
    std::optional<WorkerField> f = FieldByName(key);
    if (!f) {
      AddRowProblem(problems, key, ViolationCode::kColumnUnknown,
                    "khóa \"" + key + "\" không có trong định dạng trao đổi",
                    "key \"" + key + "\" is not in the exchange format");
      continue;
    }
    std::string& out = (*cells)[static_cast<size_t>(*f)];
    out.clear();
    if (!ToText(value, &out))
      AddRowProblem(problems, key, ViolationCode::kFormat,
                    "giá trị của \"" + key + "\" phải là chuỗi, số, true/false hoặc mảng chuỗi",
                    "\"" + key + "\" must be a string, number, boolean or array of strings");
  }
}

json CellsJson(const WorkerCells& cells) {
  json obj = json::object();
  for (size_t i = 0; i < kWorkerFieldCount; ++i)
    if (!cells[i].empty()) obj[std::string(InfoOf(static_cast<WorkerField>(i)).name)] = cells[i];
  return obj;
}

FileFormat FormatFor(const std::string& explicit_format, const std::string& path) {
  if (explicit_format == "csv") return FileFormat::kCsv;
  if (explicit_format == "jsonl" || explicit_format == "json") return FileFormat::kJsonl;
  if (EndsWith(path, ".jsonl") || EndsWith(path, ".ndjson") || EndsWith(path, ".json"))
    return FileFormat::kJsonl;
  return FileFormat::kCsv;
}

std::unique_ptr<WorkerRowSource> OpenWorkerRows(std::FILE* file, FileFormat format) {
  if (format == FileFormat::kJsonl) return std::make_unique<JsonlRows>(file);
  return std::make_unique<CsvRows>(file);
}

std::unique_ptr<WorkerWriter> MakeWorkerWriter(std::FILE* file, FileFormat format) {
  if (format == FileFormat::kJsonl) return std::make_unique<JsonlWorkerWriter>(file);
  return std::make_unique<CsvWorkerWriter>(file);
}

}  // namespace lmis

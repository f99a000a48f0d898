#include "exchange/worker_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "exchange/csv.h"

namespace lmis {
namespace {

using json = nlohmann::json;

void AddRowProblem(Violations* out, std::string field, ViolationCode code, std::string vi,
                   std::string en) {
  out->push_back({std::move(field), code, std::move(vi), std::move(en)});
}

// The column names of the worker format, in WorkerField order.
std::vector<std::string> WorkerColumns() {
  std::vector<std::string> names;
  for (size_t i = 0; i < kWorkerFieldCount; ++i)
    names.emplace_back(InfoOf(static_cast<WorkerField>(i)).name);
  return names;
}

// A table file read as worker rows: its columns are the WorkerFields, in order.
class WorkerRows : public WorkerRowSource {
 public:
  WorkerRows(std::FILE* file, FileFormat format)
      : rows_(OpenTableRows(file, format, WorkerColumns())) {}
  bool Next(CellViews* cells, int64_t* line, Violations* problems) override {
    if (!rows_->Next(&row_, line, problems)) return false;
    std::copy(row_.begin(), row_.end(), cells->begin());
    return true;
  }
  int64_t bytes_read() const override { return rows_->bytes_read(); }

 private:
  std::unique_ptr<TableRowSource> rows_;
  std::vector<std::string_view> row_;
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
    if (!JsonCellText(value, &out))
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

std::unique_ptr<WorkerRowSource> OpenWorkerRows(std::FILE* file, FileFormat format) {
  return std::make_unique<WorkerRows>(file, format);
}

std::unique_ptr<WorkerWriter> MakeWorkerWriter(std::FILE* file, FileFormat format) {
  if (format == FileFormat::kJsonl) return std::make_unique<JsonlWorkerWriter>(file);
  return std::make_unique<CsvWorkerWriter>(file);
}

}  // namespace lmis

// Worker files of the exchange format (../spec/exchange.md, `workers`): CSV or JSON Lines in,
// CSV or JSON Lines out.
#pragma once

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "core/violation.h"
#include "core/worker_codec.h"
#include "exchange/table_file.h"

namespace lmis {

// A stream of worker rows read from a file.
class WorkerRowSource {
 public:
  virtual ~WorkerRowSource() = default;
  // Reads the next row: its cells (absent = "") and line number. Problems of the row as a whole
  // (malformed JSON, wrong number of fields, unknown keys) are appended to `problems`.
  // False at the end of the file. Views stay valid until the next call.
  virtual bool Next(CellViews* cells, int64_t* line, Violations* problems) = 0;
  virtual int64_t bytes_read() const = 0;
};

// Opens `file` (not owned) in `format`. Throws FileRejected when the CSV header names unknown
// or repeated columns.
std::unique_ptr<WorkerRowSource> OpenWorkerRows(std::FILE* file, FileFormat format);

// Reads a record from a JSON object keyed by exchange column names (a JSON Lines row, an API
// body): strings, integers, booleans, arrays of strings (joined with ';') or null (absent).
// Unknown keys and values of other types become violations in `problems`.
void CellsFromJson(const nlohmann::json& object, WorkerCells* cells, Violations* problems);

// The present fields of a record as a JSON object keyed by exchange column names.
nlohmann::json CellsJson(const WorkerCells& cells);

// Writes worker records in either format; the CSV header lists every column.
class WorkerWriter {
 public:
  virtual ~WorkerWriter() = default;
  virtual void Write(const WorkerCells& cells) = 0;
};
std::unique_ptr<WorkerWriter> MakeWorkerWriter(std::FILE* file, FileFormat format);

}  // namespace lmis

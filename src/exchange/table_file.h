// Files of rows with named columns — the exchange formats (../spec/exchange.md) as CSV with a
// header, or JSON Lines of objects — read the same way whatever the format's columns: unknown
// or repeated columns reject the whole file (a typo must not silently drop data).
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/violation.h"

namespace lmis {

enum class FileFormat { kCsv, kJsonl };

// "csv" / "jsonl" / "json"; otherwise from the path's extension (.jsonl, .ndjson, .json → JSON
// Lines), defaulting to CSV.
FileFormat FormatFor(const std::string& explicit_format, const std::string& path);

// A file the whole of which cannot be read: unknown, repeated or missing columns, unreadable
// file. `violations` lists every problem (line 1 = header) for the rejects file.
class FileRejected : public std::runtime_error {
 public:
  FileRejected(const std::string& message, Violations violations)
      : std::runtime_error(message), violations_(std::move(violations)) {}
  const Violations& violations() const { return violations_; }

 private:
  Violations violations_;
};

// A stream of rows read from a file.
class TableRowSource {
 public:
  virtual ~TableRowSource() = default;
  // Reads the next row: a cell per column of the format, in its order (absent = ""), and its
  // line number. Problems of the row as a whole (malformed JSON, wrong number of fields,
  // unknown keys) are appended to `problems`. False at the end of the file. Views stay valid
  // until the next call. Throws CsvError for a file broken beyond repair.
  virtual bool Next(std::vector<std::string_view>* cells, int64_t* line, Violations* problems) = 0;
  virtual int64_t bytes_read() const = 0;
};

// Opens `file` (not owned) holding rows of the format whose columns are `columns`. Throws
// FileRejected when a CSV header names unknown or repeated columns, or lacks one of
// `required` (JSON Lines rows are checked row by row instead).
std::unique_ptr<TableRowSource> OpenTableRows(std::FILE* file, FileFormat format,
                                              std::vector<std::string> columns,
                                              const std::vector<std::string>& required = {});

// A JSON value as cell text: strings as they are, integers and booleans written out, arrays
// of strings joined with ';', null as "". False for a value no cell can hold.
bool JsonCellText(const nlohmann::json& value, std::string* out);

}  // namespace lmis

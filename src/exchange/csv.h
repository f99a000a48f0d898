// RFC 4180 CSV, read and written in a streaming way: files of millions of rows pass through a
// fixed buffer. Fields are views into that buffer and stay valid until the next record is read.
#pragma once

#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace lmis {

// A malformed file: the message names the line (1-based) where the record starts.
class CsvError : public std::runtime_error {
 public:
  CsvError(int64_t line, const std::string& message) : std::runtime_error(message), line_(line) {}
  int64_t line() const { return line_; }

 private:
  int64_t line_;
};

// One record of a CSV file.
struct CsvRecord {
  std::vector<std::string_view> fields;
  int64_t line = 0;     // physical line where the record starts; the header is line 1
  std::string problem;  // why this record is malformed (text after a closing quote), or ""
};

class CsvReader {
 public:
  // Reads from `file` (not owned). A UTF-8 byte-order mark at the start is skipped.
  explicit CsvReader(std::FILE* file);
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Reads the next record into `record`; false at the end of the input. Blank lines are
  // skipped. A quote inside an unquoted field is an ordinary character; text after a closing
  // quote marks the record (`problem`) and reading goes on. Throws CsvError for a quoted field
  // left open at the end of the input (it would swallow the rest) and for read errors.
  bool Next(CsvRecord* record);
  // Bytes consumed so far (for progress).
  int64_t bytes_read() const { return consumed_; }

 private:
  bool Fill();
  // End of the record starting at pos_, or npos when the buffer holds no complete record.
  size_t FindRecordEnd(int64_t* newlines) const;

  std::FILE* file_;
  std::vector<char> buf_;
  size_t pos_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
  bool started_ = false;
  int64_t line_ = 1;
  int64_t consumed_ = 0;
};

// Writes CSV rows, quoting only the fields that need it.
class CsvWriter {
 public:
  explicit CsvWriter(std::FILE* file) : file_(file) {}
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;

  void Row(const std::vector<std::string_view>& fields);
  template <class Range>
  void RowOf(const Range& fields) {
    row_.clear();
    for (const auto& f : fields) row_.emplace_back(f);
    Row(row_);
  }

 private:
  std::FILE* file_;
  std::vector<std::string_view> row_;
  std::string line_;
};

}  // namespace lmis

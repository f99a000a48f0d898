// RenderCsv: the table part of a TableDoc through CsvWriter, into memory.
#include "exchange/table_doc.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "exchange/csv.h"

namespace lmis {
namespace {

// A FILE* writing into a growing buffer (open_memstream), freed with the object.
class MemoryFile {
 public:
  MemoryFile() : file_(open_memstream(&data_, &size_)) {
    if (!file_) throw RenderError("CSV: cannot open a memory stream");
  }
  ~MemoryFile() {
    if (file_) std::fclose(file_);
    std::free(data_);
  }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;

  std::FILE* get() const { return file_; }
  // Closes the stream and returns everything written.
  std::string Take() {
    bool failed = std::ferror(file_) != 0;
    failed |= std::fclose(file_) != 0;
    file_ = nullptr;
    if (failed) throw RenderError("CSV: writing to memory failed");
    return std::string(data_, size_);
  }

 private:
  char* data_ = nullptr;
  size_t size_ = 0;
  std::FILE* file_;
};

}  // namespace

std::string RenderCsv(const TableDoc& doc) {
  if (doc.columns.empty()) return "";
  MemoryFile out;
  {
    CsvWriter writer(out.get());
    std::vector<std::string_view> headings;
    for (const TableColumn& c : doc.columns) headings.emplace_back(c.heading);
    writer.Row(headings);
    for (const auto& row : doc.rows) writer.RowOf(row);
    if (!doc.totals.empty()) writer.RowOf(doc.totals);
  }
  return out.Take();
}

}  // namespace lmis

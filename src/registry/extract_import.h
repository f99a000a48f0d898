// Importing a register's extract (population, social insurance, enterprises): every row
// checked and made canonical, every problem reported with its line (rejects; warnings for
// what is flagged but kept), valid rows stored in batches or not at all, a row that repeats
// an earlier row's key in the same file rejected. Re-importing a newer extract replaces
// the rows it carries and records each changed column; an older extract cannot overwrite a
// newer one.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/extract.h"
#include "core/refdata.h"
#include "exchange/table_file.h"
#include "registry/import.h"
#include "store/extract_tables.h"
#include "store/store.h"

namespace lmis {

struct ExtractImportOptions {
  bool all_or_nothing = false;  // commit nothing when any row is rejected
  int64_t batch_size = 100000;  // rows per transaction
  std::string actor = "cli";
  std::string file_label;
  // When set, decides whether a row may be stored by whoever imports (the API checks the
  // uploader's jurisdiction over the residence); a violation rejects the row.
  std::function<std::optional<Violation>(const ExtractPut&)> admit;
  // Called now and then with the input bytes and rows done.
  std::function<void(int64_t bytes_read, int64_t rows_done)> progress;
};

struct ExtractImportResult {
  ExtractRunRecord run;
  int64_t violations = 0;  // rows rejected have at least one each
  bool committed = false;
};

// Imports every row of `rows` as `format` into `store`. `warnings` may be null. Throws
// StoreError on database failure (the open batch is rolled back; earlier batches stay
// committed unless all_or_nothing).
ExtractImportResult ImportExtract(const ExtractFormat& format, TableRowSource& rows,
                                  const RefData& ref, Store& store, const Clock& clock,
                                  RejectSink& rejects, RejectSink* warnings,
                                  const ExtractImportOptions& options);

// Prepares a checked row for storage: key, person id, residence and partition, name key, hash.
ExtractPut MakeExtractPut(const ExtractFormat& format, ExtractCells cells, const RefData& ref,
                          const Date& today);

// The column names of `format`, and those a CSV header must name.
std::vector<std::string> ColumnNames(const ExtractFormat& format);
std::vector<std::string> RequiredColumnNames(const ExtractFormat& format);

}  // namespace lmis

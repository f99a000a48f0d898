// Storage of the registers' extracts (core/extract.h): the last extracted state of each row,
// what every newer extract changed (register_changes), and the log of import runs. Written
// once in portable SQL (store/sql.h), so it runs inside the caller's transaction on either
// backend; bulk writes go through Sql::Append (COPY on PostgreSQL).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/extract.h"
#include "store/sql.h"

namespace lmis {

// One row to store, prepared by the import.
struct ExtractPut {
  std::string key;             // ExtractKey
  int64_t person_id = 0;       // the CCCD as a number (population; insurance when given)
  std::string province_code;   // population: 2025 province of the residence
  std::string residence_unit;  // population: UnitKey of current_unit, else permanent_unit
  std::string name_key;        // FoldVietnamese of the name (population, enterprises)
  uint64_t content_hash = 0;   // of the cells
  ExtractCells cells;          // canonical, in the format's column order
};

// A row as stored.
struct StoredExtractRow {
  std::string key;
  int64_t person_id = 0;
  std::string province_code, residence_unit, name_key;
  int64_t first_run = 0;  // the run that brought it
  int64_t run_id = 0;     // the run that last changed it
  std::string updated_at;
  ExtractCells cells;
};

enum class ExtractOutcome : uint8_t {
  kAdded,      // a row not stored before
  kChanged,    // a stored row with other content: replaced, each changed column recorded
  kUnchanged,  // the same content
  kStale,      // a population row from an extract older than the stored one: ignored
};

// One changed column of one row, from one run.
struct ExtractChange {
  int64_t id = 0;
  std::string key;
  int64_t run_id = 0;
  std::string at;
  std::string field;  // exchange column
  std::string old_value, new_value;
};

// One import run of an extract.
struct ExtractRunRecord {
  int64_t id = 0;
  std::string kind;  // slug
  std::string file, actor, started_at, finished_at, newest_extract_date;
  int64_t rows_read = 0, added = 0, changed = 0, unchanged = 0, stale = 0, rejected = 0,
          warnings = 0;
  std::string status = "running";  // running | committed | rolled_back | failed
};

class ExtractTables {
 public:
  explicit ExtractTables(Sql& sql) : sql_(sql) {}
  ExtractTables(const ExtractTables&) = delete;
  ExtractTables& operator=(const ExtractTables&) = delete;

  // The run log. StartRun returns the new run's id.
  int64_t StartRun(const ExtractRunRecord& run);
  void FinishRun(const ExtractRunRecord& run);
  std::optional<ExtractRunRecord> FindRun(int64_t id);

  // Stores `puts` (keys distinct) as run `run_id` at time `at`: outcome i for put i. A
  // changed row keeps its first_run; each changed column becomes a register_changes row.
  // Runs in the caller's transaction. Throws StoreError.
  void Put(const ExtractFormat& format, int64_t run_id, const std::string& at,
           std::span<const ExtractPut> puts, std::span<ExtractOutcome> outcomes);

  // The stored row with `key`, or nullopt.
  std::optional<StoredExtractRow> Find(const ExtractFormat& format, const std::string& key);
  // Rows of the person (population: at most one; insurance: every period), in key order.
  std::vector<StoredExtractRow> FindByPerson(const ExtractFormat& format, int64_t person_id);
  // Changes of the row with `key`, oldest first.
  std::vector<ExtractChange> Changes(const ExtractFormat& format, const std::string& key);
  // Every stored row, or (population) those residing in `residence_units` (UnitKeys), in no
  // particular order; streamed. Throws StoreError.
  void Scan(const ExtractFormat& format,
            const std::optional<std::vector<std::string>>& residence_units,
            const std::function<void(const StoredExtractRow&)>& fn);
  int64_t Count(const ExtractFormat& format);

 private:
  Sql& sql_;
};

// The content hash of a row's cells.
uint64_t ExtractHash(const ExtractCells& cells);

}  // namespace lmis

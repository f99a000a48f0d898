#include "registry/extract_import.h"

#include <xxhash.h>

#include <algorithm>
#include <vector>

#include "core/text.h"
#include "core/worker.h"
#include "exchange/csv.h"

namespace lmis {
namespace {

// Rows handed to storage at once: large enough for bulk writes (COPY), small enough for a
// lively progress report.
constexpr size_t kChunkRows = 8192;

// The keys seen so far in one file, to reject a row repeating an earlier one. Open
// addressing over 64-bit values: a population key is its person id (exact); other keys are
// hashed.
class KeySet {
 public:
  // True when `v` was not in the set (and now is).
  bool Insert(uint64_t v) {
    v = v + 1;  // 0 marks an empty slot
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    size_t mask = slots_.size() - 1;
    for (size_t i = Mix(v) & mask;; i = (i + 1) & mask) {
      if (slots_[i] == v) return false;
      if (slots_[i] == 0) {
        slots_[i] = v;
        ++size_;
        return true;
      }
    }
  }

 private:
  static uint64_t Mix(uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return x;
  }
  void Grow() {
    std::vector<uint64_t> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, 0);
    size_ = 0;
    for (uint64_t v : old)
      if (v) Insert(v - 1);
  }
  std::vector<uint64_t> slots_;
  size_t size_ = 0;
};

uint64_t KeyValue(const ExtractFormat& f, const ExtractPut& p) {
  if (f.kind == ExtractKind::kPopulation) return static_cast<uint64_t>(p.person_id);
  return XXH3_64bits(p.key.data(), p.key.size());
}

std::string_view Cell(const ExtractFormat& f, const ExtractCells& cells, std::string_view name) {
  int i = f.Index(name);
  return i < 0 ? std::string_view() : std::string_view(cells[i]);
}

// Reads a row; a CSV file broken beyond repair becomes a rejected row ending the input.
bool NextRow(TableRowSource& rows, std::vector<std::string_view>* cells, int64_t* line,
             Violations* problems, bool* broken) {
  try {
    return rows.Next(cells, line, problems);
  } catch (const CsvError& e) {
    *line = e.line();
    problems->push_back(
        {"", ViolationCode::kFormat,
         "lỗi cấu trúc CSV (dấu ngoặc kép không được đóng), phần còn lại của tệp bị bỏ qua",
         std::string("broken CSV, the rest of the file is skipped: ") + e.what()});
    *broken = true;
    return true;
  }
}

}  // namespace

std::vector<std::string> ColumnNames(const ExtractFormat& f) {
  std::vector<std::string> out;
  for (const ExtractColumn& c : f.columns) out.emplace_back(c.name);
  return out;
}

std::vector<std::string> RequiredColumnNames(const ExtractFormat& f) {
  std::vector<std::string> out;
  for (const ExtractColumn& c : f.columns)
    if (c.required) out.emplace_back(c.name);
  return out;
}

ExtractPut MakeExtractPut(const ExtractFormat& f, ExtractCells cells, const RefData& ref,
                          const Date& today) {
  ExtractPut p;
  p.key = ExtractKey(f, cells);
  if (std::string_view cccd = Cell(f, cells, "cccd"); !cccd.empty())
    p.person_id = CccdPersonId(cccd).value_or(0);
  if (f.kind == ExtractKind::kPopulation) {
    std::string_view current = Cell(f, cells, "current_unit");
    std::string_view residence = current.empty() ? Cell(f, cells, "permanent_unit") : current;
    UnitEdition edition = EditionAt(ExtractRowDate(f, cells, today));
    p.residence_unit = UnitKey(edition, residence);
    p.province_code = ref.units.ProvinceNow(edition, residence);
    p.name_key = FoldVietnamese(Cell(f, cells, "full_name"));
  } else if (f.kind == ExtractKind::kEnterprises) {
    p.name_key = FoldVietnamese(Cell(f, cells, "name"));
  }
  p.content_hash = ExtractHash(cells);
  p.cells = std::move(cells);
  return p;
}

ExtractImportResult ImportExtract(const ExtractFormat& f, TableRowSource& rows, const RefData& ref,
                                  Store& store, const Clock& clock, RejectSink& rejects,
                                  RejectSink* warnings, const ExtractImportOptions& options) {
  ExtractImportResult result;
  ExtractRunRecord& run = result.run;
  run.kind = std::string(f.slug);
  run.file = options.file_label;
  run.actor = options.actor;
  run.started_at = clock.Now();
  const Date today = clock.Today();
  ExtractTables tables(store.sql());
  run.id = tables.StartRun(run);

  KeySet seen;
  std::vector<ExtractPut> chunk;
  std::vector<ExtractOutcome> outcomes;
  int64_t rows_in_transaction = 0;
  auto store_chunk = [&] {
    if (chunk.empty()) return;
    outcomes.assign(chunk.size(), ExtractOutcome::kUnchanged);
    tables.Put(f, run.id, run.started_at, chunk, outcomes);
    for (ExtractOutcome o : outcomes) {
      switch (o) {
        case ExtractOutcome::kAdded:
          ++run.added;
          break;
        case ExtractOutcome::kChanged:
          ++run.changed;
          break;
        case ExtractOutcome::kUnchanged:
          ++run.unchanged;
          break;
        case ExtractOutcome::kStale:
          ++run.stale;
          break;
      }
    }
    chunk.clear();
  };

  std::vector<std::string_view> views;
  Violations problems;
  int64_t line = 0;
  bool broken = false;
  try {
    store.Begin();
    while (!broken && NextRow(rows, &views, &line, &problems, &broken)) {
      ++run.rows_read;
      ++rows_in_transaction;
      ExtractCells cells(views.begin(), views.end());
      bool whole_row = std::any_of(problems.begin(), problems.end(),
                                   [](const Violation& v) { return v.field.empty(); });
      RowCheck check;
      if (!whole_row) check = CheckExtractRow(f, ref, today, &cells);
      check.errors.insert(check.errors.begin(), problems.begin(), problems.end());
      problems.clear();
      std::optional<ExtractPut> put;
      if (check.errors.empty()) {
        put = MakeExtractPut(f, std::move(cells), ref, today);
        if (options.admit)
          if (auto refused = options.admit(*put)) check.errors.push_back(std::move(*refused));
        if (check.errors.empty() && !seen.Insert(KeyValue(f, *put)))
          check.errors.push_back({std::string(f.columns[0].name), ViolationCode::kFormat,
                                  "khóa " + QuoteValue(put->key) + " đã có ở một dòng trước",
                                  "the key " + QuoteValue(put->key) + " repeats an earlier row"});
      }
      if (warnings)
        for (const Violation& w : check.warnings) warnings->Reject(line, w);
      run.warnings += static_cast<int64_t>(check.warnings.size());
      if (!check.errors.empty()) {
        ++run.rejected;
        result.violations += static_cast<int64_t>(check.errors.size());
        for (const Violation& v : check.errors) rejects.Reject(line, v);
      } else {
        if (std::string_view d = Cell(f, put->cells, "extract_date");
            !d.empty() && d > run.newest_extract_date)
          run.newest_extract_date = std::string(d);
        bool doomed = options.all_or_nothing && run.rejected > 0;
        if (!doomed) chunk.push_back(std::move(*put));
      }
      if (chunk.size() >= kChunkRows) store_chunk();
      if (!options.all_or_nothing && rows_in_transaction >= options.batch_size) {
        store_chunk();
        store.Commit();
        store.Begin();
        rows_in_transaction = 0;
      }
      if (options.progress && run.rows_read % 4096 == 0)
        options.progress(rows.bytes_read(), run.rows_read);
    }
    result.committed = !(options.all_or_nothing && run.rejected > 0);
    if (result.committed) {
      store_chunk();
      store.Commit();
    } else {
      store.Rollback();
      run.added = run.changed = run.unchanged = run.stale = 0;
    }
  } catch (...) {
    try {
      store.Rollback();
      run.status = "failed";
      run.finished_at = clock.Now();
      tables.FinishRun(run);
    } catch (...) {
    }
    throw;
  }
  if (options.progress) options.progress(rows.bytes_read(), run.rows_read);
  run.status = result.committed ? "committed" : "rolled_back";
  run.finished_at = clock.Now();
  tables.FinishRun(run);
  return result;
}

}  // namespace lmis

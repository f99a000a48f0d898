#include "registry/import.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

#include "core/text.h"
#include "core/validate.h"
#include "core/worker_codec.h"
#include "exchange/csv.h"
#include "report/cube.h"

namespace lmis {

WorkerPut MakeWorkerPut(const WorkerRecord& record, const CellViews& cells, const RefData& ref,
                        const Date& today, const VersionMeta& meta) {
  WorkerPut put;
  put.meta = meta;
  put.person_id = PersonIdOf(record).value_or(0);
  if (!record.cccd.empty()) put.legacy_person_id = CmndPersonId(record.cmnd).value_or(0);
  Date date = RecordDate(record, today);
  UnitEdition edition = EditionAt(date);
  put.residence_unit = UnitKey(edition, record.residence_unit());
  put.province_code = ref.units.ProvinceNow(edition, record.residence_unit());
  put.lf_status = record.lf_status ? std::string(Slug(*record.lf_status)) : "";
  put.content_hash = ContentHash(cells);
  put.cells = cells;
  put.name_key = FoldVietnamese(cells[static_cast<size_t>(WorkerField::kFullName)]);
  put.meta.valid_from = date;
  if (record.source) put.meta.source = *record.source;
  put.report_key = ReportKeyOf(record, date, ref);
  return put;
}

namespace {

// A valid row ready to store: canonical cells packed in one string, and what Put needs.
struct ReadyRow {
  std::string text;
  std::array<uint32_t, kWorkerFieldCount + 1> offsets{};
  WorkerPut put;  // cells point into `text` once Pack has run

  void Pack(const WorkerCells& cells) {
    text.clear();
    for (size_t i = 0; i < kWorkerFieldCount; ++i) {
      offsets[i] = static_cast<uint32_t>(text.size());
      text.append(cells[i]);
    }
    offsets[kWorkerFieldCount] = static_cast<uint32_t>(text.size());
  }
  // Points put.cells at `text`; called once the row no longer moves.
  void Bind() {
    for (size_t i = 0; i < kWorkerFieldCount; ++i)
      put.cells[i] = std::string_view(text).substr(offsets[i], offsets[i + 1] - offsets[i]);
  }
};

struct RejectedRow {
  int64_t line;
  Violations violations;
};

// Rows handed from the reader to the store at once: large enough for bulk writes, small
// enough for a lively progress bar and for the store to start soon after the reader.
constexpr int64_t kChunkRows = 8192;

// Up to kChunkRows input rows, checked by the reader thread, written by the store thread; a
// transaction (ImportOptions::batch_size rows) spans whole chunks. Chunks are recycled: their
// rows keep their buffers, so a long import allocates little.
struct Batch {
  std::vector<ReadyRow> ready;  // the first ready_count are in use
  size_t ready_count = 0;
  std::vector<RejectedRow> rejected;
  int64_t rows = 0;
  int64_t bytes_read = 0;
  bool ends_transaction = false;  // the last chunk of a batch_size batch, or of the input

  ReadyRow& AddReady() {
    if (ready_count == ready.size()) ready.emplace_back();
    return ready[ready_count++];
  }
  void Reset() {
    ready_count = 0;
    rejected.clear();
    rows = 0;
    bytes_read = 0;
    ends_transaction = false;
  }
};

// A bounded hand-over of batches between the two threads. Either side may stop it.
class BatchQueue {
 public:
  explicit BatchQueue(size_t capacity) : capacity_(capacity) {}
  // Hands a written batch back for reuse.
  void Recycle(Batch batch) {
    std::lock_guard lock(mu_);
    batch.Reset();
    spare_.push_back(std::move(batch));
  }
  // A recycled batch, or a new one.
  Batch Fresh() {
    std::lock_guard lock(mu_);
    if (spare_.empty()) return Batch();
    Batch b = std::move(spare_.back());
    spare_.pop_back();
    return b;
  }
  // False when the queue was stopped.
  bool Push(Batch batch) {
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return stopped_ || batches_.size() < capacity_; });
    if (stopped_) return false;
    batches_.push_back(std::move(batch));
    changed_.notify_all();
    return true;
  }
  // False when the input is exhausted (or stopped) and nothing is left.
  bool Pop(Batch* batch) {
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return stopped_ || finished_ || !batches_.empty(); });
    if (batches_.empty() || stopped_) return false;
    *batch = std::move(batches_.front());
    batches_.pop_front();
    changed_.notify_all();
    return true;
  }
  void Finish() {
    std::lock_guard lock(mu_);
    finished_ = true;
    changed_.notify_all();
  }
  void Stop() {
    std::lock_guard lock(mu_);
    stopped_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<Batch> batches_;
  std::vector<Batch> spare_;
  size_t capacity_;
  bool finished_ = false;
  bool stopped_ = false;
};

// Reads the next row; a file broken beyond repair (an unterminated quote) is reported as a
// rejected row at its line and ends the input like the end of the file.
bool NextRow(WorkerRowSource& rows, CellViews* cells, int64_t* line, Violations* problems,
             Batch* batch) {
  try {
    return rows.Next(cells, line, problems);
  } catch (const CsvError& e) {
    ++batch->rows;
    batch->rejected.push_back(
        {e.line(),
         {{"", ViolationCode::kFormat,
           "lỗi cấu trúc CSV (dấu ngoặc kép không được đóng), phần còn lại của tệp bị bỏ qua",
           std::string("broken CSV, the rest of the file is skipped: ") + e.what()}}});
    return false;
  }
}

// Reads, decodes and validates rows into batches (the reader thread). Valid rows get
// `meta` (who, when, which import) as their provenance.
void CheckRows(WorkerRowSource& rows, const RefData& ref, const Date& today,
               const ImportOptions& options, const VersionMeta& meta, BatchQueue& queue) {
  CellViews cells;
  WorkerRecord record;
  WorkerCells canonical;
  Violations violations;
  int64_t line = 0;
  int64_t rows_in_transaction = 0;
  Batch batch = queue.Fresh();
  for (;;) {
    bool more = NextRow(rows, &cells, &line, &violations, &batch);
    if (more) {
      ++batch.rows;
      ++rows_in_transaction;
      // A row that is broken as a whole (not JSON, wrong field count) is not read further:
      // its fields would only yield misleading violations.
      bool broken = std::any_of(violations.begin(), violations.end(),
                                [](const Violation& v) { return v.field.empty(); });
      if (!broken) {
        FieldMask undecodable = DecodeWorker(cells, ref, &record, &violations);
        ValidateWorker(record, undecodable, ref, today, &violations);
        if (violations.empty() && options.admit) {
          std::string residence =
              UnitKey(EditionAt(RecordDate(record, today)), record.residence_unit());
          if (auto refused = options.admit(PersonIdOf(record).value_or(0), residence))
            violations.push_back(std::move(*refused));
        }
      }
      if (!violations.empty()) {
        batch.rejected.push_back({line, std::move(violations)});
        violations.clear();
      } else {
        ReadyRow& row = batch.AddReady();
        EncodeWorker(record, &canonical);
        row.Pack(canonical);
        row.put = MakeWorkerPut(record, ViewsOf(canonical), ref, today, meta);
      }
    }
    batch.ends_transaction = !more || rows_in_transaction >= options.batch_size;
    if (batch.ends_transaction || batch.rows >= kChunkRows) {
      if (batch.ends_transaction) rows_in_transaction = 0;
      batch.bytes_read = rows.bytes_read();
      if (!queue.Push(std::move(batch))) return;
      batch = queue.Fresh();
      if (!more) break;
    }
  }
  queue.Finish();
}

// Stores the ready rows of a chunk and counts the outcomes.
void StoreChunk(Batch& batch, Store& store, ImportRecord* rec) {
  std::vector<const WorkerPut*> puts;
  puts.reserve(batch.ready_count);
  for (size_t i = 0; i < batch.ready_count; ++i) {
    batch.ready[i].Bind();
    puts.push_back(&batch.ready[i].put);
  }
  std::vector<PutOutcome> outcomes(puts.size());
  store.PutBatch(puts, outcomes);
  for (PutOutcome o : outcomes) {
    switch (o) {
      case PutOutcome::kCreated:
        ++rec->created;
        break;
      case PutOutcome::kNewVersion:
        ++rec->new_versions;
        break;
      case PutOutcome::kUnchanged:
        ++rec->unchanged;
        break;
    }
  }
}

}  // namespace

ImportResult ImportWorkers(WorkerRowSource& rows, const RefData& ref, Store& store,
                           const Clock& clock, RejectSink& rejects, const ImportOptions& options) {
  ImportResult result;
  ImportRecord& rec = result.record;
  rec.file = options.file_label;
  rec.actor = options.actor;
  rec.started_at = clock.Now();
  const Date today = clock.Today();
  int64_t import_id = store.StartImport(rec);

  VersionMeta meta;
  meta.source = options.default_source;
  meta.actor = options.actor;
  meta.recorded_at = rec.started_at;
  meta.import_id = import_id;

  // Two threads: one checks rows, this one stores them, so validation costs no wall time.
  BatchQueue queue(8);
  std::exception_ptr reader_error;
  std::thread reader([&] {
    try {
      CheckRows(rows, ref, today, options, meta, queue);
    } catch (...) {
      reader_error = std::current_exception();
      queue.Stop();
    }
  });
  auto stop_reader = [&] {
    queue.Stop();
    reader.join();
  };

  try {
    store.Begin();
    Batch batch;
    while (queue.Pop(&batch)) {
      rec.rows += batch.rows;
      for (RejectedRow& r : batch.rejected) {
        ++rec.rejected_rows;
        result.violations += static_cast<int64_t>(r.violations.size());
        for (const Violation& v : r.violations) rejects.Reject(r.line, v);
      }
      bool doomed = options.all_or_nothing && rec.rejected_rows > 0;
      if (!doomed) StoreChunk(batch, store, &rec);
      if (batch.ends_transaction && !options.all_or_nothing) {
        store.Commit();
        store.Begin();
      }
      if (options.progress) options.progress(batch.bytes_read, rec.rows);
      queue.Recycle(std::move(batch));
    }
    stop_reader();
    if (reader_error) std::rethrow_exception(reader_error);
    rec.committed = !(options.all_or_nothing && rec.rejected_rows > 0);
    if (rec.committed)
      store.Commit();
    else
      store.Rollback();
  } catch (...) {
    if (reader.joinable()) stop_reader();
    // Keep the first error: a failed rollback or log update must not hide it.
    try {
      store.Rollback();
      rec.failed = true;
      rec.finished_at = clock.Now();
      store.FinishImport(import_id, rec);
    } catch (...) {
    }
    throw;
  }
  if (!rec.committed) rec.created = rec.new_versions = rec.unchanged = 0;
  rec.finished_at = clock.Now();
  store.FinishImport(import_id, rec);
  return result;
}

}  // namespace lmis

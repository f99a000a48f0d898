#include "registry/import.h"

#include "core/validate.h"
#include "core/worker_codec.h"

#include "exchange/csv.h"

namespace lmis {
namespace {

// Reads the next row; a file broken beyond repair (an unterminated quote) is reported as a
// rejected row at its line and ends the import like the end of the file.
bool NextRow(WorkerRowSource& rows, CellViews* cells, int64_t* line, Violations* problems,
             RejectSink& rejects, ImportRecord* rec) {
  try {
    return rows.Next(cells, line, problems);
  } catch (const CsvError& e) {
    ++rec->rows;
    ++rec->rejected_rows;
    rejects.Reject(e.line(), {"", ViolationCode::kFormat,
                              std::string("lỗi cấu trúc CSV, phần còn lại của tệp bị bỏ qua: ") + e.what(),
                              std::string("broken CSV, the rest of the file is skipped: ") + e.what()});
    return false;
  }
}

}  // namespace

WorkerPut MakeWorkerPut(const WorkerRecord& record, const WorkerCells& cells, const RefData& ref,
                        const Date& today) {
  WorkerPut put;
  put.person_id = PersonIdOf(record).value_or(0);
  Date date = RecordDate(record, today);
  put.residence_unit = record.residence_unit();
  put.province_code = ref.units.ProvinceNow(EditionAt(date), put.residence_unit);
  put.lf_status = record.lf_status ? std::string(Slug(*record.lf_status)) : "";
  put.content_hash = ContentHash(cells);
  put.cells = &cells;
  put.meta.valid_from = date;
  if (record.source) put.meta.source = *record.source;
  return put;
}

ImportResult ImportWorkers(WorkerRowSource& rows, const RefData& ref, Store& store,
                           const Clock& clock, RejectSink& rejects, const ImportOptions& options) {
  ImportResult result;
  ImportRecord& rec = result.record;
  rec.file = options.file_label;
  rec.actor = options.actor;
  rec.started_at = clock.Now();
  const Date today = clock.Today();
  int64_t import_id = store.StartImport(rec);

  CellViews cells;
  WorkerRecord record;
  WorkerCells canonical;
  Violations violations;
  int64_t line = 0;
  int64_t in_batch = 0;
  store.Begin();
  try {
    while (NextRow(rows, &cells, &line, &violations, rejects, &rec)) {
      ++rec.rows;
      FieldMask undecodable = DecodeWorker(cells, ref, &record, &violations);
      ValidateWorker(record, undecodable, ref, today, &violations);
      if (!violations.empty()) {
        ++rec.rejected_rows;
        result.violations += static_cast<int64_t>(violations.size());
        for (const Violation& v : violations) rejects.Reject(line, v);
        violations.clear();
      } else {
        canonical = EncodeWorker(record);
        WorkerPut put = MakeWorkerPut(record, canonical, ref, today);
        if (!record.source) put.meta.source = options.default_source;
        put.meta.actor = options.actor;
        put.meta.recorded_at = rec.started_at;
        put.meta.import_id = import_id;
        switch (store.Put(put)) {
          case PutOutcome::kCreated: ++rec.created; break;
          case PutOutcome::kNewVersion: ++rec.new_versions; break;
          case PutOutcome::kUnchanged: ++rec.unchanged; break;
        }
      }
      if (++in_batch == options.batch_size && !options.all_or_nothing) {
        store.Commit();
        store.Begin();
        in_batch = 0;
      }
      if (options.progress && (rec.rows & 4095) == 0) options.progress(rows.bytes_read());
    }
    rec.committed = !(options.all_or_nothing && rec.rejected_rows > 0);
    if (rec.committed)
      store.Commit();
    else
      store.Rollback();
  } catch (...) {
    store.Rollback();
    throw;
  }
  if (options.progress) options.progress(rows.bytes_read());
  if (!rec.committed) rec.created = rec.new_versions = rec.unchanged = 0;
  rec.finished_at = clock.Now();
  store.FinishImport(import_id, rec);
  return result;
}

}  // namespace lmis

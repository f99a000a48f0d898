// Importing worker files: every row decoded and validated, every violation reported with its
// line, valid rows committed in batches (or nothing at all on request). Importing the same file
// twice adds no versions.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/refdata.h"
#include "core/violation.h"
#include "exchange/worker_file.h"
#include "store/store.h"

namespace lmis {

// Receives every violation of a rejected row.
class RejectSink {
 public:
  virtual ~RejectSink() = default;
  virtual void Reject(int64_t line, const Violation& violation) = 0;
};

struct ImportOptions {
  // Commit nothing when any row is rejected.
  bool all_or_nothing = false;
  // Rows per transaction. A crash keeps whole batches only.
  int64_t batch_size = 100000;
  // Source of versions whose row has no `source`.
  ChangeSource default_source = ChangeSource::kCollection;
  std::string actor = "cli";
  std::string file_label;
  // When set, decides whether the row of this person residing in this commune (UnitKey) may be
  // stored by whoever imports; a violation rejects the row (a server import checks the
  // uploader's jurisdiction here).
  std::function<std::optional<Violation>(int64_t person_id, const std::string& residence_unit)>
      admit;
  // Called now and then with the input bytes and rows stored so far.
  std::function<void(int64_t bytes_read, int64_t rows_done)> progress;
};

struct ImportResult {
  ImportRecord record;
  int64_t violations = 0;
};

// Imports every row of `rows` into `store`. Throws StoreError on database failure (the open
// batch is rolled back; earlier batches stay committed unless all_or_nothing).
ImportResult ImportWorkers(WorkerRowSource& rows, const RefData& ref, Store& store,
                           const Clock& clock, RejectSink& rejects, const ImportOptions& options);

// Encodes a valid record for storage: person id (and the CMND id it may be linked from),
// partition, residence, hash, and `meta` with the record's own date and source. The texts of
// `cells` must outlive the returned put.
WorkerPut MakeWorkerPut(const WorkerRecord& record, const CellViews& cells, const RefData& ref,
                        const Date& today, const VersionMeta& meta);

}  // namespace lmis

// Reading a worker record from the cell texts of the exchange format, and writing it back.
// Decoding checks shapes that stop a value from being typed (unknown codes, malformed dates,
// booleans); the rules between fields live in validate.h.
#pragma once

#include <array>
#include <bitset>
#include <string_view>

#include "core/refdata.h"
#include "core/violation.h"
#include "core/worker.h"

namespace lmis {

using FieldMask = std::bitset<kWorkerFieldCount>;

// Decodes `cells` into `record`, every field of which is overwritten. Returns the fields whose text
// could not be typed; each has a violation in `out`. Labels are accepted for codes (any case, with
// or without diacritics), names are stored NFC with spaces collapsed, and the ethnic group may be
// given by name.
FieldMask DecodeWorker(const CellViews& cells, const RefData& ref, WorkerRecord* record,
                       Violations* out);

// The exchange-format texts of `record`: slugs for codes, canonical dates, "true"/"false".
WorkerCells EncodeWorker(const WorkerRecord& record);
// The same into `cells`, reusing its buffers (for loops over millions of rows).
void EncodeWorker(const WorkerRecord& record, WorkerCells* cells);

// Views of `cells` (valid while `cells` lives).
CellViews ViewsOf(const WorkerCells& cells);

}  // namespace lmis

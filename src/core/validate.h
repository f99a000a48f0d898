// The rules of a Mẫu 03 record: required and conditional parts by labour-force status, the
// structure of CCCD/CMND/BHXH numbers, dates and age, and code lists and units that must exist
// at the record's date.
#pragma once

#include "core/date.h"
#include "core/refdata.h"
#include "core/violation.h"
#include "core/worker.h"
#include "core/worker_codec.h"

namespace lmis {

// Minimum age of the people recorded on Mẫu 03 (TT 11/2022 Điều 11).
inline constexpr int kMinimumAge = 15;

// The date a record speaks for: its collection date (latest day when partial), else `today`.
Date RecordDate(const WorkerRecord& record, const Date& today);

// Appends every broken rule of `record` to `out`. Fields in `undecodable` already have a
// violation from decoding and are not reported again. `today` bounds dates from above.
void ValidateWorker(const WorkerRecord& record, const FieldMask& undecodable, const RefData& ref,
                    const Date& today, Violations* out);

}  // namespace lmis

// How one put lands on a person's stored versions. Both backends decide with this one function,
// so that "unchanged", "new version" and "which version is current" mean the same everywhere.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/store.h"

namespace lmis {

// What a backend knows of one stored version when placing a put.
struct StoredVersion {
  int seq = 0;
  bool is_current = false;
  uint64_t content_hash = 0;
  std::string valid_from;  // YYYY-MM-DD
  int64_t ref = 0;         // the backend's handle on the version (row id, pending row, …)
  std::string report_key;  // what it counts in (store/report_facts.h); "" = nowhere
};

// The decision for one put.
struct PutPlan {
  PutOutcome outcome = PutOutcome::kUnchanged;
  int seq = 0;  // seq of the new version (not for kUnchanged)
  bool becomes_current = false;
  int retired = -1;  // index in `versions` of the version that stops being current
};

// Places a put with `content_hash` speaking for `valid_from` on a person's `versions` (any
// order). Unchanged when the current version has the same content, or a version with the same
// content and day exists; otherwise a new version, current when its day is not before the
// current one's (ties go to the later recorded).
PutPlan PlanPut(const std::vector<StoredVersion>& versions, uint64_t content_hash,
                const std::string& valid_from);

}  // namespace lmis

// Deciding a linkage proposal. Accepting one says the worker record is the register
// person's: the record's versions move under that person's CCCD (history kept, nothing
// deleted) and a register_sync version records the corrected CCCD. Rejecting one keeps the
// pair from being proposed again. Both in one transaction with the caller's audit entry.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/refdata.h"
#include "core/violation.h"
#include "store/linkage_tables.h"
#include "store/store.h"

namespace lmis {

enum class LinkDecisionOutcome {
  kDone,
  kNotFound,        // no such proposal
  kAlreadyDecided,  // accepted, rejected or superseded before
  kConflict,        // the register person has a worker record by now, or the record is gone
  kInvalid,         // the corrected record breaks a rule (see violations)
};

struct LinkDecisionResult {
  LinkDecisionOutcome outcome = LinkDecisionOutcome::kDone;
  LinkageProposalRecord proposal;
  std::optional<WorkerVersion> corrected;  // accept: the new current version
  Violations violations;
};

// Decides proposal `id` (accept or reject) as `actor`. `audit` (may be empty) is appended in
// the same transaction when the decision is stored. Throws StoreError.
LinkDecisionResult DecideLink(Store& store, const RefData& ref, const Clock& clock, int64_t id,
                              bool accept, const std::string& actor, const std::string& note,
                              std::vector<AuditEvent> audit);

}  // namespace lmis

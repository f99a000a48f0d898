// The worker registry as signed-in users meet it: read, history, create, update, close and
// search person records. Every call is authorised by role × jurisdiction (auth/access.h) and
// audited: reads and denials through the group-committing AuditWriter before the answer
// leaves, changes in the same transaction as the change. Knows nothing of HTTP.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/access.h"
#include "auth/audit_writer.h"
#include "core/clock.h"
#include "core/refdata.h"
#include "core/violation.h"
#include "store/store.h"

namespace lmis {

// Who asks and from where: what every call is checked and audited against.
struct Caller {
  const Principal& who;
  std::string address;
};

enum class ServiceOutcome {
  kOk,         // read, or a new version stored
  kCreated,    // a new person stored
  kUnchanged,  // the record already says exactly this
  kNotFound,   // no such person (or none the caller could know of)
  kDenied,     // role or jurisdiction forbids it; the denial is audited
  kInvalid,    // the input breaks rules; see violations
  kConflict,   // create of a person who exists, or a change of a closed record
};

struct WorkerReply {
  ServiceOutcome outcome = ServiceOutcome::kOk;
  Decision decision = Decision::kAllow;  // why, when kDenied
  std::vector<WorkerVersion> versions;   // Get and writes: the current one; History: all
  Violations violations;                 // when kInvalid
};

// A search as asked for: every field optional. Ages are completed years at `as_of` (today
// when absent); partial birth dates count from the first day of their period.
struct SearchRequest {
  std::string unit;  // a unit code of the 2025 tree (or pre-2025 with tree = "pre2025")
  std::string tree = "2025";
  std::string lf_status, sex, name;
  std::optional<int> age_min, age_max;
  bool include_closed = false;
  int64_t after_person_id = 0;
  int limit = 50;
};

struct SearchReply {
  ServiceOutcome outcome = ServiceOutcome::kOk;
  Decision decision = Decision::kAllow;
  std::vector<WorkerVersion> items;
  int64_t next_after = 0;  // 0 when this was the last page
  Violations violations;
};

// Who has looked at a record: allowed reads (read, history, list) by others, newest first.
struct ReadersReply {
  ServiceOutcome outcome = ServiceOutcome::kOk;
  Decision decision = Decision::kAllow;
  Violations violations;
  std::vector<AuditEvent> reads;  // at most kMaxReaders
};

// How many reads a readers list holds at most.
inline constexpr int kMaxReaders = 200;

class WorkerService {
 public:
  // `store` is this call's connection; the others are shared and outlive the service.
  WorkerService(Store& store, const RefData& ref, const Clock& clock, AuditWriter& audit)
      : store_(store), ref_(ref), clock_(clock), audit_(audit) {}

  // The current version of the person whose CCCD (or CMND) is `id`.
  WorkerReply Get(const Caller& caller, std::string_view id);
  // Every version of the person, in recording order.
  WorkerReply History(const Caller& caller, std::string_view id);
  // Stores a new person from exchange-format cells; kConflict when the person exists.
  WorkerReply Create(const Caller& caller, const WorkerCells& cells);
  // Stores a new version of person `id` (the cells' cccd must be `id` or empty); the source
  // defaults to an administrative procedure. Needs write access where the person lives now
  // and where the new version says they live.
  WorkerReply Update(const Caller& caller, std::string_view id, WorkerCells cells);
  // Closes the record of a deceased or emigrated person with a closing version dated `date`
  // (today when empty). Nothing is deleted.
  WorkerReply Close(const Caller& caller, std::string_view id, std::string_view reason,
                    std::string_view date, std::string_view source);
  // Current records inside the caller's jurisdiction matching `request`, one page.
  SearchReply Search(const Caller& caller, const SearchRequest& request);
  // Who read the record of person `id` ("ai đã xem hồ sơ này"): for anyone who may read it
  // (the decision of Get), audited as "readers". Every official's reads are listed, the
  // caller's own included.
  ReadersReply Readers(const Caller& caller, std::string_view id);
  // Who read the caller's own record: for a worker (kDenied with kDenyRole for a user linked
  // to no person). Their own reads are left out: they know of those.
  ReadersReply OwnReaders(const Caller& caller);

 private:
  // The person `id` names, with the decision for `action` on where they live now; audits
  // denials and misses. nullopt with `reply` filled when the call ends here.
  std::optional<WorkerVersion> Locate(const Caller& caller, std::string_view id, Action action,
                                      std::string_view audit_action, WorkerReply* reply);
  WorkerReply Write(const Caller& caller, const WorkerCells& cells,
                    const std::optional<WorkerVersion>& before, std::string_view action,
                    ChangeSource default_source, std::string_view closed);
  // The newest allowed reads of `person_id` by users other than `except`.
  std::vector<AuditEvent> ReadsOf(int64_t person_id, std::string_view except);
  AuditEvent Event(const Caller& caller, std::string_view action, std::string_view outcome,
                   int64_t person_id, std::string_view province, std::string_view residence) const;

  Store& store_;
  const RefData& ref_;
  const Clock& clock_;
  AuditWriter& audit_;
};

}  // namespace lmis

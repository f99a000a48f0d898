// Reconciliations started over the API: each runs on a thread of its own with connections of
// its own (a province takes minutes), while the officer polls its state and then pages
// through its discrepancies. Results live in memory, the last few per user; the proposals
// it made are stored.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "auth/access.h"
#include "auth/audit_writer.h"
#include "core/clock.h"
#include "core/refdata.h"
#include "reconcile/reconcile_service.h"

namespace lmis {

// A snapshot of one reconciliation job.
struct ReconcileJobStatus {
  int64_t id = 0;
  std::string owner;
  std::string kind;   // population, insurance, enterprises
  std::string unit;   // the unit code asked for, "" = the owner's whole jurisdiction
  std::string tree;   // 2025 or pre2025
  std::string as_of;  // YYYY-MM-DD
  std::string state;  // running, done, failed
  std::string started_at, finished_at;
  std::string error_vi, error_en;
};

class ReconcileJobs {
 public:
  ReconcileJobs(std::string db_spec, const RefData& ref, const Clock& clock, AuditWriter& audit)
      : db_spec_(std::move(db_spec)), ref_(ref), clock_(clock), audit_(audit) {}
  // Waits for running jobs.
  ~ReconcileJobs();
  ReconcileJobs(const ReconcileJobs&) = delete;
  ReconcileJobs& operator=(const ReconcileJobs&) = delete;

  // Starts `request` for `who` (already authorised); `status` names it. Returns the job id.
  int64_t Start(const Principal& who, const std::string& address, ReconcileRequest request,
                ReconcileJobStatus status);
  std::optional<ReconcileJobStatus> Status(int64_t id) const;
  // What the job found, once done; nullptr before (or when it failed).
  std::shared_ptr<const ReconcileOutcome> Outcome(int64_t id) const;

 private:
  struct Job {
    ReconcileJobStatus status;
    std::shared_ptr<const ReconcileOutcome> outcome;
    std::thread thread;
    ~Job();
  };
  void Run(Job* job, Principal who, std::string address, ReconcileRequest request);
  // Forgets the oldest finished jobs of `owner` beyond the last few.
  void Prune(const std::string& owner);

  const std::string db_spec_;
  const RefData& ref_;
  const Clock& clock_;
  AuditWriter& audit_;
  mutable std::mutex mu_;
  std::map<int64_t, std::unique_ptr<Job>> jobs_;
  int64_t next_id_ = 1;
};

}  // namespace lmis

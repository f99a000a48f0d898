#include "reconcile/reconcile_jobs.h"

#include <cstdio>
#include <vector>

namespace lmis {
namespace {
constexpr size_t kKeptPerUser = 5;
}

ReconcileJobs::Job::~Job() {
  if (thread.joinable()) thread.join();
}

ReconcileJobs::~ReconcileJobs() {
  std::map<int64_t, std::unique_ptr<Job>> jobs;
  {
    std::lock_guard lock(mu_);
    jobs.swap(jobs_);
  }
  jobs.clear();  // joins each
}

int64_t ReconcileJobs::Start(const Principal& who, const std::string& address,
                             ReconcileRequest request, ReconcileJobStatus status) {
  auto job = std::make_unique<Job>();
  std::lock_guard lock(mu_);
  Prune(who.username);
  status.id = next_id_++;
  status.owner = who.username;
  status.state = "running";
  status.started_at = clock_.Now();
  job->status = status;
  Job* raw = job.get();
  jobs_[status.id] = std::move(job);
  raw->thread = std::thread(&ReconcileJobs::Run, this, raw, who, address, std::move(request));
  return status.id;
}

void ReconcileJobs::Prune(const std::string& owner) {
  std::vector<int64_t> finished;
  for (const auto& [id, job] : jobs_)
    if (job->status.owner == owner && job->status.state != "running") finished.push_back(id);
  for (size_t i = 0; i + kKeptPerUser < finished.size(); ++i) {
    // Joined already (not running); erase under the lock is quick.
    jobs_.erase(finished[i]);
  }
}

void ReconcileJobs::Run(Job* job, Principal who, std::string address, ReconcileRequest request) {
  ReconcileJobStatus status;
  {
    std::lock_guard lock(mu_);
    status = job->status;
  }
  std::shared_ptr<ReconcileOutcome> outcome;
  try {
    auto store = OpenStore(db_spec_);
    auto second = OpenStore(db_spec_);
    outcome =
        std::make_shared<ReconcileOutcome>(Reconcile(*store, second.get(), ref_, clock_, request));
    status.state = "done";
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lmis: reconciliation job %lld failed: %s\n",
                 static_cast<long long>(status.id), e.what());
    status.state = "failed";
    status.error_vi = "Đối soát thất bại";
    status.error_en = "The reconciliation failed";
  }
  status.finished_at = clock_.Now();
  AuditEvent e;
  e.at = status.finished_at;
  e.username = who.username;
  e.role = std::string(RoleSlug(who.role));
  e.unit = who.unit;
  e.action = "reconcile_" + status.kind;
  e.outcome = status.state == "done" ? "allow" : "fail";
  e.detail = "job " + std::to_string(status.id) + " unit " +
             (status.unit.empty() ? who.unit : status.unit) + " as of " + status.as_of;
  if (outcome)
    e.detail += ": " + std::to_string(outcome->discrepancies.size()) + " discrepancies, " +
                std::to_string(outcome->proposals.size()) + " proposals";
  e.address = address;
  try {
    audit_.Write({e});
  } catch (...) {
    // The job's state still says how it ended.
  }
  std::lock_guard lock(mu_);
  job->status = status;
  job->outcome = outcome;
}

std::optional<ReconcileJobStatus> ReconcileJobs::Status(int64_t id) const {
  std::lock_guard lock(mu_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  return it->second->status;
}

std::shared_ptr<const ReconcileOutcome> ReconcileJobs::Outcome(int64_t id) const {
  std::lock_guard lock(mu_);
  auto it = jobs_.find(id);
  return it == jobs_.end() ? nullptr : it->second->outcome;
}

}  // namespace lmis

#include "reconcile/reconcile_service.h"

#include <chrono>
#include <cmath>
#include <exception>
#include <nlohmann/json.hpp>
#include <thread>

#include "reconcile/other_registers.h"
#include "reconcile/population_reconciler.h"
#include "store/identity_scans.h"

namespace lmis {
namespace {

// Seconds each phase of a run took, for --timings and the benchmark.
class PhaseClock {
 public:
  void Lap(std::string name) {
    auto now = std::chrono::steady_clock::now();
    laps_.emplace_back(std::move(name), std::chrono::duration<double>(now - last_).count());
    last_ = now;
  }
  const std::vector<std::pair<std::string, double>>& laps() const { return laps_; }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
  std::vector<std::pair<std::string, double>> laps_;
};

// Runs `a` here and `b` on another thread at once; rethrows the first failure.
template <typename A, typename B>
void Both(A a, B b) {
  std::exception_ptr failure;
  std::thread other([&] {
    try {
      b();
    } catch (...) {
      failure = std::current_exception();
    }
  });
  try {
    a();
  } catch (...) {
    other.join();
    throw;
  }
  other.join();
  if (failure) std::rethrow_exception(failure);
}

void Tally(ReconcileOutcome* out) {
  for (const Discrepancy& d : out->discrepancies) {
    UnitTally& t = out->by_unit[d.unit];
    switch (d.kind) {
      case DiscrepancyKind::kFieldMismatch:
        ++t.field_mismatch;
        break;
      case DiscrepancyKind::kNotInRegister:
        ++t.not_in_register;
        break;
      case DiscrepancyKind::kNoWorkerRecord:
        ++t.no_worker_record;
        break;
      case DiscrepancyKind::kClosedInRegister:
        ++t.closed_in_register;
        break;
    }
  }
  for (const RunProposal& p : out->proposals) ++out->by_unit[p.residence_unit].proposals;
}

// Links the unmatched records and stores the proposals.
void ProposeLinks(Store& store, const RefData& ref, const Clock& clock,
                  const ReconcileRequest& request, const PopulationResult& result,
                  ReconcileOutcome* out) {
  if (result.unmatched_workers.empty() || result.unmatched_register.empty()) return;
  std::vector<LinkRecord> workers, candidates;
  workers.reserve(result.unmatched_workers.size());
  for (const UnmatchedWorker& w : result.unmatched_workers)
    workers.push_back(MakeLinkRecord(ref.units, w.person_id, w.cccd, w.full_name, w.birth_date,
                                     w.sex, w.residence_unit));
  for (const UnmatchedRegisterPerson& p : result.unmatched_register)
    candidates.push_back(MakeLinkRecord(ref.units, p.person_id, p.cccd, p.full_name, p.birth_date,
                                        p.sex, p.residence_unit));
  Linker linker(request.linkage);
  std::vector<LinkProposal> links = linker.Link(workers, candidates);
  out->linkage_model = linker.model();
  if (links.empty()) return;
  const std::string now = clock.Now();
  std::vector<LinkageProposalRecord> records;
  for (const LinkProposal& l : links) {
    const UnmatchedWorker& w = result.unmatched_workers[l.worker];
    const UnmatchedRegisterPerson& p = result.unmatched_register[l.candidate];
    out->proposals.push_back({0, w.id_text, p.cccd, w.full_name, p.full_name, w.residence_unit,
                              l.score, l.probability, l.reasons});
    LinkageProposalRecord record;
    record.worker_person_id = w.person_id;
    record.register_person_id = p.person_id;
    record.score_centi = static_cast<int64_t>(std::llround(l.score * 100));
    record.reasons = ReasonsJson(l.reasons);
    record.residence_unit = w.residence_unit;
    record.register_unit = p.residence_unit;
    record.proposed_at = now;
    record.proposed_by = request.actor;
    records.push_back(std::move(record));
  }
  if (!request.propose_links) return;
  Transaction tx(store);
  std::vector<int64_t> ids = LinkageTables(store.sql()).ProposeMany(records);
  tx.Commit();
  for (size_t i = 0; i < ids.size(); ++i) out->proposals[i].id = ids[i];
}

ReconcileOutcome ReconcilePopulation(Store& store, Store* second, const RefData& ref,
                                     const Clock& clock, const ReconcileRequest& request) {
  PhaseClock phases;
  PopulationReconciler reconciler(ref, request.as_of);
  auto read_workers = [&] {
    ScanWorkerIdentities(
        store, request.units, request.as_of,
        [&](const WorkerIdentity& w) { reconciler.AddWorker(w); }, ScanColumns::kIdentity);
    reconciler.SortWorkers();
  };
  auto read_register = [&](Store& s) {
    ScanRegisterIdentities(
        s, request.units, [&](const RegisterIdentity& p) { reconciler.AddRegister(p); },
        ScanColumns::kIdentity);
    reconciler.SortRegister();
  };
  if (second) {
    Both(read_workers, [&] { read_register(*second); });
  } else {
    read_workers();
    read_register(store);
  }
  if (request.units) {
    // People on one side only may be on the other outside the units: look them up.
    std::vector<int64_t> worker_only, register_only;
    reconciler.Match(&worker_only, &register_only);
    FindRegisterIdentities(store, worker_only,
                           [&](const RegisterIdentity& p) { reconciler.AddRegister(p); });
    FindWorkerIdentities(store, register_only, request.as_of,
                         [&](const WorkerIdentity& w) { reconciler.AddWorker(w); });
  }
  phases.Lap("read");
  PopulationResult result = reconciler.Compare();
  phases.Lap("compare");
  ReconcileOutcome out;
  out.workers = result.workers;
  out.register_rows = result.register_people;
  out.matched = result.matched;
  ProposeLinks(store, ref, clock, request, result, &out);
  phases.Lap("link");
  out.discrepancies = std::move(result.discrepancies);
  out.phases = phases.laps();
  return out;
}

}  // namespace

std::string ReasonsJson(const std::vector<LinkReason>& reasons) {
  nlohmann::json list = nlohmann::json::array();
  for (const LinkReason& r : reasons)
    list.push_back({{"field", std::string(Slug(r.field))},
                    {"outcome", std::string(OutcomeSlug(r.field, r.outcome))},
                    {"weight", std::round(r.weight * 100) / 100}});
  return list.dump();
}

ReconcileOutcome Reconcile(Store& store, Store* second, const RefData& ref, const Clock& clock,
                           const ReconcileRequest& request) {
  ReconcileOutcome out;
  switch (request.kind) {
    case ExtractKind::kPopulation:
      out = ReconcilePopulation(store, second, ref, clock, request);
      break;
    case ExtractKind::kInsurance:
      out = ReconcileInsurance(store, ref, request);
      break;
    case ExtractKind::kEnterprises:
      out = ReconcileEnterprises(store, ref, request);
      break;
  }
  Tally(&out);
  return out;
}

}  // namespace lmis

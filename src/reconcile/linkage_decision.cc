#include "reconcile/linkage_decision.h"

#include "core/validate.h"
#include "core/worker_codec.h"
#include "registry/import.h"

namespace lmis {
namespace {

// The record of `before` as it reads with the register person's CCCD.
WorkerCells Corrected(const WorkerVersion& before, int64_t register_person_id) {
  WorkerCells cells = before.cells;
  cells[static_cast<size_t>(WorkerField::kCccd)] = PersonIdText(register_person_id);
  cells[static_cast<size_t>(WorkerField::kSource)] = "register_sync";
  cells[static_cast<size_t>(WorkerField::kCollectedOn)].clear();
  return cells;
}

}  // namespace

LinkDecisionResult DecideLink(Store& store, const RefData& ref, const Clock& clock, int64_t id,
                              bool accept, const std::string& actor, const std::string& note,
                              std::vector<AuditEvent> audit) {
  LinkDecisionResult result;
  LinkageTables tables(store.sql());
  Transaction tx(store);
  std::optional<LinkageProposalRecord> p = tables.Find(id);
  if (!p) {
    result.outcome = LinkDecisionOutcome::kNotFound;
    return result;
  }
  result.proposal = *p;
  auto stop = [&](LinkDecisionOutcome o) {
    result.outcome = o;
    return result;
  };
  if (p->state != "proposed") return stop(LinkDecisionOutcome::kAlreadyDecided);
  const std::string now = clock.Now();
  if (accept) {
    std::optional<WorkerVersion> before = store.Current(p->worker_person_id);
    if (!before || !before->closed.empty() || store.Current(p->register_person_id))
      return stop(LinkDecisionOutcome::kConflict);
    WorkerCells cells = Corrected(*before, p->register_person_id);
    CellViews views = ViewsOf(cells);
    WorkerRecord record;
    FieldMask undecodable = DecodeWorker(views, ref, &record, &result.violations);
    ValidateWorker(record, undecodable, ref, clock.Today(), &result.violations);
    if (!result.violations.empty()) return stop(LinkDecisionOutcome::kInvalid);
    const bool legacy = p->worker_person_id >= 1'000'000'000'000;
    // A record known by CMND alone is linked by Put itself (legacy_person_id); a mistyped
    // CCCD moves first.
    if (!legacy && !store.MovePerson(p->worker_person_id, p->register_person_id))
      return stop(LinkDecisionOutcome::kConflict);
    EncodeWorker(record, &cells);
    views = ViewsOf(cells);
    VersionMeta meta;
    meta.source = ChangeSource::kRegisterSync;
    meta.actor = actor;
    meta.recorded_at = now;
    WorkerPut put = MakeWorkerPut(record, views, ref, clock.Today(), meta);
    if (legacy) put.legacy_person_id = p->worker_person_id;
    store.Put(put);
    result.corrected = store.Current(p->register_person_id);
  }
  tables.Decide(id, accept ? "accepted" : "rejected", actor, now, note);
  if (accept) tables.SupersedeOthers(*p);
  if (!audit.empty()) store.AppendAudit(audit);
  tx.Commit();
  result.proposal = *tables.Find(id);
  return result;
}

}  // namespace lmis

// Reconciliation runs as the command line and the API start them: read the worker records
// and a register's extract of a part of the country (both sides at once, on two
// connections), report every discrepancy, and — for the population register — propose, by
// probabilistic linkage, the register person behind each worker record whose CCCD is
// missing or mistyped. Proposals are stored for an officer to accept or reject; accepting
// one corrects the worker record (its CCCD, history kept) as a register_sync version.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/extract.h"
#include "core/refdata.h"
#include "reconcile/discrepancy.h"
#include "reconcile/linkage.h"
#include "store/linkage_tables.h"
#include "store/store.h"

namespace lmis {

struct ReconcileRequest {
  ExtractKind kind = ExtractKind::kPopulation;
  // The communes (UnitKeys of both trees, as ResidenceUnitsFor gives them) to reconcile;
  // nullopt = the whole database.
  std::optional<std::vector<std::string>> units;
  Date as_of;
  bool propose_links = true;  // population: store linkage proposals
  std::string actor;
  LinkageSettings linkage;
};

// Counts of one commune.
struct UnitTally {
  int64_t field_mismatch = 0, not_in_register = 0, no_worker_record = 0, closed_in_register = 0;
  int64_t proposals = 0;
};

// A linkage proposal of this run, with both records' identities for reports.
struct RunProposal {
  int64_t id = 0;             // the stored proposal (0 when the pair was proposed before)
  std::string worker_id;      // the CCCD (or CMND) on the worker record
  std::string register_cccd;  // the register person's CCCD
  std::string worker_name, register_name;
  std::string residence_unit;  // the worker record's
  double score = 0, probability = 0;
  std::vector<LinkReason> reasons;
};

struct ReconcileOutcome {
  std::vector<Discrepancy> discrepancies;  // in ReportOrder
  std::vector<RunProposal> proposals;
  std::map<std::string, UnitTally> by_unit;  // UnitKey → counts
  int64_t workers = 0, register_rows = 0, matched = 0;
  Linker::Model linkage_model;
  std::vector<std::pair<std::string, double>> phases;  // population: seconds per phase
};

// Runs a reconciliation. `store` reads the worker records; `second`, when given, reads the
// register at the same time (another connection to the same database). Proposals are
// stored through `store` in one transaction. Throws StoreError.
ReconcileOutcome Reconcile(Store& store, Store* second, const RefData& ref, const Clock& clock,
                           const ReconcileRequest& request);

// The reasons of a proposal as the JSON stored with it.
std::string ReasonsJson(const std::vector<LinkReason>& reasons);

}  // namespace lmis

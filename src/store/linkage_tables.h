// Storage of linkage proposals (reconcile/linkage.h): a worker record with a missing or
// mistyped CCCD, the register person it probably is, the score and reasons, and what an
// officer decided. A pair is proposed once: a rejected pair is not proposed again, a newer
// run supersedes the undecided proposals of the records it reconsidered.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/sql.h"

namespace lmis {

struct LinkageProposalRecord {
  int64_t id = 0;
  int64_t worker_person_id = 0;
  int64_t register_person_id = 0;
  int64_t score_centi = 0;  // log2 likelihood ratio × 100
  std::string reasons;      // JSON array
  std::string residence_unit, register_unit;
  std::string state = "proposed";  // proposed | accepted | rejected | superseded
  std::string proposed_at, proposed_by, decided_at, decided_by, note;
};

// Which proposals to list: every given condition, newest first.
struct LinkageQuery {
  std::optional<std::vector<std::string>> residence_units;  // nullopt = everywhere
  std::optional<std::string> state;
  int64_t before_id = 0;  // the cursor
  int limit = 100;
};

class LinkageTables {
 public:
  explicit LinkageTables(Sql& sql) : sql_(sql) {}

  // Stores `p` as proposed, superseding undecided proposals of the same worker record or
  // register person; returns its id. nullopt (storing nothing) when the pair was proposed
  // before, whatever became of it.
  std::optional<int64_t> Propose(const LinkageProposalRecord& p);
  // The same for many at once (a run's proposals), in bulk: id i for proposal i, 0 where the
  // pair was proposed before. Proposals of one run name each record at most once.
  std::vector<int64_t> ProposeMany(const std::vector<LinkageProposalRecord>& proposals);
  std::optional<LinkageProposalRecord> Find(int64_t id);
  std::vector<LinkageProposalRecord> List(const LinkageQuery& q);
  // Records a decision on a proposal still proposed; false when it is not.
  bool Decide(int64_t id, const std::string& state, const std::string& by, const std::string& at,
              const std::string& note);
  // Supersedes the other undecided proposals of the two records of an accepted one.
  void SupersedeOthers(const LinkageProposalRecord& accepted);

 private:
  Sql& sql_;
};

}  // namespace lmis

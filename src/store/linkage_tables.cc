#include "store/linkage_tables.h"

#include <functional>
#include <map>
#include <set>

namespace lmis {
namespace {

constexpr const char* kColumns =
    "SELECT id, worker_person_id, register_person_id, score_centi, reasons, residence_unit, "
    "register_unit, state, proposed_at, proposed_by, coalesce(decided_at, ''), "
    "coalesce(decided_by, ''), coalesce(note, '') FROM linkage_proposals";

LinkageProposalRecord Read(const SqlRow& r) {
  LinkageProposalRecord p;
  p.id = r.Int(0);
  p.worker_person_id = r.Int(1);
  p.register_person_id = r.Int(2);
  p.score_centi = r.Int(3);
  p.reasons = r.Str(4);
  p.residence_unit = r.Str(5);
  p.register_unit = r.Str(6);
  p.state = r.Str(7);
  p.proposed_at = r.Str(8);
  p.proposed_by = r.Str(9);
  p.decided_at = r.Str(10);
  p.decided_by = r.Str(11);
  p.note = r.Str(12);
  return p;
}

}  // namespace

std::optional<int64_t> LinkageTables::Propose(const LinkageProposalRecord& p) {
  int64_t id = ProposeMany({p}).front();
  if (id == 0) return std::nullopt;
  return id;
}

std::vector<int64_t> LinkageTables::ProposeMany(
    const std::vector<LinkageProposalRecord>& proposals) {
  constexpr size_t kChunk = 4096;
  auto chunks = [&](const std::vector<int64_t>& ids, const std::function<void(SqlValue)>& fn) {
    for (size_t start = 0; start < ids.size(); start += kChunk)
      fn(sql_.IntList(
          std::span<const int64_t>(ids).subspan(start, std::min(kChunk, ids.size() - start))));
  };
  auto pair_key = [](int64_t w, int64_t r) { return std::to_string(w) + ":" + std::to_string(r); };
  // Pairs proposed before, whatever became of them.
  std::vector<int64_t> workers;
  for (const LinkageProposalRecord& p : proposals) workers.push_back(p.worker_person_id);
  std::set<std::string> known;
  chunks(workers, [&](SqlValue list) {
    sql_.Query(
        "SELECT worker_person_id, register_person_id FROM linkage_proposals WHERE " +
            sql_.InIntList("worker_person_id", 1),
        {list}, [&](const SqlRow& r) { known.insert(pair_key(r.Int(0), r.Int(1))); },
        Plan::kGeneric);
  });
  std::vector<const LinkageProposalRecord*> fresh;
  std::vector<int64_t> fresh_workers, fresh_registers;
  for (const LinkageProposalRecord& p : proposals)
    if (!known.contains(pair_key(p.worker_person_id, p.register_person_id))) {
      fresh.push_back(&p);
      fresh_workers.push_back(p.worker_person_id);
      fresh_registers.push_back(p.register_person_id);
    }
  // A newer proposal for a record supersedes its undecided ones.
  for (const char* column : {"worker_person_id", "register_person_id"})
    chunks(std::string_view(column) == "worker_person_id" ? fresh_workers : fresh_registers,
           [&](SqlValue list) {
             sql_.Run(
                 "UPDATE linkage_proposals SET state = 'superseded' WHERE state = "
                 "'proposed' AND " +
                     sql_.InIntList(column, 1),
                 {list});
           });
  static constexpr std::string_view kColumns[] = {
      "worker_person_id", "register_person_id", "score_centi", "reasons",
      "residence_unit",   "register_unit",      "state",       "proposed_at",
      "proposed_by"};
  size_t next = 0;
  if (!fresh.empty())
    sql_.Append("linkage_proposals", kColumns, [&](SqlValues* row) {
      if (next == fresh.size()) return false;
      const LinkageProposalRecord& p = *fresh[next++];
      *row = {p.worker_person_id, p.register_person_id, p.score_centi,           p.reasons,
              p.residence_unit,   p.register_unit,      std::string("proposed"), p.proposed_at,
              p.proposed_by};
      return true;
    });
  std::map<std::string, int64_t> ids;
  chunks(fresh_workers, [&](SqlValue list) {
    sql_.Query(
        "SELECT id, worker_person_id, register_person_id FROM linkage_proposals WHERE state = "
        "'proposed' AND " +
            sql_.InIntList("worker_person_id", 1),
        {list}, [&](const SqlRow& r) { ids[pair_key(r.Int(1), r.Int(2))] = r.Int(0); },
        Plan::kGeneric);
  });
  std::vector<int64_t> out;
  for (const LinkageProposalRecord& p : proposals) {
    auto it = ids.find(pair_key(p.worker_person_id, p.register_person_id));
    out.push_back(it == ids.end() || known.contains(it->first) ? 0 : it->second);
  }
  return out;
}

std::optional<LinkageProposalRecord> LinkageTables::Find(int64_t id) {
  std::optional<LinkageProposalRecord> out;
  sql_.Query(std::string(kColumns) + " WHERE id = $1", {id},
             [&](const SqlRow& r) { out = Read(r); });
  return out;
}

std::vector<LinkageProposalRecord> LinkageTables::List(const LinkageQuery& q) {
  std::string sql = std::string(kColumns) + " WHERE 1 = 1";
  SqlValues params;
  if (q.residence_units) {
    params.push_back(sql_.TextList(*q.residence_units));
    sql += " AND " + sql_.InTextList("residence_unit", static_cast<int>(params.size()));
  }
  if (q.state) {
    params.push_back(*q.state);
    sql += " AND state = $" + std::to_string(params.size());
  }
  if (q.before_id > 0) {
    params.push_back(q.before_id);
    sql += " AND id < $" + std::to_string(params.size());
  }
  params.push_back(static_cast<int64_t>(q.limit));
  sql += " ORDER BY id DESC LIMIT $" + std::to_string(params.size());
  std::vector<LinkageProposalRecord> out;
  sql_.Query(sql, params, [&](const SqlRow& r) { out.push_back(Read(r)); });
  return out;
}

bool LinkageTables::Decide(int64_t id, const std::string& state, const std::string& by,
                           const std::string& at, const std::string& note) {
  return sql_.Run(
             "UPDATE linkage_proposals SET state = $1, decided_by = $2, decided_at = $3, "
             "note = $4 WHERE id = $5 AND state = 'proposed'",
             {state, by, at, TextOrNull(note), id}) > 0;
}

void LinkageTables::SupersedeOthers(const LinkageProposalRecord& accepted) {
  sql_.Run(
      "UPDATE linkage_proposals SET state = 'superseded' WHERE state = 'proposed' AND id <> $1 "
      "AND (worker_person_id = $2 OR register_person_id = $3)",
      {accepted.id, accepted.worker_person_id, accepted.register_person_id});
}

}  // namespace lmis

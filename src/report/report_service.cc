#include "report/report_service.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "core/validate.h"
#include "core/worker_codec.h"
#include "store/report_facts.h"

namespace lmis {
namespace {

// Whether a record residing in `residence` counts in report unit `key` (cached: the same few
// communes recur).
class Membership {
 public:
  Membership(const AdminUnits& units, std::string key) : units_(units), key_(std::move(key)) {}
  bool In(const std::string& residence) {
    auto it = cache_.find(residence);
    if (it != cache_.end()) return it->second;
    bool in = false;
    if (auto ref = ParseUnitKey(residence)) {
      for (const std::string& u : RollupUnits(ref->edition, ref->code, units_))
        if (u == key_) in = true;
    }
    cache_.emplace(residence, in);
    return in;
  }

 private:
  const AdminUnits& units_;
  std::string key_;
  std::unordered_map<std::string, bool> cache_;
};

StateOnDay StateOf(const WorkerVersion& v) {
  if (!v.closed.empty()) return StateOnDay::kClosed;
  std::string_view status = v.cells[static_cast<size_t>(WorkerField::kLfStatus)];
  if (status == Slug(LfStatus::kEmployed)) return StateOnDay::kEmployed;
  if (status == Slug(LfStatus::kUnemployed)) return StateOnDay::kUnemployed;
  if (status == Slug(LfStatus::kOutside)) return StateOnDay::kOutside;
  return StateOnDay::kUnknown;
}

// A person's state in the unit on one day, and whether they were in it.
struct Seen {
  StateOnDay state = StateOnDay::kNone;
  std::string closed;
  std::string birth;
};

}  // namespace

ReportUnit ResolveReportUnit(const AdminUnits& units, std::string_view code, UnitEdition tree) {
  ReportUnit u;
  u.tree = tree;
  if (code.empty() || code == "national") {
    u.key = "national";
    u.name = "Toàn quốc";
    return u;
  }
  const AdminUnit* unit = units.Find(tree, code);
  const std::string tree_name = tree == UnitEdition::k2025 ? "2025" : "pre2025";
  if (!unit)
    throw ReportError(
        "không có đơn vị hành chính mã " + std::string(code) + " (danh mục " +
            (tree == UnitEdition::k2025 ? "từ 1/7/2025" : "trước 1/7/2025") + ")",
        "no administrative unit " + std::string(code) + " in the " + tree_name + " tree");
  u.key = UnitKey(tree, code);
  u.code = unit->code;
  u.level = unit->level;
  u.name = unit->name;
  return u;
}

Decision MayReport(const Principal& who, const ReportUnit& unit, const AdminUnits& units) {
  switch (who.role) {
    case Role::kWorker:
    case Role::kEmployer:
    case Role::kCollector:
      return Decision::kDenyRole;
    default:
      break;
  }
  if (who.unit == "national") return Decision::kAllow;
  if (unit.key == "national") return Decision::kDenyJurisdiction;
  // Every commune of the unit must lie in the user's jurisdiction.
  for (const std::string& c : units.CommunesUnder(unit.tree, unit.code))
    if (!who.jurisdiction.Covers(UnitKey(unit.tree, c))) return Decision::kDenyJurisdiction;
  return Decision::kAllow;
}

std::string_view StateSlug(StateOnDay s) {
  switch (s) {
    case StateOnDay::kNone:
      return "none";
    case StateOnDay::kEmployed:
      return "employed";
    case StateOnDay::kUnemployed:
      return "unemployed";
    case StateOnDay::kOutside:
      return "outside";
    case StateOnDay::kUnknown:
      return "unknown";
    case StateOnDay::kClosed:
      return "closed";
  }
  return "none";
}

std::string_view StateLabel(StateOnDay s, bool vi) {
  switch (s) {
    case StateOnDay::kNone:
      return vi ? "Không có trong địa bàn" : "Not in the unit";
    case StateOnDay::kEmployed:
      return vi ? "Có việc làm" : "Employed";
    case StateOnDay::kUnemployed:
      return vi ? "Thất nghiệp" : "Unemployed";
    case StateOnDay::kOutside:
      return vi ? "Không tham gia LLLĐ" : "Outside the labour force";
    case StateOnDay::kUnknown:
      return vi ? "Không xác định" : "Not stated";
    case StateOnDay::kClosed:
      return vi ? "Đã đóng hồ sơ" : "Record closed";
  }
  return "";
}

void ReportService::RequireLayout() {
  int layout = ReportLayout(store_.sql());
  if (layout != kReportLayout)
    throw ReportError(
        "số liệu tổng hợp cần được dựng lại: chạy `lmis report rebuild` (hoặc `lmis init`)",
        "the report aggregates need a rebuild: run `lmis report rebuild` (or `lmis init`)");
}

LabourSupply ReportService::Named(LabourSupply report, const std::string& unit_key) const {
  report.unit = unit_key;
  if (unit_key == "national") {
    report.unit_name = "Toàn quốc";
  } else if (auto ref = ParseUnitKey(unit_key)) {
    if (const AdminUnit* u = ref_.units.Find(ref->edition, ref->code)) report.unit_name = u->name;
  }
  return report;
}

LabourSupply ReportService::LabourSupplyOf(const ReportUnit& unit, const Date& as_of) {
  RequireLayout();
  const std::string keys[] = {unit.key};
  auto facts = ReadReportFacts(store_.sql(), keys, as_of);
  return Named(LabourSupplyFromCells(facts[unit.key], as_of), unit.key);
}

std::vector<LabourSupply> ReportService::LabourSupplyOfChildren(const ReportUnit& unit,
                                                                const Date& as_of) {
  RequireLayout();
  std::vector<std::string> keys;
  for (const AdminUnit* child : ref_.units.ChildrenOf(unit.tree, unit.code))
    keys.push_back(UnitKey(unit.tree, child->code));
  std::sort(keys.begin(), keys.end());
  auto facts = ReadReportFacts(store_.sql(), keys, as_of);
  std::vector<LabourSupply> out;
  for (const std::string& k : keys) out.push_back(Named(LabourSupplyFromCells(facts[k], as_of), k));
  return out;
}

ChangesReport ReportService::Changes(const ReportUnit& unit, const Date& from, const Date& to) {
  if (!(from < to))
    throw ReportError("ngày đầu kỳ phải trước ngày cuối kỳ",
                      "the first day must be before the last");
  ChangesReport r;
  r.unit = unit;
  r.from = from;
  r.to = to;
  WorkerQuery q;
  if (unit.key != "national") {
    auto j = Jurisdiction::Of(ref_.units, unit.tree, unit.code);
    q.residence_units = j ? j->Units() : std::vector<std::string>{};
  }
  Membership member(ref_.units, unit.key);
  auto scan = [&](const Date& day) {
    std::unordered_map<int64_t, Seen> seen;
    q.as_of = day;
    store_.Scan(q, [&](const WorkerVersion& v) {
      if (member.In(v.residence_unit))
        seen[v.person_id] = {StateOf(v), v.closed,
                             std::string(v.cells[static_cast<size_t>(WorkerField::kBirthDate)])};
    });
    return seen;
  };
  auto before = scan(from);
  auto after = scan(to);
  auto state_elsewhere = [&](int64_t person, const Date& day) {
    std::optional<WorkerVersion> v = store_.AsOf(person, day);
    return v ? StateOf(*v) : StateOnDay::kNone;
  };
  for (const auto& [person, b] : before) {
    auto a = after.find(person);
    StateOnDay now = StateOnDay::kNone;
    if (a != after.end()) {
      now = a->second.state;
    } else if (b.state != StateOnDay::kClosed) {
      now = state_elsewhere(person, to);
      if (now != StateOnDay::kClosed && now != StateOnDay::kNone) ++r.moved_out;
      if (now != StateOnDay::kClosed) now = StateOnDay::kNone;
    }
    if (b.state != StateOnDay::kClosed && now == StateOnDay::kClosed) {
      std::optional<WorkerVersion> v = store_.AsOf(person, to);
      (v && v->closed == "deceased" ? r.closed_deceased : r.closed_emigrated) += 1;
    }
    ++r.transitions[static_cast<int>(b.state)][static_cast<int>(now)];
  }
  for (const auto& [person, a] : after) {
    if (before.contains(person)) continue;
    StateOnDay earlier = state_elsewhere(person, from);
    if (earlier == StateOnDay::kNone) {
      ++r.newly_recorded;
    } else if (earlier != StateOnDay::kClosed) {
      ++r.moved_in;
    }
    ++r.transitions[static_cast<int>(StateOnDay::kNone)][static_cast<int>(a.state)];
  }
  for (const auto& [person, a] : after) {
    if (a.state == StateOnDay::kClosed) continue;
    auto birth = PartialDate::Parse(a.birth);
    if (!birth) continue;
    Date earliest = birth->Earliest();
    Date fifteenth{earliest.year + 15, earliest.month, earliest.day};
    if (fifteenth.month == 2 && fifteenth.day == 29 && !IsLeapYear(fifteenth.year))
      fifteenth = {fifteenth.year, 3, 1};
    if (from < fifteenth && !(to < fifteenth)) ++r.reached_working_age;
  }
  return r;
}

ReportFactsBuffer ReportService::Recompute(std::vector<VersionKey>* keys) {
  std::string cols = "person_id, seq, province_code, CAST(valid_from AS TEXT), closed";
  for (size_t i = 0; i < kWorkerFieldCount; ++i)
    cols.append(", ").append(InfoOf(static_cast<WorkerField>(i)).name);
  ReportFactsBuffer facts;
  std::vector<StoredVersion> versions;  // of the person being read, in recording order
  int64_t last_person = -1;
  WorkerCells cells;
  store_.sql().Stream(
      "SELECT " + cols + " FROM worker_versions ORDER BY person_id, seq", {},
      [&](const SqlRow& row) {
        const int64_t person = row.Int(0);
        if (person != last_person) versions.clear();
        last_person = person;
        for (size_t i = 0; i < kWorkerFieldCount; ++i) cells[i] = row.Str(5 + i);
        WorkerRecord record;
        Violations ignored;
        DecodeWorker(ViewsOf(cells), ref_, &record, &ignored);
        const std::string valid_from = row.Str(3);
        const Date day = Date::Parse(valid_from).value_or(Date{});
        std::string key =
            row.IsNull(4) ? ReportKeyOf(record, RecordDate(record, day), ref_) : std::string();
        facts.AddVersion(versions, valid_from, key);
        versions.push_back({static_cast<int>(row.Int(1)), false, 0, valid_from, 0, key});
        keys->push_back({person, static_cast<int>(row.Int(1)), row.Str(2), std::move(key)});
      });
  return facts;
}

int64_t ReportService::Rebuild() {
  Sql& sql = store_.sql();
  Transaction transaction(store_);
  ClearReportFacts(sql);
  std::vector<VersionKey> keys;
  ReportFactsBuffer facts = Recompute(&keys);
  // Every version's key in three statements: into a temporary table, then one UPDATE.
  sql.Run(
      "CREATE TEMP TABLE rebuilt_keys (person_id BIGINT, seq INTEGER, province_code TEXT, "
      "report_key TEXT)");
  const std::string_view columns[] = {"person_id", "seq", "province_code", "report_key"};
  size_t at = 0;
  sql.Append("rebuilt_keys", columns, [&](SqlValues* row) {
    if (at == keys.size()) return false;
    const VersionKey& k = keys[at++];
    *row = {k.person, int64_t{k.seq}, k.province, TextOrNull(k.key)};
    return true;
  });
  sql.Run(
      "UPDATE worker_versions SET report_key = k.report_key FROM rebuilt_keys k WHERE "
      "worker_versions.person_id = k.person_id AND worker_versions.seq = k.seq AND "
      "worker_versions.province_code = k.province_code");
  sql.Run("DROP TABLE rebuilt_keys");
  facts.Flush(sql);
  SetReportLayout(sql, kReportLayout);
  transaction.Commit();
  return static_cast<int64_t>(keys.size());
}

std::string ReportService::Verify() {
  std::vector<VersionKey> keys;
  const auto expected = Recompute(&keys).Spread();
  auto stored = ReadAllReportFacts(store_.sql());
  int64_t differ = 0;
  std::string first;
  auto note = [&](const std::pair<std::string, std::string>& where) {
    if (++differ <= 3) first += (first.empty() ? "" : ", ") + where.first + " " + where.second;
  };
  for (const auto& [where, dense] : expected) {
    CellSums want;
    for (size_t c = 0; c < dense.size(); ++c)
      if (dense[c] != 0) want[static_cast<int>(c)] = dense[c];
    auto it = stored.find(where);
    if (it == stored.end() ? !want.empty() : it->second != want) note(where);
    if (it != stored.end()) stored.erase(it);
  }
  for (const auto& [where, cells] : stored)
    if (!cells.empty()) note(where);
  if (differ == 0) return "ok";
  return std::to_string(differ) + " aggregate rows differ from the versions (" + first + ")";
}

}  // namespace lmis

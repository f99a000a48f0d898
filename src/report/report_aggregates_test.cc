// The maintained report aggregates equal a plain SQL GROUP BY over the versions in force, on
// both backends, after a bulk load in both administrative trees and hundreds of random
// changes: status changes, moves (also across provinces and trees), back-dated corrections,
// same-day replacements and closings. The expected cells are computed here from the grouped
// columns by this test's own mapping, not by report/cube.cc's ReportKeyOf.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "core/codes.h"
#include "core/worker_codec.h"
#include "exchange/refdata_files.h"
#include "gen/population.h"
#include "registry/import.h"
#include "report/cube.h"
#include "report/report_service.h"
#include "store/report_facts.h"
#include "store/store.h"
#include "testing/ref_data.h"
#include "testing/test_database.h"

namespace lmis {
namespace {

const NameStats& Names() {
  static const NameStats* names = new NameStats(LoadNameStats(DefaultDataDir()));
  return *names;
}

// The people of one generated crowd, as records.
std::vector<WorkerRecord> Crowd(uint64_t seed, int64_t people, const Date& reference,
                                const std::string& province) {
  std::vector<WorkerRecord> out;
  GenOptions o;
  o.seed = seed;
  o.people = people;
  o.reference_date = reference;
  o.units = {province};
  GenOutput sinks;
  sinks.worker = [&](const WorkerCells& cells) {
    WorkerRecord r;
    Violations ignored;
    DecodeWorker(ViewsOf(cells), TestRefData(), &r, &ignored);
    out.push_back(std::move(r));
  };
  GeneratePopulation(TestRefData(), Names(), o, sinks);
  return out;
}

template <class E>
int Value(std::string_view slug) {
  if (slug.empty()) return static_cast<int>(CodeListOf<E>().options().size());
  return CodeListOf<E>().BySlug(slug)->value - 1;
}

// The test's own reading of one group of the GROUP BY: the cells it adds to.
std::vector<int> ExpectedCells(const SqlRow& row) {
  // Columns: residence_unit, sex, lf_status, birth_year, general_education, qualification,
  // employment_status, workplace_type, occupation_group, industry, si_type, contract_type,
  // priority_groups, unemployment_duration, nilf_reason, ethnicity, valid_from, count.
  const std::string_view status_text = row.Text(2);
  const int status = status_text == "employed"     ? kEmployedCell
                     : status_text == "unemployed" ? kUnemployedCell
                     : status_text == "outside"    ? kOutsideCell
                                                   : kStatusUnknown;
  const int sex = row.Text(1) == "male"     ? kMaleCell
                  : row.Text(1) == "female" ? kFemaleCell
                                            : kSexUnknown;
  std::vector<int> cells;
  auto add = [&](Breakdown b, int v) { cells.push_back(CellIndex(b, v, status, sex)); };
  add(Breakdown::kTotal, 0);
  const std::string year = row.Str(3);
  add(Breakdown::kBirthYear,
      year.empty() ? ValueCount(Breakdown::kBirthYear) - 1 : std::stoi(year) - kFirstBirthYear);
  add(Breakdown::kGeneralEducation, Value<GeneralEducation>(row.Text(4)));
  add(Breakdown::kQualification, Value<Qualification>(row.Text(5)));
  add(Breakdown::kEmploymentStatus, Value<EmploymentStatus>(row.Text(6)));
  add(Breakdown::kWorkplaceType, Value<WorkplaceType>(row.Text(7)));
  add(Breakdown::kOccupationGroup, row.Text(8).empty() ? 10 : row.Text(8)[0] - '0');
  {
    // Section: the division's parent in the VSIC edition of the version's day.
    const std::string industry = row.Str(9);
    const Date day = *Date::Parse(row.Text(16).substr(0, 10));
    int v = ValueCount(Breakdown::kIndustrySection) - 1;
    if (!industry.empty()) {
      const bool v2025 = !(day < kVsic2025Start);
      const CatalogEntry* division = TestRefData().IndustriesAt(day).Find(industry.substr(0, 2));
      const std::string letters = v2025 ? "ABCDEFGHIJKLMNOPQRSTUV" : "ABCDEFGHIJKLMNOPQRSTU";
      if (division) v = static_cast<int>(letters.find(division->parent_code)) + (v2025 ? 21 : 0);
    }
    add(Breakdown::kIndustrySection, v);
  }
  add(Breakdown::kSiType, Value<SiType>(row.Text(10)));
  add(Breakdown::kContractType, Value<ContractType>(row.Text(11)));
  const std::string groups = row.Str(12);
  if (groups.empty()) {
    add(Breakdown::kPriorityGroup, ValueCount(Breakdown::kPriorityGroup) - 1);
  } else {
    // Listed in the code list's order, as the cube counts them.
    std::vector<int> values;
    size_t at = 0;
    while (at <= groups.size()) {
      size_t end = std::min(groups.find(';', at), groups.size());
      values.push_back(Value<PriorityGroup>(groups.substr(at, end - at)));
      at = end + 1;
    }
    std::sort(values.begin(), values.end());
    for (int v : values) add(Breakdown::kPriorityGroup, v);
  }
  {
    auto ref = ParseUnitKey(row.Text(0));
    const AdminUnit* commune = TestRefData().units.FindCommune(ref->edition, ref->code);
    if (!commune) return {};  // an unknown residence counts nowhere
    const bool urban = commune->name.starts_with("Phường") || commune->name.starts_with("Thị trấn");
    add(Breakdown::kArea, urban ? 0 : 1);
  }
  add(Breakdown::kUnemploymentDuration, Value<UnemploymentDuration>(row.Text(13)));
  add(Breakdown::kNilfReason, Value<NilfReason>(row.Text(14)));
  const std::string ethnic = row.Str(15);
  add(Breakdown::kEthnicity, ethnic.empty() ? 54 : std::stoi(ethnic) - 1);
  return cells;
}

// The plain GROUP BY: every person's version in force on `day` (latest valid_from ≤ day, ties
// to the later recorded), open ones only, grouped by the columns reports break down by.
std::map<std::string, CellSums> GroupBy(Sql& sql, const Date& day) {
  const std::string cols =
      "residence_unit, sex, lf_status, substr(birth_date, 1, 4), general_education, "
      "qualification, employment_status, workplace_type, substr(occupation, 1, 1), industry, "
      "si_type, contract_type, priority_groups, unemployment_duration, nilf_reason, ethnicity, "
      "CAST(valid_from AS TEXT)";
  const std::string query =
      "SELECT " + cols +
      ", count(*) FROM worker_versions v WHERE v.valid_from <= $1 AND "
      "NOT EXISTS (SELECT 1 FROM worker_versions w WHERE w.person_id = v.person_id AND "
      "w.valid_from <= $1 AND (w.valid_from > v.valid_from OR (w.valid_from = v.valid_from "
      "AND w.seq > v.seq))) AND v.closed IS NULL GROUP BY " +
      cols;
  std::map<std::string, CellSums> by_unit;
  sql.Query(query, {day.ToString()}, [&](const SqlRow& row) {
    auto ref = ParseUnitKey(row.Text(0));
    std::vector<int> cells = ExpectedCells(row);
    for (const std::string& unit : RollupUnits(ref->edition, ref->code, TestRefData().units))
      for (int c : cells) by_unit[unit][c] += row.Int(17);
  });
  return by_unit;
}

class ReportAggregatesTest : public ::testing::TestWithParam<Backend> {};

TEST_P(ReportAggregatesTest, EqualGroupByAfterRandomWrites) {
  TestDatabase db(GetParam());
  auto store = OpenStore(db.spec());
  store->Migrate();
  // A crowd recorded under the old tree in 2024 and one under the new tree in 2025 (some
  // people in both: their 2025 record is a new version).
  std::vector<WorkerRecord> people = Crowd(11, 700, {2024, 10, 1}, "08");
  std::vector<WorkerRecord> later = Crowd(12, 700, {2025, 10, 1}, "08");
  people.insert(people.end(), later.begin(), later.end());

  auto put_of = [&](WorkerRecord r, std::vector<WorkerCells>* keep) {
    keep->push_back(EncodeWorker(r));
    VersionMeta meta;
    meta.actor = "test";
    meta.recorded_at = "2026-01-01T00:00:00Z";
    return MakeWorkerPut(r, ViewsOf(keep->back()), TestRefData(), Date{2026, 11, 1}, meta);
  };
  {
    // The bulk path (PostgreSQL: one lookup and one COPY per batch).
    std::vector<WorkerCells> keep;
    keep.reserve(people.size());
    std::vector<WorkerPut> puts;
    for (const WorkerRecord& r : people) puts.push_back(put_of(r, &keep));
    std::vector<const WorkerPut*> ptrs;
    for (const WorkerPut& p : puts) ptrs.push_back(&p);
    std::vector<PutOutcome> outcomes(puts.size());
    Transaction t(*store);
    store->PutBatch(ptrs, outcomes);
    t.Commit();
  }
  SetReportLayout(store->sql(), kReportLayout);  // the aggregates were kept from the start

  // Random changes, one put (and one transaction) each.
  std::mt19937_64 rng(GetParam() == Backend::kSqlite ? 5 : 6);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  const Date days[] = {{2024, 3, 1}, {2024, 10, 1}, {2025, 2, 14}, {2025, 6, 30},
                       {2025, 7, 1}, {2025, 10, 1}, {2025, 12, 1}, {2026, 3, 8}};
  const auto communes_new = TestRefData().units.CommunesUnder(UnitEdition::k2025, "08");
  const auto communes_old = TestRefData().units.CommunesUnder(UnitEdition::kPre2025, "08");
  const auto elsewhere = TestRefData().units.CommunesUnder(UnitEdition::k2025, "01");
  int closes = 0, moves = 0, backdated = 0;
  for (int i = 0; i < 400; ++i) {
    WorkerRecord r = people[pick(people.size())];
    const int what = static_cast<int>(pick(4));
    // A change other than a move is dated in the tree its residence was read in.
    const UnitEdition tree = EditionAt(r.collected_on.Earliest());
    Date day = days[pick(std::size(days))];
    while (what != 1 && EditionAt(day) != tree) day = days[pick(std::size(days))];
    r.collected_on = {day.year, day.month, day.day};
    if (what == 0) {
      r.lf_status = static_cast<LfStatus>(1 + pick(3));
      r.employment_status.reset();
      if (*r.lf_status == LfStatus::kEmployed)
        r.employment_status = static_cast<EmploymentStatus>(1 + pick(5));
    } else if (what == 1) {
      // A move: within the province, or to Hà Nội, read in the tree of the day.
      const bool now = EditionAt(day) == UnitEdition::k2025;
      const auto& pool = !now ? communes_old : pick(3) == 0 ? elsewhere : communes_new;
      r.current_unit = pool[pick(pool.size())];
      ++moves;
    } else if (what == 2) {
      r.qualification = static_cast<Qualification>(1 + pick(10));
      r.industry = pick(2) ? "" : "4711";
    }
    std::vector<WorkerCells> keep;
    WorkerPut put = put_of(r, &keep);
    if (what == 3) {
      put.closed = pick(2) ? "deceased" : "emigrated";
      put.content_hash ^= 0x9e3779b97f4a7c15ull;
      ++closes;
    }
    if (day < Date{2025, 10, 1}) ++backdated;
    store->Put(put);
  }
  ASSERT_GT(closes, 50);
  ASSERT_GT(moves, 50);
  ASSERT_GT(backdated, 100);

  ReportService service(*store, TestRefData());
  const std::string first_commune = UnitKey(UnitEdition::k2025, people.back().residence_unit());
  const std::string units[] = {"national",    "2025:08", "pre2025:08",
                               first_commune, "2025:01", UnitKey(UnitEdition::kPre2025, "070")};
  const Date checks[] = {{2024, 1, 1},  {2024, 10, 1}, {2025, 2, 13}, {2025, 6, 30}, {2025, 7, 1},
                         {2025, 9, 30}, {2025, 10, 1}, {2026, 3, 8},  {2026, 12, 31}};
  int64_t nonzero = 0;
  for (const Date& day : checks) {
    std::map<std::string, CellSums> expected = GroupBy(store->sql(), day);
    auto got = ReadReportFacts(store->sql(), units, day);
    for (const std::string& unit : units) {
      CellSums want = expected[unit];
      EXPECT_EQ(got[unit], want) << unit << " on " << day.ToString();
      for (auto [c, n] : want) nonzero += n;
    }
    // Every unit at every level, not only the chosen ones.
    std::vector<std::string> all;
    for (auto& [unit, cells] : expected) all.push_back(unit);
    auto every = ReadReportFacts(store->sql(), all, day);
    for (auto& [unit, cells] : expected)
      EXPECT_EQ(every[unit], cells) << unit << " " << day.ToString();
  }
  EXPECT_GT(nonzero, 10000);

  // The report reads the same sums: the province's totals by status.
  const Date last{2026, 3, 8};
  LabourSupply province = service.LabourSupplyOf(
      ResolveReportUnit(TestRefData().units, "08", UnitEdition::k2025), last);
  CellSums want = GroupBy(store->sql(), last)["2025:08"];
  int64_t employed = 0, outside = 0;
  for (int sex = 0; sex < kCubeSexes; ++sex) {
    employed += want[CellIndex(Breakdown::kTotal, 0, kEmployedCell, sex)];
    outside += want[CellIndex(Breakdown::kTotal, 0, kOutsideCell, sex)];
  }
  EXPECT_EQ(province.total.all().employed, employed);
  EXPECT_EQ(province.total.all().outside, outside);
  EXPECT_GT(employed, 100);

  // The recount of `lmis check` agrees; a rebuild from the versions gives the same aggregates.
  EXPECT_EQ(service.Verify(), "ok");
  auto before = ReadReportFacts(store->sql(), units, Date{2026, 3, 8});
  service.Rebuild();
  EXPECT_EQ(ReadReportFacts(store->sql(), units, Date{2026, 3, 8}), before);
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportAggregatesTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace lmis

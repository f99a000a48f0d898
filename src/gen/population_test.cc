#include "gen/population.h"

#include <gtest/gtest.h>

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "core/text.h"
#include "core/validate.h"
#include "core/worker_codec.h"
#include "exchange/refdata_files.h"

namespace lmis {
namespace {

// Reference data and names, loaded once for the whole suite.
struct Shared {
  RefData ref = LoadRefData(DefaultDataDir());
  NameStats names = LoadNameStats(DefaultDataDir());
};
const Shared& Data() {
  static const Shared* shared = new Shared();
  return *shared;
}

// Everything one generator run produced.
struct GenRun {
  std::vector<WorkerCells> workers;
  std::vector<RegisterPerson> register_people;
  std::vector<PlantedError> planted;
  std::vector<ReconcileTruth> truth;
};

GenRun Generate(const GenOptions& options) {
  GenRun run;
  GenOutput out;
  out.worker = [&](const WorkerCells& c) { run.workers.push_back(c); };
  out.register_person = [&](const RegisterPerson& p) { run.register_people.push_back(p); };
  out.planted = [&](const PlantedError& e) { run.planted.push_back(e); };
  out.reconcile_truth = [&](const ReconcileTruth& t) { run.truth.push_back(t); };
  GeneratePopulation(Data().ref, Data().names, options, out);
  return run;
}

// The standard run of the suite: 20,000 records, 5% planted errors.
const GenRun& Standard() {
  static const GenRun* run = [] {
    GenOptions options;
    options.people = 20000;
    options.error_rate = 0.05;
    return new GenRun(Generate(options));
  }();
  return *run;
}

Date Tomorrow(const Date& d) {
  Date next = d;
  if (++next.day > DaysInMonth(next.year, next.month)) {
    next.day = 1;
    if (++next.month > 12) next.month = 1, ++next.year;
  }
  return next;
}

Violations Check(const WorkerCells& cells, WorkerRecord* record, const Date& reference) {
  Violations v;
  FieldMask bad = DecodeWorker(ViewsOf(cells), Data().ref, record, &v);
  ValidateWorker(*record, bad, Data().ref, Tomorrow(reference), &v);
  return v;
}

std::string Describe(const Violations& v) {
  std::string s;
  for (const Violation& x : v) s += x.field + ":" + std::string(SlugOf(x.code)) + " ";
  return s;
}

std::unordered_map<int64_t, const PlantedError*> PlantedByIndex(const GenRun& run) {
  std::unordered_map<int64_t, const PlantedError*> out;
  for (const PlantedError& e : run.planted) out[e.record_index] = &e;
  return out;
}

TEST(GenPopulation, ProducesTheRequestedNumberOfRecords) {
  EXPECT_EQ(Standard().workers.size(), 20000u);
  EXPECT_GT(Standard().register_people.size(), Standard().workers.size());
}

TEST(GenPopulation, CleanRecordsHaveNoViolations) {
  const GenRun& run = Standard();
  auto planted = PlantedByIndex(run);
  WorkerRecord record;
  int failures = 0;
  for (size_t i = 0; i < run.workers.size(); ++i) {
    if (planted.count(static_cast<int64_t>(i))) continue;
    Violations v = Check(run.workers[i], &record, GenOptions().reference_date);
    if (!v.empty() && ++failures <= 5)
      ADD_FAILURE() << "record " << i << " " << run.workers[i][0] << ": " << Describe(v);
  }
  EXPECT_EQ(failures, 0);
}

TEST(GenPopulation, EachPlantedErrorYieldsExactlyItsViolation) {
  const GenRun& run = Standard();
  ASSERT_GT(run.planted.size(), 800u);  // ~5% of 20,000
  ASSERT_LT(run.planted.size(), 1200u);
  std::map<std::string, int> kinds;
  WorkerRecord record;
  for (const PlantedError& e : run.planted) {
    ++kinds[e.kind];
    Violations v = Check(run.workers[e.record_index], &record, GenOptions().reference_date);
    if (e.expected_code.empty()) {
      EXPECT_TRUE(v.empty()) << e.kind << ": " << Describe(v);
      EXPECT_NE(record.cccd, e.true_cccd) << e.kind;
      continue;
    }
    ASSERT_EQ(v.size(), 1u) << e.kind << " at " << e.record_index << ": " << Describe(v);
    EXPECT_EQ(v[0].field, e.field) << e.kind;
    EXPECT_EQ(SlugOf(v[0].code), e.expected_code) << e.kind;
  }
  EXPECT_EQ(kinds.size(), 6u);
  for (const auto& [kind, n] : kinds) EXPECT_GT(n, 120) << kind;
}

TEST(GenPopulation, LabourForceSharesAreCloseToTheLfs) {
  const GenRun& run = Standard();
  auto planted = PlantedByIndex(run);
  auto col = [](WorkerField f) { return static_cast<size_t>(f); };
  int64_t total = 0, employed = 0, unemployed = 0, men = 0;
  std::map<std::string, int64_t> status;
  for (size_t i = 0; i < run.workers.size(); ++i) {
    if (planted.count(static_cast<int64_t>(i))) continue;
    const WorkerCells& c = run.workers[i];
    ++total;
    employed += c[col(WorkerField::kLfStatus)] == "employed";
    unemployed += c[col(WorkerField::kLfStatus)] == "unemployed";
    men += c[col(WorkerField::kSex)] == "male";
    if (c[col(WorkerField::kLfStatus)] == "employed")
      ++status[c[col(WorkerField::kEmploymentStatus)]];
  }
  double participation = double(employed + unemployed) / total;
  double unemployment = double(unemployed) / (employed + unemployed);
  double male = double(men) / total;
  EXPECT_GE(participation, 0.64);
  EXPECT_LE(participation, 0.72);
  EXPECT_GE(unemployment, 0.015);
  EXPECT_LE(unemployment, 0.04);
  EXPECT_GE(male, 0.47);
  EXPECT_LE(male, 0.52);
  double employee = double(status["employee"]) / employed;
  double own = double(status["own_account"]) / employed;
  EXPECT_NEAR(employee, 0.55, 0.06);
  EXPECT_NEAR(own, 0.33, 0.06);
  std::printf(
      "participation %.3f unemployment %.3f men %.3f employee %.3f own %.3f family %.3f "
      "employer %.3f coop %.3f\n",
      participation, unemployment, male, employee, own, double(status["family_worker"]) / employed,
      double(status["employer"]) / employed, double(status["coop_member"]) / employed);
}

TEST(GenPopulation, AgePyramidAndHouseholdsLookVietnamese) {
  const GenRun& run = Standard();
  Date ref = GenOptions().reference_date;
  std::vector<int> ages;
  std::unordered_map<std::string, int> household_size;
  int deceased = 0, emigrated = 0, partial = 0;
  for (const RegisterPerson& p : run.register_people) {
    if (p.status == "deceased") ++deceased;
    if (p.status == "emigrated") ++emigrated;
    if (p.status != "alive") {
      EXPECT_FALSE(p.status_date.empty());
      continue;
    }
    ++household_size[p.household_id];
    auto birth = PartialDate::Parse(p.birth_date);
    ASSERT_TRUE(birth) << p.birth_date;
    partial += !birth->is_full();
    ages.push_back(CompletedYears(birth->Latest(), ref));
  }
  std::sort(ages.begin(), ages.end());
  double under15 =
      double(std::lower_bound(ages.begin(), ages.end(), 15) - ages.begin()) / ages.size();
  int median = ages[ages.size() / 2];
  double size = double(ages.size()) / household_size.size();
  std::printf("under15 %.3f median %d household %.2f partial %.3f deceased %d emigrated %d\n",
              under15, median, size, double(partial) / ages.size(), deceased, emigrated);
  EXPECT_NEAR(under15, 0.24, 0.04);
  EXPECT_NEAR(median, 33, 4);
  EXPECT_NEAR(size, 3.5, 0.4);
  EXPECT_GT(deceased, 0);
  EXPECT_GT(emigrated, 0);
}

TEST(GenPopulation, CccdsAreUniqueAndTheRegisterHoldsEveryWorker) {
  const GenRun& run = Standard();
  std::unordered_set<std::string> worker_cccds, register_cccds;
  for (const WorkerCells& c : run.workers) EXPECT_TRUE(worker_cccds.insert(c[0]).second) << c[0];
  int children = 0;
  Date ref = GenOptions().reference_date;
  for (const RegisterPerson& p : run.register_people) {
    EXPECT_TRUE(register_cccds.insert(p.cccd).second) << p.cccd;
    auto birth = PartialDate::Parse(p.birth_date);
    if (birth && CompletedYears(birth->Latest(), ref) < 15) ++children;
  }
  auto planted = PlantedByIndex(run);
  for (size_t i = 0; i < run.workers.size(); ++i) {
    auto it = planted.find(static_cast<int64_t>(i));
    const std::string& cccd = it == planted.end() ? run.workers[i][0] : it->second->true_cccd;
    EXPECT_TRUE(register_cccds.count(cccd)) << cccd;
  }
  // A typo must not land on someone else's number.
  for (const PlantedError& e : run.planted) {
    if (e.kind == "cccd_typo") {
      EXPECT_FALSE(register_cccds.count(run.workers[e.record_index][0]));
    }
  }
  EXPECT_GT(children, 4000);
}

TEST(GenPopulation, SameSeedSameOutputOtherSeedOtherOutput) {
  GenOptions options;
  options.people = 3000;
  options.error_rate = 0.1;
  GenRun a = Generate(options), b = Generate(options);
  EXPECT_EQ(a.workers, b.workers);
  ASSERT_EQ(a.register_people.size(), b.register_people.size());
  for (size_t i = 0; i < a.register_people.size(); ++i)
    EXPECT_EQ(a.register_people[i].cccd, b.register_people[i].cccd);
  options.seed += 1;
  GenRun c = Generate(options);
  EXPECT_NE(a.workers, c.workers);
}

TEST(GenPopulation, UnknownUnitThrows) {
  GenOptions options;
  options.people = 10;
  options.units = {"99999"};
  EXPECT_THROW(Generate(options), std::invalid_argument);
  options.units = {"08", "123"};
  EXPECT_THROW(Generate(options), std::invalid_argument);
}

TEST(GenPopulation, PreReformTreeAndChosenCommunes) {
  GenOptions options;
  options.people = 2000;
  options.reference_date = Date{2024, 10, 1};
  options.units = {"02"};  // Hà Giang before the 2025 merger
  GenRun run = Generate(options);
  WorkerRecord record;
  for (const WorkerCells& c : run.workers) {
    Violations v = Check(c, &record, options.reference_date);
    ASSERT_TRUE(v.empty()) << Describe(v);
    EXPECT_TRUE(Data().ref.units.IsWithin(UnitEdition::kPre2025, record.residence_unit(), "02"));
  }
  // One 2025 commune; CCCDs mostly carry the old provinces it was made of.
  options.reference_date = GenOptions().reference_date;
  options.units = {Data().ref.units.CommunesUnder(UnitEdition::k2025, "79").front()};
  run = Generate(options);
  int local = 0;
  for (const WorkerCells& c : run.workers) {
    Violations v = Check(c, &record, options.reference_date);
    ASSERT_TRUE(v.empty()) << Describe(v);
    local += record.residence_unit() == options.units[0];
  }
  EXPECT_EQ(local, 2000);
}

// ---- Register plants: what `lmis reconcile population` must find ----------------------------

constexpr std::array<std::string_view, 13> kPlants = {"name_mismatch",
                                                      "birth_date_mismatch",
                                                      "current_unit_mismatch",
                                                      "cccd_typo",
                                                      "cccd_missing",
                                                      "sex_mismatch",
                                                      "permanent_unit_mismatch",
                                                      "not_in_register",
                                                      "closed_in_register",
                                                      "no_worker_record",
                                                      "name_variant",
                                                      "birth_date_partial",
                                                      "current_unit_explicit"};

// The standard run for register plants: 4,000 records, 20% of the people planted.
const GenRun& RegisterRun() {
  static const GenRun* run = [] {
    GenOptions options;
    options.people = 4000;
    options.register_error_rate = 0.2;
    return new GenRun(Generate(options));
  }();
  return *run;
}

const std::string& Cell(const WorkerCells& c, WorkerField f) { return c[static_cast<size_t>(f)]; }

bool AllDigits(std::string_view s, size_t n) {
  return s.size() == n &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The row of a plant that stands for it: the link row for CCCD typos and missing CCCDs (which
// give two or three rows), the only row otherwise.
bool StandsForItsPlant(const ReconcileTruth& t) {
  return (t.planted != "cccd_typo" && t.planted != "cccd_missing") || t.kind == "link";
}

std::map<std::string, int> PlantCounts(const GenRun& run) {
  std::map<std::string, int> counts;
  for (const ReconcileTruth& t : run.truth)
    if (StandsForItsPlant(t)) ++counts[t.planted];
  return counts;
}

std::unordered_map<std::string, const WorkerCells*> WorkersByCccd(const GenRun& run) {
  std::unordered_map<std::string, const WorkerCells*> out;
  for (const WorkerCells& c : run.workers)
    if (!c[0].empty()) out[c[0]] = &c;
  return out;
}

std::unordered_map<std::string, const RegisterPerson*> RegisterByCccd(const GenRun& run) {
  std::unordered_map<std::string, const RegisterPerson*> out;
  for (const RegisterPerson& p : run.register_people) out[p.cccd] = &p;
  return out;
}

std::string Lower(std::string_view text) {
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  std::string out;
  s.toLower(icu::Locale("vi")).toUTF8String(out);
  return out;
}

TEST(GenReconcile, EveryPlantKindAppearsAtTheRequestedRate) {
  const GenRun& run = RegisterRun();
  EXPECT_EQ(run.workers.size(), 4000u);
  std::map<std::string, int> counts = PlantCounts(run);
  int plants = 0;
  for (std::string_view kind : kPlants) {
    EXPECT_GE(counts[std::string(kind)], 30) << kind;
    plants += counts[std::string(kind)];
  }
  EXPECT_EQ(counts.size(), kPlants.size());
  // The rate is a share of the people given a worker record, omitted ones included.
  double people = run.workers.size() + counts["no_worker_record"];
  EXPECT_NEAR(plants / people, 0.2, 0.03);
}

TEST(GenReconcile, TruthRowsAreWellFormed) {
  const std::set<std::string> mismatch_fields = {"full_name", "birth_date", "sex", "current_unit",
                                                 "permanent_unit"};
  const std::map<std::string, std::string> field_of = {
      {"name_mismatch", "full_name"},
      {"birth_date_mismatch", "birth_date"},
      {"current_unit_mismatch", "current_unit"},
      {"sex_mismatch", "sex"},
      {"permanent_unit_mismatch", "permanent_unit"}};
  std::set<std::string> plants(kPlants.begin(), kPlants.end());
  int unmatched = 0, links = 0;
  for (const ReconcileTruth& t : RegisterRun().truth) {
    std::string where = t.planted + " " + t.cccd + " " + t.kind + " " + t.field;
    ASSERT_TRUE(plants.count(t.planted)) << where;
    bool linkable = t.planted == "cccd_typo" || t.planted == "cccd_missing";
    if (t.kind == "field_mismatch") {
      EXPECT_TRUE(mismatch_fields.count(t.field)) << where;
      EXPECT_EQ(field_of.at(t.planted), t.field) << where;
      EXPECT_TRUE(AllDigits(t.cccd, 12)) << where;
      EXPECT_FALSE(t.worker_value.empty()) << where;
      EXPECT_FALSE(t.register_value.empty()) << where;
      EXPECT_NE(t.worker_value, t.register_value) << where;
    } else if (t.kind == "not_in_register") {
      EXPECT_TRUE(t.planted == "not_in_register" || linkable) << where;
      unmatched += linkable;
      if (t.cccd.empty()) {
        EXPECT_EQ(t.planted, "cccd_missing");
        EXPECT_EQ(t.field, "cmnd");
        EXPECT_TRUE(AllDigits(t.worker_value, 9)) << where;
        EXPECT_EQ(t.register_value, "");
      } else {
        EXPECT_NE(t.planted, "cccd_missing");
        EXPECT_TRUE(AllDigits(t.cccd, 12)) << where;
        EXPECT_EQ(t.field + t.worker_value + t.register_value, "") << where;
      }
    } else if (t.kind == "no_worker_record") {
      EXPECT_TRUE(t.planted == "no_worker_record" || linkable) << where;
      EXPECT_TRUE(AllDigits(t.cccd, 12)) << where;
      EXPECT_EQ(t.field + t.worker_value + t.register_value, "") << where;
    } else if (t.kind == "closed_in_register") {
      EXPECT_EQ(t.planted, "closed_in_register");
      EXPECT_EQ(t.field, "status");
      EXPECT_EQ(t.worker_value, "");
      EXPECT_TRUE(t.register_value == "deceased" || t.register_value == "emigrated") << where;
    } else if (t.kind == "link") {
      ++links;
      EXPECT_TRUE(linkable) << where;
      EXPECT_EQ(t.field, t.planted == "cccd_typo" ? "cccd" : "cmnd");
      EXPECT_TRUE(AllDigits(t.worker_value, t.field == "cccd" ? 12 : 9)) << where;
      EXPECT_EQ(t.register_value, t.cccd);
      EXPECT_NE(t.worker_value, t.cccd);
    } else {
      EXPECT_EQ(t.kind, "none") << where;
      EXPECT_TRUE(t.planted == "name_variant" || t.planted == "birth_date_partial" ||
                  t.planted == "current_unit_explicit")
          << where;
      EXPECT_TRUE(AllDigits(t.cccd, 12)) << where;
      EXPECT_EQ(t.field + t.worker_value + t.register_value, "") << where;
    }
  }
  EXPECT_EQ(unmatched, links);  // each typo or missing CCCD: one unmatched record, one link
}

TEST(GenReconcile, EveryPlantedRecordValidates) {
  const GenRun& run = RegisterRun();
  WorkerRecord record;
  int failures = 0;
  for (const WorkerCells& c : run.workers) {
    Violations v = Check(c, &record, GenOptions().reference_date);
    if (!v.empty() && ++failures <= 5)
      ADD_FAILURE() << c[0] << " " << c[1] << " " << Cell(c, WorkerField::kFullName) << ": "
                    << Describe(v);
  }
  EXPECT_EQ(failures, 0);
}

TEST(GenReconcile, NameVariantsKeepTheNameKeyMismatchesChangeIt) {
  const GenRun& run = RegisterRun();
  auto workers = WorkersByCccd(run);
  auto reg = RegisterByCccd(run);
  int variants = 0, tone_placements = 0, mismatches = 0;
  for (const ReconcileTruth& t : run.truth) {
    if (t.planted != "name_variant" && t.planted != "name_mismatch") continue;
    ASSERT_TRUE(workers.count(t.cccd) && reg.count(t.cccd)) << t.cccd;
    const std::string& worker = Cell(*workers[t.cccd], WorkerField::kFullName);
    const std::string& registered = reg[t.cccd]->full_name;
    EXPECT_NE(worker, registered);
    if (t.planted == "name_variant") {
      ++variants;
      EXPECT_EQ(NameKey(worker), NameKey(registered)) << worker << " / " << registered;
      tone_placements += Lower(worker) != Lower(registered);
      continue;
    }
    ++mismatches;
    EXPECT_NE(NameKey(worker), NameKey(registered)) << worker << " / " << registered;
    EXPECT_EQ(t.worker_value, worker);
    EXPECT_EQ(t.register_value, registered);
    // Only the given name (the last syllable) was replaced.
    EXPECT_EQ(worker.substr(0, worker.rfind(' ')), registered.substr(0, registered.rfind(' ')));
  }
  EXPECT_GT(variants, 30);
  EXPECT_GT(tone_placements, 0);
  EXPECT_GT(mismatches, 30);
}

TEST(GenReconcile, LinkRowsPointAtTheRegisterPerson) {
  const GenRun& run = RegisterRun();
  auto reg = RegisterByCccd(run);
  std::unordered_map<std::string, const WorkerCells*> by_cmnd;
  for (const WorkerCells& c : run.workers) {
    const std::string& cmnd = Cell(c, WorkerField::kCmnd);
    if (!cmnd.empty()) EXPECT_TRUE(by_cmnd.emplace(cmnd, &c).second) << "duplicate CMND " << cmnd;
  }
  auto workers = WorkersByCccd(run);
  int links = 0, differing = 0;
  for (const ReconcileTruth& t : run.truth) {
    if (t.kind != "link") continue;
    ++links;
    ASSERT_TRUE(reg.count(t.cccd)) << t.cccd;
    const RegisterPerson& p = *reg[t.cccd];
    auto& index = t.field == "cccd" ? workers : by_cmnd;
    ASSERT_TRUE(index.count(t.worker_value)) << t.worker_value;
    const WorkerCells& w = *index[t.worker_value];
    EXPECT_FALSE(workers.count(t.cccd)) << "the true CCCD " << t.cccd << " has a record";
    if (t.field == "cccd") EXPECT_EQ(t.worker_value.substr(0, 6), t.cccd.substr(0, 6));
    EXPECT_EQ(Cell(w, WorkerField::kSex), p.sex);
    EXPECT_EQ(Cell(w, WorkerField::kBirthDate).substr(0, 4), p.birth_date.substr(0, 4));
    differing += NameKey(Cell(w, WorkerField::kFullName)) != NameKey(p.full_name) ||
                 Cell(w, WorkerField::kBirthDate) != p.birth_date;
  }
  ASSERT_GT(links, 60);
  double share = double(differing) / links;  // ~30% of them are also misspelt
  EXPECT_GT(share, 0.12);
  EXPECT_LT(share, 0.5);
}

TEST(GenReconcile, SameOptionsSameOutputAndOnePlantAPerson) {
  GenOptions options;
  options.people = 2000;
  options.error_rate = 0.1;
  options.register_error_rate = 0.2;
  GenRun a = Generate(options), b = Generate(options);
  EXPECT_EQ(a.workers, b.workers);
  EXPECT_EQ(a.register_people, b.register_people);
  EXPECT_EQ(a.planted, b.planted);
  EXPECT_EQ(a.truth, b.truth);
  ASSERT_GT(a.truth.size(), 200u);
  // Nobody with a planted validation error has a register plant.
  std::unordered_set<std::string> register_planted;
  for (const ReconcileTruth& t : a.truth) register_planted.insert(t.cccd);
  for (const PlantedError& e : a.planted) EXPECT_FALSE(register_planted.count(e.true_cccd));
}

TEST(GenReconcile, RateZeroPlantsNothing) {
  GenOptions options;
  options.people = 2000;
  options.error_rate = 0.05;
  GenRun with_default = Generate(options);
  options.register_error_rate = 0.0;
  GenRun zero = Generate(options);
  EXPECT_TRUE(zero.truth.empty());
  EXPECT_EQ(zero.workers, with_default.workers);
  EXPECT_EQ(zero.register_people, with_default.register_people);
  EXPECT_EQ(zero.planted, with_default.planted);
}

TEST(GenReconcile, PeopleWithoutPlantsAreTheSameAtAnyRate) {
  GenOptions options;
  options.people = 3000;
  options.error_rate = 0.05;
  GenRun clean = Generate(options);
  options.register_error_rate = 0.2;
  GenRun planted = Generate(options);
  std::unordered_set<std::string> affected;
  for (const ReconcileTruth& t : planted.truth) {
    affected.insert(t.cccd);
    if (t.kind == "link") affected.insert(t.worker_value);
  }
  ASSERT_GT(affected.size(), 500u);
  auto workers = WorkersByCccd(planted);
  int compared = 0;
  for (const WorkerCells& c : clean.workers) {
    if (affected.count(c[0])) continue;
    ASSERT_TRUE(workers.count(c[0])) << c[0];
    EXPECT_EQ(*workers[c[0]], c) << c[0];
    ++compared;
  }
  EXPECT_GT(compared, 2300);
  auto reg = RegisterByCccd(planted);
  for (const RegisterPerson& p : clean.register_people) {
    if (affected.count(p.cccd)) continue;
    ASSERT_TRUE(reg.count(p.cccd)) << p.cccd;
    EXPECT_EQ(*reg[p.cccd], p) << p.cccd;
  }
  // Planted validation errors fall on the same people.
  std::set<std::pair<std::string, std::string>> errors_clean, errors_planted;
  for (const PlantedError& e : clean.planted) errors_clean.emplace(e.true_cccd, e.kind);
  for (const PlantedError& e : planted.planted) errors_planted.emplace(e.true_cccd, e.kind);
  for (const auto& e : errors_clean) EXPECT_TRUE(errors_planted.count(e)) << e.first;
}

// ---- An independent reconciliation, by the rules `lmis reconcile population` applies ----------

// One reconciliation row: cccd, kind, field, worker value, register value.
using ReconcileRow = std::array<std::string, 5>;

bool Incompatible(const PartialDate& a, const PartialDate& b) {
  return a.year != b.year || (a.month && b.month && a.month != b.month) ||
         (a.day && b.day && a.day != b.day);
}

bool ClosedOn(const RegisterPerson& p, const Date& on) {
  if (p.status == "alive") return false;
  auto date = Date::Parse(p.status_date);
  return date && *date <= on;
}

std::string StoredName(std::string_view name) { return ToNfc(CollapseSpaces(name)); }

void CompareMatched(const WorkerCells& w, const RegisterPerson& p, const Date& on,
                    std::vector<ReconcileRow>* rows) {
  const std::string& cccd = p.cccd;
  if (ClosedOn(p, on)) {
    rows->push_back({cccd, "closed_in_register", "status", "", p.status});
    return;
  }
  auto mismatch = [&](std::string field, std::string worker, std::string registered) {
    if (worker != registered) rows->push_back({cccd, "field_mismatch", field, worker, registered});
  };
  const std::string& name = Cell(w, WorkerField::kFullName);
  if (NameKey(name) != NameKey(p.full_name))
    mismatch("full_name", StoredName(name), StoredName(p.full_name));
  auto wb = PartialDate::Parse(Cell(w, WorkerField::kBirthDate));
  auto pb = PartialDate::Parse(p.birth_date);
  ASSERT_TRUE(wb && pb) << cccd;
  if (Incompatible(*wb, *pb)) mismatch("birth_date", wb->ToString(), pb->ToString());
  mismatch("sex", Cell(w, WorkerField::kSex), p.sex);
  const std::string& current = Cell(w, WorkerField::kCurrentUnit);
  const std::string& permanent = Cell(w, WorkerField::kPermanentUnit);
  mismatch("current_unit", current.empty() ? permanent : current,
           p.current_unit.empty() ? p.permanent_unit : p.current_unit);
  mismatch("permanent_unit", permanent, p.permanent_unit);
}

std::vector<ReconcileRow> ReferenceReconcile(const GenRun& run, const Date& on) {
  auto reg = RegisterByCccd(run);
  std::unordered_set<std::string> matched;
  std::vector<ReconcileRow> rows;
  for (const WorkerCells& w : run.workers) {
    const std::string& cccd = Cell(w, WorkerField::kCccd);
    auto it = reg.find(cccd);
    if (cccd.empty())
      rows.push_back({"", "not_in_register", "cmnd", Cell(w, WorkerField::kCmnd), ""});
    else if (it == reg.end())
      rows.push_back({cccd, "not_in_register", "", "", ""});
    else if (matched.insert(cccd).second)
      CompareMatched(w, *it->second, on, &rows);
  }
  for (const RegisterPerson& p : run.register_people) {
    auto birth = PartialDate::Parse(p.birth_date);
    bool of_age = birth && CompletedYears(birth->Latest(), on) >= 15;
    if (!matched.count(p.cccd) && !ClosedOn(p, on) && of_age)
      rows.push_back({p.cccd, "no_worker_record", "", "", ""});
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

std::vector<ReconcileRow> ExpectedRows(const GenRun& run) {
  const std::set<std::string> reported = {"field_mismatch", "not_in_register", "no_worker_record",
                                          "closed_in_register"};
  std::vector<ReconcileRow> rows;
  for (const ReconcileTruth& t : run.truth)
    if (reported.count(t.kind))
      rows.push_back({t.cccd, t.kind, t.field, t.worker_value, t.register_value});
  std::sort(rows.begin(), rows.end());
  return rows;
}

std::string Show(const ReconcileRow& r) {
  return r[0] + "," + r[1] + "," + r[2] + "," + r[3] + "," + r[4];
}

// The truth file's reported rows are exactly what the reference reconciliation finds.
void ExpectTruthIsTheReconciliation(const GenRun& run, const Date& on) {
  std::vector<ReconcileRow> found = ReferenceReconcile(run, on), expected = ExpectedRows(run);
  std::vector<ReconcileRow> missing, extra;
  std::set_difference(expected.begin(), expected.end(), found.begin(), found.end(),
                      std::back_inserter(missing));
  std::set_difference(found.begin(), found.end(), expected.begin(), expected.end(),
                      std::back_inserter(extra));
  for (size_t i = 0; i < missing.size() && i < 10; ++i)
    ADD_FAILURE() << "in the truth, not found: " << Show(missing[i]);
  for (size_t i = 0; i < extra.size() && i < 10; ++i)
    ADD_FAILURE() << "found, not in the truth: " << Show(extra[i]);
  EXPECT_EQ(found, expected);
  EXPECT_GT(expected.size(), 50u);
}

TEST(GenReconcile, AReferenceReconciliationFindsExactlyThePlantedRows) {
  ExpectTruthIsTheReconciliation(RegisterRun(), GenOptions().reference_date);
}

TEST(GenReconcile, ReferenceReconciliationOnOneCommuneAndThePreReformTree) {
  GenOptions options;
  options.people = 1500;
  options.register_error_rate = 0.3;
  options.units = {Data().ref.units.CommunesUnder(UnitEdition::k2025, "01").front()};
  GenRun one = Generate(options);
  ExpectTruthIsTheReconciliation(one, options.reference_date);
  // With one commune there is no other current unit to move a worker to.
  std::map<std::string, int> counts = PlantCounts(one);
  EXPECT_EQ(counts.count("current_unit_mismatch"), 0u);
  EXPECT_EQ(counts.size(), kPlants.size() - 1);

  options.reference_date = Date{2024, 10, 1};
  options.units = {"02"};
  options.seed = 7;
  GenRun old_tree = Generate(options);
  ExpectTruthIsTheReconciliation(old_tree, options.reference_date);
  WorkerRecord record;
  for (const WorkerCells& c : old_tree.workers)
    ASSERT_TRUE(Check(c, &record, options.reference_date).empty()) << c[0];
}

}  // namespace
}  // namespace lmis

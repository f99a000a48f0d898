#include "gen/population.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <memory>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

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
};

GenRun Generate(const GenOptions& options) {
  GenRun run;
  GenOutput out;
  out.worker = [&](const WorkerCells& c) { run.workers.push_back(c); };
  out.register_person = [&](const RegisterPerson& p) { run.register_people.push_back(p); };
  out.planted = [&](const PlantedError& e) { run.planted.push_back(e); };
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

}  // namespace
}  // namespace lmis

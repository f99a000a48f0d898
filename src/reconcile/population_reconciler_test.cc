// Runs the data-driven cases of test/reconcile/population.test through PopulationReconciler,
// and checks matching and the unmatched lists on a small crowd.
#include "reconcile/population_reconciler.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/worker.h"
#include "exchange/refdata_files.h"
#include "testing/case_file.h"
#include "testing/ref_data.h"

namespace lmis {
namespace {

std::string Trim(std::string s) {
  size_t a = s.find_first_not_of(' '), b = s.find_last_not_of(' ');
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// "KIND FIELD | WORKER | REGISTER" in one spelling.
std::string Normalise(const std::string& expect) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t bar; (bar = expect.find('|', start)) != std::string::npos; start = bar + 1)
    parts.push_back(Trim(expect.substr(start, bar - start)));
  parts.push_back(Trim(expect.substr(start)));
  parts.resize(3);
  std::string head = parts[0];
  size_t space = head.find(' ');
  std::string kind = head.substr(0, space);
  std::string field = space == std::string::npos ? "" : Trim(head.substr(space));
  return kind + " " + field + " | " + parts[1] + " | " + parts[2];
}

std::string Text(const Discrepancy& d) {
  return std::string(Slug(d.kind)) + " " + d.field + " | " + d.worker_value + " | " +
         d.register_value;
}

// Views of a case row that live as long as the row.
struct Rows {
  std::string residence;
  WorkerIdentity worker;
  RegisterIdentity person;
};

std::string ResidenceOf(const CaseRow& row, UnitEdition edition) {
  const std::string& current = row.at("current_unit");
  return UnitKey(edition, current.empty() ? row.at("permanent_unit") : current);
}

TEST(PopulationCases, AllPass) {
  std::vector<TestCase> cases = LoadTestCases(LMIS_TEST_DATA_DIR "/reconcile/population.test");
  ASSERT_GE(cases.size(), 35u);
  for (const TestCase& c : cases) {
    Date as_of = Date::Parse(c.settings.at("as_of")).value();
    PopulationReconciler reconciler(TestRefData(), as_of);
    std::string worker_residence, register_residence;
    if (c.rows.count("worker")) {
      const CaseRow& w = c.rows.at("worker");
      UnitEdition edition = w.at("tree") == "pre2025" ? UnitEdition::kPre2025 : UnitEdition::k2025;
      worker_residence = ResidenceOf(w, edition);
      WorkerIdentity id;
      std::string cmnd = w.count("cmnd") ? w.at("cmnd") : "";
      id.person_id = w.at("cccd").empty() ? *CmndPersonId(cmnd) : *CccdPersonId(w.at("cccd"));
      id.residence_unit = worker_residence;
      id.closed = w.at("closed");
      id.cccd = w.at("cccd");
      id.cmnd = cmnd;
      id.full_name = w.at("full_name");
      id.birth_date = w.at("birth_date");
      id.sex = w.at("sex");
      id.current_unit = w.at("current_unit");
      id.permanent_unit = w.at("permanent_unit");
      reconciler.AddWorker(id);
    }
    if (c.rows.count("register")) {
      const CaseRow& p = c.rows.at("register");
      register_residence = ResidenceOf(p, EditionAt(Date::Parse(p.at("extract_date")).value()));
      RegisterIdentity id;
      id.person_id = *CccdPersonId(p.at("cccd"));
      id.residence_unit = register_residence;
      id.cccd = p.at("cccd");
      id.full_name = p.at("full_name");
      id.birth_date = p.at("birth_date");
      id.sex = p.at("sex");
      id.permanent_unit = p.at("permanent_unit");
      id.current_unit = p.at("current_unit");
      id.status = p.at("status");
      id.status_date = p.at("status_date");
      id.extract_date = p.at("extract_date");
      reconciler.AddRegister(id);
    }
    PopulationResult result = reconciler.Compare();
    std::vector<std::string> got, expected;
    for (const Discrepancy& d : result.discrepancies) {
      got.push_back(Normalise(Text(d)));
      // Reported under the worker's commune when there is a worker record.
      EXPECT_EQ(d.unit, worker_residence.empty() ? register_residence : worker_residence)
          << c.Where();
    }
    for (const std::string& e : c.All("expect"))
      if (e != "none") expected.push_back(Normalise(e));
    ASSERT_FALSE(c.All("expect").empty()) << c.Where() << ": no expectation";
    std::sort(got.begin(), got.end());
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(got, expected) << c.Where();
  }
}

RegisterIdentity Person(int64_t id, const std::string& cccd, const std::string& residence) {
  RegisterIdentity p;
  p.person_id = id;
  p.cccd = cccd;
  p.residence_unit = residence;
  p.full_name = "Trần Thị Bình";
  p.birth_date = "1990-01-01";
  p.sex = "female";
  p.permanent_unit = "00004";
  p.status = "alive";
  p.extract_date = "2025-10-01";
  return p;
}

TEST(PopulationReconciler, MatchesManyAndListsTheUnmatched) {
  PopulationReconciler r(TestRefData(), {2025, 10, 1});
  // Register: ids 1..1000 (even ones also have a worker record); workers: even ids and 5000+.
  std::vector<std::string> texts;
  texts.reserve(3000);
  for (int64_t i = 1; i <= 1000; ++i) {
    texts.push_back("001190" + std::to_string(100000 + i));
    r.AddRegister(Person(*CccdPersonId(texts.back()), texts.back(), "2025:00004"));
  }
  std::vector<int64_t> workers;
  for (int64_t i = 2; i <= 1000; i += 2) workers.push_back(*CccdPersonId(texts[i - 1]));
  for (int64_t i = 0; i < 7; ++i) workers.push_back(1190000000 + 5000 + i);
  std::reverse(workers.begin(), workers.end());  // order of arrival does not matter
  for (int64_t id : workers) {
    WorkerIdentity w;
    std::string cccd = PersonIdText(id);
    texts.push_back(cccd);
    w.person_id = id;
    w.cccd = texts.back();
    w.residence_unit = "2025:00004";
    w.full_name = "Trần Thị Bình";
    w.birth_date = "1990-01-01";
    w.sex = "female";
    w.permanent_unit = "00004";
    r.AddWorker(w);
  }
  std::vector<int64_t> worker_only, register_only;
  r.Match(&worker_only, &register_only);
  EXPECT_EQ(worker_only.size(), 7u);
  EXPECT_EQ(register_only.size(), 500u);
  EXPECT_TRUE(std::is_sorted(register_only.begin(), register_only.end()));
  PopulationResult result = r.Compare();
  EXPECT_EQ(result.matched, 500);
  EXPECT_EQ(result.unmatched_workers.size(), 7u);
  EXPECT_EQ(result.unmatched_register.size(), 500u);
  int not_in = 0, no_record = 0;
  for (const Discrepancy& d : result.discrepancies) {
    not_in += d.kind == DiscrepancyKind::kNotInRegister;
    no_record += d.kind == DiscrepancyKind::kNoWorkerRecord;
  }
  EXPECT_EQ(not_in, 7);
  EXPECT_EQ(no_record, 500);
  EXPECT_TRUE(
      std::is_sorted(result.discrepancies.begin(), result.discrepancies.end(), ReportOrder));
}

}  // namespace
}  // namespace lmis

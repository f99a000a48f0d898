#include "reconcile/linkage.h"

#include <gtest/gtest.h>

#include <set>

#include "core/worker.h"
#include "exchange/refdata_files.h"
#include "gen/random.h"
#include "testing/ref_data.h"

namespace lmis {
namespace {

LinkRecord Record(int64_t id, std::string cccd, std::string name, std::string birth,
                  std::string sex, std::string unit) {
  return MakeLinkRecord(TestRefData().units, id, cccd, name, birth, sex, unit);
}

TEST(Linkage, JaroWinklerOfKnownPairs) {
  EXPECT_NEAR(JaroWinkler("martha", "marhta"), 0.961, 0.001);
  EXPECT_NEAR(JaroWinkler("dwayne", "duane"), 0.840, 0.001);
  EXPECT_NEAR(JaroWinkler("dixon", "dicksonx"), 0.813, 0.001);
  EXPECT_EQ(JaroWinkler("abc", "abc"), 1.0);
  EXPECT_EQ(JaroWinkler("abc", "xyz"), 0.0);
}

TEST(Linkage, ComparesEachFieldIntoOutcomes) {
  LinkRecord a = Record(1, "001085012345", "Nguyễn Văn An", "1985-03-12", "male", "2025:00004");
  auto pattern = [&](LinkRecord b) { return ComparePair(a, b); };
  EXPECT_EQ(pattern(Record(2, "001085012346", "NGUYỄN VĂN AN", "1985-03-12", "male", "2025:00004")),
            (LinkPattern{0, 0, 0, 0, 0}));
  EXPECT_EQ(pattern(Record(2, "001085012354", "Nguyen Van An", "1985", "male", "pre2025:00013")),
            (LinkPattern{1, 1, 0, 0, 1}))
      << "no diacritics; a year that fits; an old commune of 00004; two digits swapped";
  EXPECT_EQ(
      pattern(Record(2, "001085999999", "Nguyễn Văn Anh", "1985-03-21", "female", "2025:00008")),
      (LinkPattern{2, 2, 1, 1, 2}))
      << "the same first six digits restate birth year and sex: no evidence of their own";
  EXPECT_EQ(pattern(Record(2, "", "Lê Thị Hoa", "1990-07-01", "female", "2025:26734")),
            (LinkPattern{3, 4, 1, 2, 3}));
}

// A crowd with common names: workers whose CCCD is mistyped or missing must find their
// register person, and records with no true match must find nobody.
TEST(Linkage, FindsTheRightPeopleInACrowdOfCommonNames) {
  const std::vector<std::string> surnames = {"Nguyễn", "Trần", "Lê", "Phạm"};
  const std::vector<std::string> middles = {"Văn", "Thị", "Minh", "Thanh"};
  const std::vector<std::string> givens = {"An", "Bình", "Hùng", "Lan", "Hoa", "Dũng"};
  const std::vector<std::string> units = {"2025:00004", "2025:00008", "2025:00025"};
  gen::Rng rng(7);
  std::vector<LinkRecord> candidates;
  std::vector<std::string> cccds;
  for (int i = 0; i < 600; ++i) {
    std::string name =
        surnames[rng.Below(4)] + " " + middles[rng.Below(4)] + " " + givens[rng.Below(6)];
    int year = 1960 + static_cast<int>(rng.Below(45));
    char birth[11];
    std::snprintf(birth, sizeof birth, "%04d-%02d-%02d", year, 1 + static_cast<int>(rng.Below(12)),
                  1 + static_cast<int>(rng.Below(28)));
    std::string sex = rng.Chance(0.5) ? "male" : "female";
    char cccd[13];
    // Digits 7–12 scattered, as real numbers are: neighbours one digit apart are rare.
    std::snprintf(cccd, sizeof cccd, "001%d%02d%06d", sex == "male" ? 0 : 1, year % 100,
                  (i * 7919 + 104729) % 1000000);
    cccds.push_back(cccd);
    candidates.push_back(Record(*CccdPersonId(cccd), cccd, name, birth, sex, units[rng.Below(3)]));
  }
  std::vector<LinkRecord> workers;
  std::vector<int> truth;  // candidate index, or -1
  for (int i = 0; i < 120; ++i) {
    const LinkRecord& c = candidates[i * 5];
    std::string cccd = cccds[i * 5];
    if (i % 3 == 0) {
      cccd.clear();  // known by CMND only
    } else {
      size_t pos = 6 + rng.Below(6);
      cccd[pos] = static_cast<char>('0' + (cccd[pos] - '0' + 1 + rng.Below(9)) % 10);
    }
    LinkRecord w = c;
    w.person_id = 9000000 + i;
    w.cccd = cccd;
    if (i % 7 == 0) w.birth.day = w.birth.day % 28 + 1;  // a slip in the day
    workers.push_back(w);
    truth.push_back(i * 5);
  }
  for (int i = 0; i < 20; ++i) {  // nobody's
    workers.push_back(Record(9100000 + i, "", "Võ Quốc Toàn", "1999-09-09", "male", units[0]));
    truth.push_back(-1);
  }
  Linker linker;
  std::vector<LinkProposal> proposals = linker.Link(workers, candidates);
  int right = 0, wrong = 0;
  std::set<size_t> used_workers, used_candidates;
  for (const LinkProposal& p : proposals) {
    EXPECT_TRUE(used_workers.insert(p.worker).second);
    EXPECT_TRUE(used_candidates.insert(p.candidate).second);
    EXPECT_GE(p.probability, 0.99);
    EXPECT_EQ(p.reasons.size(), kLinkFields);
    (truth[p.worker] == static_cast<int>(p.candidate) ? right : wrong) += 1;
  }
  EXPECT_EQ(wrong, 0);
  EXPECT_GE(right, 108) << "recall of at least 0.9 of the 120 true pairs";
  EXPECT_GT(linker.model().pairs, 0u);
  // The learned weights point the right way.
  const auto& m = linker.model().m;
  const auto& u = linker.model().u;
  EXPECT_GT(m[0][0], u[0][0]);  // exact names among matches
  EXPECT_GT(m[4][0], u[4][0]);  // one-digit CCCD slips among matches
}

TEST(Linkage, NothingToLinkProposesNothing) {
  Linker linker;
  EXPECT_TRUE(linker.Link({}, {}).empty());
  std::vector<LinkRecord> one = {Record(1, "", "Lê Văn Tám", "1970", "male", "2025:00004")};
  EXPECT_TRUE(linker.Link(one, {}).empty());
}

}  // namespace
}  // namespace lmis

// Campaigns as officers type them: every broken rule reported with a bilingual message, the
// communes a campaign covers in its tree, and quota files read row by row.
#include "collect/campaign.h"

#include <gtest/gtest.h>

#include <set>

#include "exchange/refdata_files.h"
#include "testing/ref_data.h"

namespace lmis {
namespace {

CampaignDraft Draft() {
  CampaignDraft d;
  d.name = "Thu thập thông tin người lao động 2025";
  d.unit = "01";
  d.reference_date = "2025-10-01";
  d.window_start = "2025-10-01";
  d.window_end = "2025-11-15";
  d.waves = {{"1", "Đợt 1", "2025-10-15"}, {"2", "", "2025-10-31"}, {"3", "Đợt 3", "2025-11-15"}};
  return d;
}

std::set<std::string> Fields(const Violations& v) {
  std::set<std::string> out;
  for (const Violation& each : v) {
    EXPECT_FALSE(each.message_vi.empty()) << each.field;
    EXPECT_FALSE(each.message_en.empty()) << each.field;
    out.insert(each.field);
  }
  return out;
}

TEST(CollectCampaignTest, AGoodDraftBecomesACampaignOfTheTreeAtItsReferenceDate) {
  Violations v;
  auto c = ReadCampaign(Draft(), TestRefData().units, &v);
  ASSERT_TRUE(c) << (v.empty() ? "" : v[0].message_en);
  EXPECT_EQ(c->unit, "2025:01");
  EXPECT_EQ(c->edition(), UnitEdition::k2025);
  ASSERT_EQ(c->waves.size(), 3u);
  EXPECT_EQ(c->waves[1].name, "Đợt 2") << "a wave without a name is named by its number";
  EXPECT_EQ(c->waves[2].deadline, (Date{2025, 11, 15}));
  EXPECT_EQ(c->FindWave(2)->number, 2);
  EXPECT_FALSE(c->FindWave(4));

  CampaignDraft national = Draft();
  national.unit = "national";
  auto n = ReadCampaign(national, TestRefData().units, &v);
  ASSERT_TRUE(n);
  EXPECT_TRUE(n->national());
  EXPECT_FALSE(CampaignCommunes(*n, TestRefData().units));
  EXPECT_TRUE(CampaignCovers(*n, TestRefData().units, "2025:00004"));
  EXPECT_FALSE(CampaignCovers(*n, TestRefData().units, "pre2025:00004")) << "another tree";
}

TEST(CollectCampaignTest, EveryBrokenRuleIsReportedAtOnce) {
  CampaignDraft d = Draft();
  d.name = "";
  d.window_end = "2025-09-30";         // before the start
  d.waves[1].number = "3";             // not 2
  d.waves[2].deadline = "2025-09-01";  // before the start and before wave 2
  Violations v;
  EXPECT_FALSE(ReadCampaign(d, TestRefData().units, &v));
  EXPECT_EQ(Fields(v),
            (std::set<std::string>{"name", "window_end", "waves[1].number", "waves[2].deadline"}));
  int deadline_problems = 0;
  for (const Violation& each : v) deadline_problems += each.field == "waves[2].deadline";
  EXPECT_EQ(deadline_problems, 2);

  CampaignDraft unknown = Draft();
  unknown.unit = "99999";
  unknown.reference_date = "2025-02-30";
  unknown.waves.clear();
  v.clear();
  EXPECT_FALSE(ReadCampaign(unknown, TestRefData().units, &v));
  EXPECT_EQ(Fields(v), (std::set<std::string>{"reference_date", "waves"}))
      << "the unit cannot be checked without a reference date";

  CampaignDraft old_tree = Draft();
  old_tree.unit = "001";  // a pre-2025 district: no such unit in the tree of October 2025
  v.clear();
  EXPECT_FALSE(ReadCampaign(old_tree, TestRefData().units, &v));
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].field, "unit");
  EXPECT_EQ(v[0].code, ViolationCode::kUnitUnknown);
  old_tree.reference_date = "2025-06-01";
  old_tree.window_start = "2025-06-01";
  old_tree.waves = {{"1", "", "2025-06-30"}};
  v.clear();
  auto before_reform = ReadCampaign(old_tree, TestRefData().units, &v);
  ASSERT_TRUE(before_reform);
  EXPECT_EQ(before_reform->unit, "pre2025:001");
}

TEST(CollectCampaignTest, ACampaignCoversTheCommunesOfItsUnitOnly) {
  Violations v;
  auto c = ReadCampaign(Draft(), TestRefData().units, &v);
  ASSERT_TRUE(c);
  std::vector<std::string> communes = *CampaignCommunes(*c, TestRefData().units);
  EXPECT_GT(communes.size(), 100u);
  EXPECT_TRUE(std::is_sorted(communes.begin(), communes.end()));
  EXPECT_TRUE(std::binary_search(communes.begin(), communes.end(), "2025:00004"));
  const std::string outside = TestRefData().units.CommunesUnder(UnitEdition::k2025, "79").front();
  EXPECT_EQ(CampaignCommune(*c, TestRefData().units, "00004", "unit", &v), "2025:00004");
  EXPECT_FALSE(CampaignCommune(*c, TestRefData().units, outside, "unit", &v));
  EXPECT_FALSE(CampaignCommune(*c, TestRefData().units, "01", "unit", &v))
      << "a province, not a commune";
  EXPECT_EQ(Fields(v), std::set<std::string>{"unit"});
  EXPECT_EQ(v.size(), 2u);
}

TEST(CollectCampaignTest, AQuotaFileIsReadRowByRowWithEveryRejectNamingItsLineAndField) {
  Violations v;
  auto c = ReadCampaign(Draft(), TestRefData().units, &v);
  ASSERT_TRUE(c);
  const std::string outside = TestRefData().units.CommunesUnder(UnitEdition::k2025, "79").front();
  QuotaFile f = ReadQuotaCsv(
      "unit,wave,quota\n"
      "00004,1,120\n"
      "00008,2,80\n"
      "00004,4,10\n"              // line 4: no wave 4
          + outside + ",1,5\n" +  // line 5: outside the campaign
          "00025,1,-3\n"          // line 6: negative
          "00004,1,7\n"           // line 7: repeats line 2
          "00025,2,x\n"           // line 8: not a number
          "00025,3,0\n",
      *c, TestRefData().units);
  ASSERT_EQ(f.quotas.size(), 3u);
  EXPECT_EQ(f.quotas[0], (Quota{"2025:00004", 1, 120}));
  EXPECT_EQ(f.quotas[1], (Quota{"2025:00008", 2, 80}));
  EXPECT_EQ(f.quotas[2], (Quota{"2025:00025", 3, 0}));
  std::vector<std::pair<int64_t, std::string>> rejects;
  for (const QuotaReject& r : f.rejects) {
    rejects.push_back({r.line, r.violation.field});
    EXPECT_FALSE(r.violation.message_vi.empty());
    EXPECT_FALSE(r.violation.message_en.empty());
  }
  EXPECT_EQ(rejects, (std::vector<std::pair<int64_t, std::string>>{
                         {4, "wave"}, {5, "unit"}, {6, "quota"}, {7, "unit"}, {8, "quota"}}));
  EXPECT_NE(f.rejects[3].violation.message_en.find("line 2"), std::string::npos);

  QuotaFile header = ReadQuotaCsv("unit,wave,target\n00004,1,5\n", *c, TestRefData().units);
  EXPECT_TRUE(header.quotas.empty());
  ASSERT_EQ(header.rejects.size(), 2u) << "an unknown column and a missing one";
  EXPECT_EQ(header.rejects[0].line, 1);
  EXPECT_EQ(header.rejects[0].violation.code, ViolationCode::kColumnUnknown);
  EXPECT_EQ(header.rejects[1].violation.field, "quota");

  QuotaFile reordered = ReadQuotaCsv("quota,unit,wave\n9,00004,2\n", *c, TestRefData().units);
  EXPECT_TRUE(reordered.rejects.empty());
  ASSERT_EQ(reordered.quotas.size(), 1u);
  EXPECT_EQ(reordered.quotas[0], (Quota{"2025:00004", 2, 9}));
  EXPECT_EQ(ReadQuotaCsv("", *c, TestRefData().units).rejects.size(), 1u);
}

}  // namespace
}  // namespace lmis

// The life cycle of collection forms against test/collect/transitions.test: every case there
// is a role, a move and the verdict expected, written down from the campaign workflow rather
// than from the table in form_rules.cc.
#include "collect/form_rules.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace lmis {
namespace {

struct TransitionCase {
  std::string role, from, to, path, verdict;
  int line = 0;
};

std::vector<TransitionCase> ReadCases() {
  const std::string path = std::string(LMIS_TEST_DATA_DIR) + "/collect/transitions.test";
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<TransitionCase> cases;
  std::string text;
  int line = 0;
  while (std::getline(in, text)) {
    ++line;
    if (text.empty() || text[0] == '#') continue;
    std::istringstream fields(text);
    TransitionCase c;
    c.line = line;
    std::string extra;
    if (!(fields >> c.role >> c.from >> c.to >> c.path >> c.verdict) || (fields >> extra))
      throw std::runtime_error("transitions.test:" + std::to_string(line) + ": not 5 fields");
    cases.push_back(c);
  }
  return cases;
}

TEST(CollectRulesTest, EveryCaseOfTheTransitionsFileGetsItsVerdict) {
  std::vector<TransitionCase> cases = ReadCases();
  ASSERT_GE(cases.size(), 60u);
  for (const TransitionCase& c : cases) {
    SCOPED_TRACE("transitions.test:" + std::to_string(c.line) + " " + c.role + " " + c.from +
                 " → " + c.to + " " + c.path);
    std::optional<Role> role;
    bool own = true;
    if (c.role == "collector/other") {
      role = Role::kCollector;
      own = false;
    } else if (c.role != "operator") {
      role = ParseRole(c.role);
      ASSERT_TRUE(role) << "unknown role";
    }
    auto from = ParseFormState(c.from);
    auto to = ParseFormState(c.to);
    ASSERT_TRUE(from && to) << "unknown state";
    ASSERT_TRUE(c.path == "direct" || c.path == "handover");
    EXPECT_EQ(VerdictSlug(CheckTransition(role, own, *from, *to, c.path == "handover")), c.verdict);
  }
}

// The file names every move of the life cycle with a role that makes it, so that a move
// added to the table without a case fails here.
TEST(CollectRulesTest, TheFileAllowsEveryMoveOfTheTableAndNoOther) {
  std::set<std::pair<std::string, std::string>> allowed;
  for (const TransitionCase& c : ReadCases())
    if (c.verdict == "allow") allowed.insert({c.from, c.to});
  std::set<std::pair<std::string, std::string>> table;
  for (const TransitionRule& r : TransitionRules())
    table.insert({std::string(StateSlug(r.from)), std::string(StateSlug(r.to))});
  EXPECT_EQ(allowed, table);
  EXPECT_EQ(table.size(), 8u);
}

TEST(CollectRulesTest, ReturnsNeedAReasonEnteringNeedsARecordAndActionsAreNamed) {
  const TransitionRule* ret = FindTransition(FormState::kCollected, FormState::kReturned);
  ASSERT_TRUE(ret);
  EXPECT_TRUE(ret->reason_required);
  EXPECT_EQ(ret->audit_action, "form_return");
  const TransitionRule* police_return =
      FindTransition(FormState::kHandedOver, FormState::kReturned);
  ASSERT_TRUE(police_return);
  EXPECT_TRUE(police_return->reason_required);
  const TransitionRule* enter = FindTransition(FormState::kHandedOver, FormState::kEntered);
  ASSERT_TRUE(enter);
  EXPECT_TRUE(enter->needs_worker_record);
  EXPECT_FALSE(FindTransition(FormState::kCollected, FormState::kAccepted)->reason_required);
  EXPECT_EQ(FindTransition(FormState::kAccepted, FormState::kHandedOver)->audit_action, "handover");
  EXPECT_EQ(FindTransition(FormState::kEntered, FormState::kArchived)->audit_action,
            "form_archive");
  EXPECT_FALSE(FindTransition(FormState::kArchived, FormState::kEntered));
}

TEST(CollectRulesTest, StateSlugsRoundTripAndCarryLabels) {
  for (FormState s : kAllFormStates) {
    EXPECT_EQ(ParseFormState(StateSlug(s)), s);
    EXPECT_FALSE(StateLabelVi(s).empty());
    EXPECT_FALSE(StateLabelEn(s).empty());
  }
  EXPECT_FALSE(ParseFormState("lost"));
  EXPECT_FALSE(ParseFormState(""));
}

TEST(CollectRulesTest, WhoReadsManagesAndOrganises) {
  for (Role r : {Role::kCollector, Role::kCommuneOfficer, Role::kCommunePolice,
                 Role::kDistrictOfficer, Role::kProvinceOfficer, Role::kMinistry})
    EXPECT_TRUE(MayReadCollection(r)) << RoleSlug(r);
  for (Role r : {Role::kAdmin, Role::kEmployer, Role::kWorker, Role::kServiceCentre})
    EXPECT_FALSE(MayReadCollection(r)) << RoleSlug(r);
  for (Role r : {Role::kMinistry, Role::kProvinceOfficer, Role::kDistrictOfficer})
    EXPECT_TRUE(MayManageCampaigns(r)) << RoleSlug(r);
  for (Role r : {Role::kCollector, Role::kCommuneOfficer, Role::kCommunePolice, Role::kAdmin})
    EXPECT_FALSE(MayManageCampaigns(r)) << RoleSlug(r);
  EXPECT_TRUE(MayOrganiseCollection(Role::kCommuneOfficer));
  EXPECT_FALSE(MayOrganiseCollection(Role::kCommunePolice));
  EXPECT_FALSE(MayOrganiseCollection(Role::kCollector));
}

}  // namespace
}  // namespace lmis
